package io.cdp.insights;

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) by its power series. Written here because
 * Hipparchus has no 2F1; BG/NBD's conditional expectation only needs 0 <= z < 1, where the
 * series converges, and its terms are summed until they no longer change the sum.
 */
final class Hypergeometric {

    private static final int MAX_TERMS = 100_000;

    private Hypergeometric() {
    }

    static double f21(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("the series needs 0 <= z < 1, was " + z);
        }
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            double next = sum + term;
            if (next == sum) {
                return sum;
            }
            sum = next;
        }
        throw new ArithmeticException("2F1 series did not converge for z = " + z);
    }
}
