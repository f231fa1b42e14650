package io.cdp.insights;

import java.util.Arrays;
import java.util.List;

/**
 * Deciles of a population's values: a value's decile is ⌊10 · (values strictly below it) / n⌋ + 1, so 10 holds
 * the top tenth and equal values share the lowest decile of their rank (a population where most values are 0
 * has them all in decile 1). {@code bounds} are the values at ranks ⌈k·n/10⌉ (k = 1..9, counted from 1 in
 * ascending order): a value is in decile 1 + the number of bounds strictly below it.
 */
public record ValueDeciles(List<Double> bounds) {

    public ValueDeciles {
        bounds = List.copyOf(bounds);
        if (bounds.size() != 9) {
            throw new IllegalArgumentException("deciles need 9 bounds, got " + bounds.size());
        }
    }

    /** The deciles of these values; sorts the array in place (the caller's copy, not needed in order again). */
    public static ValueDeciles of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values to cut into deciles");
        }
        Arrays.sort(values);
        Double[] bounds = new Double[9];
        for (int k = 1; k <= 9; k++) {
            bounds[k - 1] = values[(int) ((k * (long) values.length + 9) / 10) - 1];
        }
        return new ValueDeciles(List.of(bounds));
    }

    /** 1 to 10: one more than the number of bounds strictly below the value. */
    public int decile(double value) {
        int decile = 1;
        for (double bound : bounds) {
            if (value > bound) {
                decile++;
            }
        }
        return decile;
    }
}
