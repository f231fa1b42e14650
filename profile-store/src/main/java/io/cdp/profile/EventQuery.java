package io.cdp.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which timeline events to count: those named {@code event} (what per-day rollups call it: a track
 * call's event name, else the call type in lower case such as {@code page}), with a timestamp in
 * {@code [from, to)}, whose properties match every filter of {@code where}.
 */
public record EventQuery(String event, List<PropertyFilter> where, Instant from, Instant to) {

    public EventQuery {
        if (event == null || event.isBlank()) {
            throw new IllegalArgumentException("event is required");
        }
        where = where == null ? List.of() : List.copyOf(where);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /** How a property is compared; the semantics of segmentation's trait operators. */
    public enum Op {
        /** Equal scalar; numbers compare numerically (30 equals 30.0), a string never equals a number. */
        EQUALS,
        /** Not equal, also when the property is missing. */
        NOT_EQUALS,
        /** Equals one of the values. */
        IN,
        /** A text property containing the text, or a list property with an element equal to the value. */
        CONTAINS,
        /** The property is present and not null. */
        EXISTS,
        /** Numeric comparisons: only number properties match. */
        GT, GTE, LT, LTE
    }

    /**
     * One condition on the event's {@code properties}. {@code property} is a dotted path into nested
     * objects ({@code order.shipping.country}); a path through a list of objects collects the values of
     * all its objects into a list ({@code products.category} of two products is a list of two).
     *
     * @param value a string, number or boolean; a non-empty list of them for {@link Op#IN}; a number
     *              for GT, GTE, LT, LTE; absent for {@link Op#EXISTS}
     */
    public record PropertyFilter(String property, Op op, Object value) {

        private static final Pattern PATH = Pattern.compile("[^.]+(\\.[^.]+)*");

        public PropertyFilter {
            if (property == null || !PATH.matcher(property).matches()) {
                throw new IllegalArgumentException("property must be a dotted path of non-empty names");
            }
            Objects.requireNonNull(op, "op");
            switch (op) {
                case EXISTS -> require(value == null, "exists takes no value");
                case IN -> {
                    require(value instanceof List<?> list && !list.isEmpty()
                            && list.stream().allMatch(PropertyFilter::isScalar),
                            "in takes a non-empty list of scalars");
                    value = List.copyOf((List<?>) value);
                }
                case GT, GTE, LT, LTE -> require(isNumber(value), op + " takes a finite number");
                default -> require(isScalar(value), op + " takes a string, number or boolean");
            }
        }

        private static void require(boolean valid, String message) {
            if (!valid) {
                throw new IllegalArgumentException(message);
            }
        }

        private static boolean isScalar(Object value) {
            return value instanceof String || value instanceof Boolean || isNumber(value);
        }

        private static boolean isNumber(Object value) {
            return value instanceof BigDecimal
                    || value instanceof Number n && Double.isFinite(n.doubleValue());
        }
    }
}
