package io.cdp.activation.domain;

/**
 * Conversion lift of a treated group over a holdout: the difference of two proportions with a 95 %
 * confidence interval by Newcombe's hybrid score method (Newcombe 1998, method 10), built from the
 * Wilson score interval of each rate. Unlike the normal approximation it keeps its width at rates of 0
 * and 1 and in tiny groups: 3 of 3 treated against 0 of 2 held out is [0.135, 1], not [1, 1]. Without
 * members in either group there is no estimate: rates are 0 and the interval is null-width at 0.
 */
public record Lift(long treated, long treatedConverted, long holdout, long holdoutConverted,
        double treatedRate, double holdoutRate, double lift, double ciLow, double ciHigh) {

    static final double Z_95 = 1.959963984540054;

    public static Lift of(long treatedConverted, long treated, long holdoutConverted, long holdout) {
        double pt = treated == 0 ? 0 : (double) treatedConverted / treated;
        double ph = holdout == 0 ? 0 : (double) holdoutConverted / holdout;
        if (treated == 0 || holdout == 0) {
            return new Lift(treated, treatedConverted, holdout, holdoutConverted, pt, ph, 0, 0, 0);
        }
        double[] t = wilson(pt, treated);
        double[] h = wilson(ph, holdout);
        double diff = pt - ph;
        double low = diff - Math.sqrt(square(pt - t[0]) + square(h[1] - ph));
        double high = diff + Math.sqrt(square(t[1] - pt) + square(ph - h[0]));
        return new Lift(treated, treatedConverted, holdout, holdoutConverted, pt, ph, diff, low, high);
    }

    /** The Wilson score interval of a rate {@code p} observed in {@code n}: {lower, upper}, within [0, 1]. */
    static double[] wilson(double p, long n) {
        double z2 = Z_95 * Z_95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double halfWidth = Z_95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth)};
    }

    private static double square(double x) {
        return x * x;
    }

    /** The interval excludes zero. */
    public boolean significant() {
        return ciLow > 0 || ciHigh < 0;
    }
}
