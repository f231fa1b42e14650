package io.cdp.reporting.web;

import java.math.BigDecimal;
import java.util.Locale;

import io.cdp.platform.web.ConsoleFormat;
import io.cdp.reporting.KpiDefinition;

/**
 * One headline KPI as the overview shows it: its value in its unit, the previous period's, the change, and
 * whether the change is good news ({@code tone}: good, bad or neutral, from the definition's direction).
 */
record KpiCard(String id, String label, String formula, String value, String previous, String change, String tone) {

    static KpiCard of(KpiDefinition definition, BigDecimal value, BigDecimal previous, String currency,
            ConsoleFormat format) {
        String change = value == null || previous == null ? "–"
                : format.change(value.doubleValue(), previous.doubleValue());
        return new KpiCard(definition.id(), definition.label(), definition.formula(),
                text(definition, value, currency, format), text(definition, previous, currency, format), change,
                tone(definition, value, previous));
    }

    static String text(KpiDefinition definition, BigDecimal value, String currency, ConsoleFormat format) {
        if (value == null) {
            return "–";
        }
        return switch (definition.unit()) {
            case COUNT -> format.count(value.longValue());
            case MONEY -> format.money(value, currency);
            case PERCENT -> String.format(Locale.US, "%.1f %%", value.doubleValue());
            case RATIO -> format.decimal(value.doubleValue());
            case DURATION_SECONDS -> String.format(Locale.US, "%.0f s", value.doubleValue());
        };
    }

    private static String tone(KpiDefinition definition, BigDecimal value, BigDecimal previous) {
        if (value == null || previous == null || definition.direction() == KpiDefinition.Direction.NEUTRAL) {
            return "neutral";
        }
        int sign = value.compareTo(previous);
        if (sign == 0) {
            return "neutral";
        }
        boolean up = sign > 0;
        return up == (definition.direction() == KpiDefinition.Direction.UP_IS_GOOD) ? "good" : "bad";
    }
}
