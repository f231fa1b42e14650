package io.cdp.insights;

/**
 * How far a prediction looks: {@code periods} periods of {@code periodLength} time units, each period's
 * value discounted by {@code (1 + discountRate)^period}.
 */
public record Horizon(int periods, double periodLength, double discountRate) {

    public Horizon {
        if (periods < 0 || !(periodLength > 0) || !Double.isFinite(periodLength) || !(discountRate > -1)) {
            throw new IllegalArgumentException("need periods >= 0, a finite periodLength > 0 and discountRate > -1");
        }
    }

    public static Horizon of(int periods, double periodLength, double discountRate) {
        return new Horizon(periods, periodLength, discountRate);
    }

    double length() {
        return periods * periodLength;
    }
}
