package dev.mlops.core.settings;

import java.util.Locale;
import java.util.Optional;

/**
 * A test that compares a column's logged inputs with its reference, as Evidently names and applies them. A test
 * with a p-value finds drift below its threshold; a distance finds drift at or above it.
 */
public enum DriftTest {
    /** Two-sample Kolmogorov–Smirnov, for numeric columns; a p-value, drift below 0.05. */
    KS(true, 0.05),
    /** Pearson's chi-squared against the reference's proportions, for categories; a p-value, drift below 0.05. */
    CHI2(true, 0.05),
    /** Two-proportion Z-test, for columns of two values; a p-value, drift below 0.05. */
    Z(true, 0.05),
    /** Wasserstein distance over the reference's standard deviation, for numeric columns; drift from 0.1. */
    WASSERSTEIN(false, 0.1),
    /** Jensen–Shannon distance (natural logarithm) of the two distributions; drift from 0.1. */
    JENSEN_SHANNON(false, 0.1),
    /** Population stability index of the two distributions; drift from 0.1. */
    PSI(false, 0.1);

    private final boolean pValue;
    private final double defaultThreshold;

    DriftTest(boolean pValue, double defaultThreshold) {
        this.pValue = pValue;
        this.defaultThreshold = defaultThreshold;
    }

    /** @return the name settings and reports use: {@code ks}, {@code chi2}, {@code jensen_shannon} … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return whether the test gives a p-value (drift below the threshold) rather than a distance */
    public boolean pValue() {
        return pValue;
    }

    /** @return the threshold Evidently uses by default */
    public double defaultThreshold() {
        return defaultThreshold;
    }

    /**
     * @param statistic the p-value or the distance
     * @return whether it says the column drifted
     */
    public boolean drifted(double statistic, double threshold) {
        return pValue ? statistic < threshold : statistic >= threshold;
    }

    /** @return the test of that name */
    public static Optional<DriftTest> parse(String id) {
        for (DriftTest test : values()) {
            if (test.id().equals(id)) {
                return Optional.of(test);
            }
        }
        return Optional.empty();
    }
}
