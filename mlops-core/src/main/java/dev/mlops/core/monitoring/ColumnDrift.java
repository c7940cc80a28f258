package dev.mlops.core.monitoring;

import dev.mlops.core.settings.DriftTest;
import dev.mlops.core.settings.MonitoringSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One column's drift: which test, its figures, and whether it drifted. The test is chosen as Evidently chooses it
 * by default: with at most 1,000 reference values, Kolmogorov–Smirnov for numbers with more than 5 distinct values,
 * chi-squared for categories and few-valued numbers, the Z-test for two values; above, the normed Wasserstein
 * distance for numbers with more than 5 distinct values and Jensen–Shannon for the rest.
 *
 * @param name      the column
 * @param test      the test used
 * @param statistic the test's statistic: the KS distance, chi-squared, Z, or the distance for the distance tests
 * @param pValue    the p-value of {@code ks}, {@code chi2} and {@code z}; empty for the distances
 * @param threshold drift below it for a p-value, at or above it for a distance
 * @param drift     whether the column drifted
 * @param numeric   whether the column holds numbers
 * @param reference the reference values, for the report's histogram
 * @param current   the current values
 */
public record ColumnDrift(String name, DriftTest test, double statistic, Optional<Double> pValue, double threshold,
                   boolean drift, boolean numeric, List<Object> reference, List<Object> current) {

    /** Reference sizes up to this take the statistical tests; larger ones the distances. */
    static final int SMALL_REFERENCE = 1000;
    /** Bins of Evidently's histograms for Jensen–Shannon and PSI. */
    static final int BINS = 30;

    /**
     * @param chosen the settings' test and threshold for the column, if any
     */
    static ColumnDrift compare(String name, List<Object> reference, List<Object> current,
                               Optional<MonitoringSettings.ColumnTest> chosen) {
        boolean numeric = reference.stream().allMatch(Double.class::isInstance)
                && current.stream().allMatch(Double.class::isInstance);
        List<Object> ref = numeric ? reference : text(reference);
        List<Object> cur = numeric ? current : text(current);
        TreeSet<Object> distinct = new TreeSet<>(ColumnDrift::order);
        distinct.addAll(ref);
        distinct.addAll(cur);
        DriftTest test = chosen.flatMap(MonitoringSettings.ColumnTest::test)
                .orElseGet(() -> defaultTest(numeric, distinct.size(), ref.size()));
        double threshold = chosen.flatMap(c -> c.threshold().isPresent()
                ? Optional.of(c.threshold().getAsDouble()) : Optional.empty()).orElse(test.defaultThreshold());
        double statistic;
        Double p = null;
        switch (test) {
            case KS -> {
                requireNumbers(numeric, name, test);
                Statistics.Result result = Statistics.kolmogorovSmirnov(numbers(ref), numbers(cur));
                statistic = result.statistic();
                p = result.pValue();
            }
            case CHI2 -> {
                Map<Object, long[]> counts = counts(ref, cur);
                double scale = (double) cur.size() / ref.size();
                double[] observed = new double[counts.size()];
                double[] expected = new double[counts.size()];
                int i = 0;
                for (long[] count : counts.values()) {
                    expected[i] = count[0] * scale;
                    observed[i] = count[1];
                    i++;
                }
                Statistics.Result result = Statistics.chiSquare(observed, expected);
                statistic = result.statistic();
                p = Double.isNaN(result.pValue()) ? 1.0 : result.pValue();
            }
            case Z -> {
                Map<Object, long[]> counts = counts(ref, cur);
                if (counts.size() == 1) {
                    // One value, the same on both sides: nothing moved.
                    statistic = 0;
                    p = 1.0;
                } else {
                    long[] first = counts.values().iterator().next();
                    Statistics.Result result = Statistics.proportions(first[0], ref.size(), first[1], cur.size());
                    statistic = result.statistic();
                    p = result.pValue();
                }
            }
            case WASSERSTEIN -> {
                requireNumbers(numeric, name, test);
                double[] r = numbers(ref);
                double norm = Math.max(Statistics.standardDeviation(r), 0.001);
                statistic = Statistics.wasserstein(r, numbers(cur)) / norm;
            }
            case JENSEN_SHANNON -> {
                double[][] shares = binned(ref, cur, numeric, false);
                statistic = Statistics.jensenShannon(shares[0], shares[1]);
            }
            case PSI -> {
                double[][] shares = binned(ref, cur, numeric, true);
                statistic = Statistics.populationStability(shares[0], shares[1]);
            }
            default -> throw new IllegalStateException(test.toString());
        }
        boolean drift = test.drifted(test.pValue() ? p : statistic, threshold);
        return new ColumnDrift(name, test, statistic, Optional.ofNullable(p), threshold, drift, numeric, ref, cur);
    }

    static DriftTest defaultTest(boolean numeric, int distinct, int referenceRows) {
        if (referenceRows <= SMALL_REFERENCE) {
            if (numeric && distinct > 5) {
                return DriftTest.KS;
            }
            return distinct > 2 ? DriftTest.CHI2 : DriftTest.Z;
        }
        return numeric && distinct > 5 ? DriftTest.WASSERSTEIN : DriftTest.JENSEN_SHANNON;
    }

    private static void requireNumbers(boolean numeric, String name, DriftTest test) {
        if (!numeric) {
            throw new IllegalArgumentException("column " + name + " holds text, and " + test.id() + " compares"
                    + " numbers; choose chi2, z, jensen_shannon or psi for it");
        }
    }

    /**
     * Evidently's binned data: for numbers with more than 20 distinct reference values, the share of each sample in
     * 30 equal bins over both samples' range; otherwise the share of each value. For PSI a share of 0 becomes
     * 0.0001 (or a millionth of the smallest share, when that is smaller), as Evidently fills it.
     *
     * @return the reference's shares and the current ones
     */
    static double[][] binned(List<Object> ref, List<Object> cur, boolean numeric, boolean fillZeroes) {
        double[] r;
        double[] c;
        if (numeric && new TreeSet<>(ref.stream().map(Double.class::cast).toList()).size() > 20) {
            double[] rv = numbers(ref);
            double[] cv = numbers(cur);
            double min = Math.min(min(rv), min(cv));
            double max = Math.max(max(rv), max(cv));
            long[] rc = Statistics.histogram(rv, min, max, BINS);
            long[] cc = Statistics.histogram(cv, min, max, BINS);
            r = new double[BINS];
            c = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                r[i] = (double) rc[i] / rv.length;
                c[i] = (double) cc[i] / cv.length;
            }
        } else {
            Map<Object, long[]> counts = counts(ref, cur);
            r = new double[counts.size()];
            c = new double[counts.size()];
            int i = 0;
            for (long[] count : counts.values()) {
                r[i] = (double) count[0] / ref.size();
                c[i] = (double) count[1] / cur.size();
                i++;
            }
        }
        if (fillZeroes) {
            fill(r);
            fill(c);
        }
        return new double[][] {r, c};
    }

    private static void fill(double[] shares) {
        double smallest = Double.MAX_VALUE;
        for (double share : shares) {
            if (share != 0) {
                smallest = Math.min(smallest, share);
            }
        }
        double filler = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] == 0) {
                shares[i] = filler;
            }
        }
    }

    /** @return by value, in order, how often it occurs in the reference and in the current data */
    static Map<Object, long[]> counts(List<Object> ref, List<Object> cur) {
        Map<Object, long[]> counts = new TreeMap<>(ColumnDrift::order);
        for (Object value : ref) {
            counts.computeIfAbsent(value, key -> new long[2])[0]++;
        }
        for (Object value : cur) {
            counts.computeIfAbsent(value, key -> new long[2])[1]++;
        }
        return new LinkedHashMap<>(counts);
    }

    /** Numbers before texts; each in natural order. */
    static int order(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        if (a instanceof Double) {
            return -1;
        }
        if (b instanceof Double) {
            return 1;
        }
        return ((String) a).compareTo((String) b);
    }

    /** Numbers as text, as a column of categories compares them: 1.0 and 1 are the same category "1". */
    private static List<Object> text(List<Object> values) {
        List<Object> text = new ArrayList<>(values.size());
        for (Object value : values) {
            text.add(value instanceof Double d ? format(d) : value);
        }
        return text;
    }

    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static double[] numbers(List<Object> values) {
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = (Double) values.get(i);
        }
        return numbers;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
