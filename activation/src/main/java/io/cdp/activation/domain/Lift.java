package io.cdp.activation.domain;

/**
 * Conversion lift of a treated group over a holdout: the difference of two proportions with a 95 %
 * confidence interval from the normal approximation (unpooled standard error). Without members in
 * either group there is no estimate: rates are 0 and the interval is null-width at 0.
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
        double diff = pt - ph;
        double se = Math.sqrt(pt * (1 - pt) / treated + ph * (1 - ph) / holdout);
        return new Lift(treated, treatedConverted, holdout, holdoutConverted, pt, ph, diff,
                diff - Z_95 * se, diff + Z_95 * se);
    }

    /** The interval excludes zero. */
    public boolean significant() {
        return ciLow > 0 || ciHigh < 0;
    }
}
