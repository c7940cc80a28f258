package dev.mlops.core.monitoring;

/**
 * The p-value of the two-sided two-sample Kolmogorov–Smirnov statistic. For samples of {@code m} and {@code n}
 * values, every interleaving of the two sorted samples is a lattice path from (0, 0) to (m, n), all of them equally
 * likely when both come from one distribution; the statistic is the path's largest distance from the diagonal. The
 * p-value is the share of paths that reach the statistic's distance, found here by carrying the probability of each
 * point along the paths that have stayed strictly inside (Hodges' inside method, in probabilities rather than counts,
 * so nothing overflows). This is the exact distribution SciPy's {@code ks_2samp} uses for samples of up to 10,000
 * values; beyond that, and where the lattice would take more than {@value #MAX_CELLS} cells, Kolmogorov's limiting
 * distribution.
 */
final class KolmogorovSmirnovExact {

    /** The largest lattice walked exactly: about a second. */
    static final long MAX_CELLS = 200_000_000L;
    /** Samples above this size take the limiting distribution, as SciPy's do. */
    static final int MAX_EXACT = 10_000;

    private KolmogorovSmirnovExact() {
    }

    /**
     * @param d the statistic: the largest difference between the two empirical distribution functions
     * @return the chance of a statistic at least {@code d} when both samples come from one distribution
     */
    static double pValue(int m, int n, double d) {
        long g = gcd(m, n);
        long lcm = (long) m / g * n;
        // The statistic is a multiple of 1 / lcm(m, n); rounding takes away the floating point error it was made with.
        long h = Math.round(d * lcm);
        if (h == 0) {
            return 1;
        }
        int large = Math.max(m, n);
        int small = Math.min(m, n);
        if (large > MAX_EXACT || (long) large * (small + 1) > MAX_CELLS) {
            return limiting(m, n, (double) h / lcm);
        }
        return Math.min(1, outside(large, small, h * g));
    }

    /**
     * Walks the paths' probability from (0, 0) to (m, n), each point passing its probability on to the two points
     * after it. Whatever reaches a point outside the band leaves it for good: the p-value is the sum of what left,
     * a sum of positive terms, so a p-value of 1e-100 comes out as that rather than as 1 minus a number near 1.
     *
     * @param limit a point (x, y) is inside when {@code |n x - m y| < limit}
     * @return the share of paths from (0, 0) to (m, n) that leave the band
     */
    private static double outside(int m, int n, long limit) {
        // column[y]: the probability that a random path passes (x, y) having stayed inside; one column per x.
        double[] column = new double[n + 1];
        double left = 0;
        column[0] = 1;
        for (int y = 1; y <= n; y++) {
            // Along x = 0 every step is a step in y: from (0, y - 1) with probability n - (y - 1) of m + n - (y - 1).
            double arriving = column[y - 1] * (n - (y - 1)) / (double) (m + n - (y - 1));
            if (inside(0, y, m, n, limit)) {
                column[y] = arriving;
            } else {
                left += arriving;
            }
        }
        for (int x = 1; x <= m; x++) {
            // Into (x, y): from (x - 1, y) by a step in x, with probability (m - x + 1) / (m + n - x + 1 - y), and
            // from (x, y - 1) by a step in y, with probability (n - y + 1) / (m + n - x - y + 1).
            double below = 0;
            for (int y = 0; y <= n; y++) {
                double arriving = column[y] * (m - x + 1) / (double) (m + n - (x - 1) - y)
                        + (y == 0 ? 0 : below * (n - (y - 1)) / (double) (m + n - x - (y - 1)));
                if (inside(x, y, m, n, limit)) {
                    column[y] = arriving;
                } else {
                    left += arriving;
                    column[y] = 0;
                }
                below = column[y];
            }
        }
        return left;
    }

    private static boolean inside(int x, int y, int m, int n, long limit) {
        return Math.abs((long) n * x - (long) m * y) < limit;
    }

    /**
     * Kolmogorov's limiting distribution at {@code sqrt(m n / (m + n)) d}:
     * {@code 2 sum (-1)^(k-1) exp(-2 k^2 z^2)}.
     */
    static double limiting(int m, int n, double d) {
        double z = Math.sqrt((double) m * n / (m + n)) * d;
        if (z < 1e-8) {
            return 1;
        }
        double sum = 0;
        for (int k = 1; k <= 1000; k++) {
            double term = Math.exp(-2.0 * k * k * z * z);
            sum += (k % 2 == 1 ? term : -term);
            if (term < 1e-20) {
                break;
            }
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
