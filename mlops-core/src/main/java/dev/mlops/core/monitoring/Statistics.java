package dev.mlops.core.monitoring;

import java.util.Arrays;

/**
 * The statistics drift is measured with, computed as SciPy computes them ({@code scipy.stats.ks_2samp},
 * {@code chisquare}, {@code wasserstein_distance}, {@code scipy.spatial.distance.jensenshannon}) and as Evidently
 * applies them, so that a report here says what Evidently's would. {@code DriftStatisticsTest} checks them against
 * SciPy on shipped data.
 */
final class Statistics {

    private Statistics() {
    }

    /** A statistic and its p-value. */
    record Result(double statistic, double pValue) {
    }

    /**
     * The two-sample Kolmogorov–Smirnov test, two-sided, as {@code ks_2samp(a, b)} with its default
     * {@code method='auto'}: the exact distribution when both samples have at most 10,000 values, else the
     * asymptotic one.
     */
    static Result kolmogorovSmirnov(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int n1 = x.length;
        int n2 = y.length;
        // The largest gap between the two empirical distribution functions, taken at every value of either sample.
        double d = 0;
        int i = 0;
        int j = 0;
        while (i < n1 || j < n2) {
            double value = i < n1 && (j >= n2 || x[i] <= y[j]) ? x[i] : y[j];
            while (i < n1 && x[i] <= value) {
                i++;
            }
            while (j < n2 && y[j] <= value) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n1 - (double) j / n2));
        }
        return new Result(d, KolmogorovSmirnovExact.pValue(n1, n2, d));
    }

    /**
     * Pearson's chi-squared test of observed counts against expected ones, as {@code chisquare(observed, expected)}:
     * {@code k - 1} degrees of freedom.
     */
    static Result chiSquare(double[] observed, double[] expected) {
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double difference = observed[i] - expected[i];
            statistic += expected[i] == 0 ? (difference == 0 ? 0 : Double.POSITIVE_INFINITY)
                    : difference * difference / expected[i];
        }
        int freedom = observed.length - 1;
        double p = freedom < 1 ? Double.NaN : Double.isInfinite(statistic) ? 0
                : Gamma.upperRegularized(freedom / 2.0, statistic / 2);
        return new Result(statistic, p);
    }

    /**
     * The two-proportion Z-test as Evidently runs it on a column of two values: the share of one value in each
     * sample, pooled; two-sided.
     *
     * @param referenceHits reference rows with the value
     * @param currentHits   current rows with it
     */
    static Result proportions(long referenceHits, long referenceRows, long currentHits, long currentRows) {
        double p1 = (double) referenceHits / referenceRows;
        double p2 = (double) currentHits / currentRows;
        double pooled = (p1 * referenceRows + p2 * currentRows) / (referenceRows + currentRows);
        double z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / referenceRows + 1.0 / currentRows));
        // 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2)
        double p = Double.isNaN(z) ? 1 : Gamma.erfc(Math.abs(z) / Math.sqrt(2));
        return new Result(Double.isNaN(z) ? 0 : z, p);
    }

    /**
     * The first Wasserstein distance between two samples, as {@code wasserstein_distance(u, v)}: the area between
     * their empirical distribution functions.
     */
    static double wasserstein(double[] u, double[] v) {
        double[] us = u.clone();
        double[] vs = v.clone();
        Arrays.sort(us);
        Arrays.sort(vs);
        double[] all = new double[us.length + vs.length];
        System.arraycopy(us, 0, all, 0, us.length);
        System.arraycopy(vs, 0, all, us.length, vs.length);
        Arrays.sort(all);
        double distance = 0;
        for (int k = 0; k < all.length - 1; k++) {
            double delta = all[k + 1] - all[k];
            if (delta == 0) {
                continue;
            }
            double uCdf = (double) rightRank(us, all[k]) / us.length;
            double vCdf = (double) rightRank(vs, all[k]) / vs.length;
            distance += Math.abs(uCdf - vCdf) * delta;
        }
        return distance;
    }

    /** @return how many sorted values are at most {@code value}: numpy's {@code searchsorted(side='right')} */
    private static int rightRank(double[] sorted, double value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (sorted[middle] <= value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * The Jensen–Shannon distance of two distributions, as {@code jensenshannon(p, q)}: each normalised to sum 1,
     * natural logarithm, the square root of the divergence.
     */
    static double jensenShannon(double[] p, double[] q) {
        double pSum = Arrays.stream(p).sum();
        double qSum = Arrays.stream(q).sum();
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / pSum;
            double qi = q[i] / qSum;
            double m = (pi + qi) / 2;
            divergence += relativeEntropy(pi, m) + relativeEntropy(qi, m);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    /** scipy.special.rel_entr */
    private static double relativeEntropy(double x, double y) {
        if (x > 0 && y > 0) {
            return x * Math.log(x / y);
        }
        return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
    }

    /** The population stability index of two distributions given as shares, none of them 0. */
    static double populationStability(double[] reference, double[] current) {
        double psi = 0;
        for (int i = 0; i < reference.length; i++) {
            psi += (reference[i] - current[i]) * Math.log(reference[i] / current[i]);
        }
        return psi;
    }

    /** numpy's {@code std}: the population standard deviation. */
    static double standardDeviation(double[] values) {
        double mean = Arrays.stream(values).sum() / values.length;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / values.length);
    }

    /**
     * numpy's {@code histogram(values, histogram_bin_edges(all, bins))}: {@code bins} equal bins over the range of
     * {@code all}, the last one closed.
     *
     * @return the count in each bin
     */
    static long[] histogram(double[] values, double min, double max, int bins) {
        double first = min;
        double last = max;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        double[] edges = new double[bins + 1];
        double step = (last - first) / bins;
        for (int k = 0; k < bins; k++) {
            edges[k] = k * step + first;
        }
        edges[bins] = last;
        long[] counts = new long[bins];
        double norm = bins / (last - first);
        for (double value : values) {
            if (value < first || value > last) {
                continue;
            }
            int index = (int) ((value - first) * norm);
            if (index == bins) {
                index--;
            }
            // numpy corrects the computed index against the edges themselves, where rounding put it astray.
            if (value < edges[index]) {
                index--;
            } else if (index != bins - 1 && value >= edges[index + 1]) {
                index++;
            }
            counts[index]++;
        }
        return counts;
    }
}
