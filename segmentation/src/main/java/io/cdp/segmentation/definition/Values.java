package io.cdp.segmentation.definition;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads condition values as Jackson delivered them; null when the value has the wrong type. */
public final class Values {

    private Values() {
    }

    public static BigDecimal decimal(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        return null;
    }

    /** A whole number of days in [0, 36500]. */
    public static Integer days(Object value) {
        BigDecimal d = decimal(value);
        if (d == null || d.signum() < 0 || d.compareTo(BigDecimal.valueOf(36_500)) > 0) {
            return null;
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException notWhole) {
            return null;
        }
    }

    public static LocalDate date(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof String s) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    public static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Boolean || decimal(value) != null;
    }
}
