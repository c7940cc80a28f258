package dev.mlops.core.monitoring;

/**
 * The regularized upper incomplete gamma function, for chi-squared p-values, and the complementary error function
 * through it: {@code erfc(x) = Q(1/2, x^2)}. A power series below {@code x < a + 1} and Lentz's continued fraction
 * above, each to double precision.
 */
final class Gamma {

    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 100_000;
    /** Lanczos approximation, g = 7, nine terms. */
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};

    private Gamma() {
    }

    /** @return the natural logarithm of the gamma function, for {@code x > 0} */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection: Gamma(x) Gamma(1 - x) = pi / sin(pi x)
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /**
     * @return {@code Q(a, x) = Gamma(a, x) / Gamma(a)}, the chance that a chi-squared variable with {@code 2a}
     *         degrees of freedom exceeds {@code 2x}
     */
    static double upperRegularized(double a, double x) {
        if (x <= 0) {
            return 1;
        }
        if (x < a + 1) {
            return 1 - lowerSeries(a, x);
        }
        return upperFraction(a, x);
    }

    /** P(a, x) by its series: e^-x x^a / Gamma(a + 1) * sum x^n / ((a + 1) ... (a + n)). */
    private static double lowerSeries(double a, double x) {
        double term = 1 / a;
        double sum = term;
        for (int n = 1; n < MAX_TERMS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) by its continued fraction, evaluated with the modified Lentz method. */
    private static double upperFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int n = 1; n < MAX_TERMS; n++) {
            double an = -n * (n - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** @return the complementary error function, for {@code x >= 0} */
    static double erfc(double x) {
        return x <= 0 ? 1 + (x == 0 ? 0 : 1 - erfc(-x)) : upperRegularized(0.5, x * x);
    }
}
