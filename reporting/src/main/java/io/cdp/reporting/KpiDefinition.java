package io.cdp.reporting;

import java.util.Objects;

/**
 * One KPI as a marketer reads it: what it is called, how it is computed (in words), in what unit it
 * is shown and which way is better. The same definition serves {@code GET /api/kpis} and the console.
 *
 * @param id        stable identifier, camelCase ({@code conversionRate}); the key of every value map
 * @param formula   the formula in a marketer's words, with what counts once
 */
public record KpiDefinition(String id, String label, String formula, Unit unit, Direction direction) {

    /** How a value is shown; also fixes its rounding (see {@link #round}). */
    public enum Unit {
        /** A whole number. */
        COUNT,
        /** An amount in the reporting currency, 2 decimals. */
        MONEY,
        /** 0–100 (NPS: −100–100), 2 decimals. */
        PERCENT,
        /** A quotient such as pages per session, 4 decimals. */
        RATIO,
        /** Seconds, 1 decimal. */
        DURATION_SECONDS
    }

    /** Whether a rise is good news. */
    public enum Direction {
        UP_IS_GOOD, DOWN_IS_GOOD, NEUTRAL
    }

    public KpiDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(formula, "formula");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(direction, "direction");
    }

    /** Decimal places of a value in this definition's unit (half-up rounding). */
    public int scale() {
        return switch (unit) {
            case COUNT -> 0;
            case MONEY, PERCENT -> 2;
            case RATIO -> 4;
            case DURATION_SECONDS -> 1;
        };
    }
}
