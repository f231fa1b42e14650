package io.cdp.platform.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * How the console writes numbers, money, rates and times, so that every page reads the same:
 * thousands separators, money with its currency and two decimals, rates as percentages with one
 * decimal, instants in UTC with the zone named (the browser turns them into the reader's zone).
 * Templates call it as {@code @fmt}.
 */
@Component("fmt")
public class ConsoleFormat {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public String count(long value) {
        return NumberFormat.getIntegerInstance(Locale.US).format(value);
    }

    public String decimal(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(value);
    }

    public String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "–";
        }
        NumberFormat format = NumberFormat.getNumberInstance(Locale.US);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        return format.format(amount.setScale(2, RoundingMode.HALF_EVEN)) + " " + currency;
    }

    /** A share in [0, 1] as a percentage with one decimal. */
    public String percent(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "–";
        }
        return String.format(Locale.US, "%.1f %%", ratio * 100);
    }

    /** The relative change from {@code previous} to {@code current}: "▲ 4.2 %", or "new" when there was nothing before. */
    public String change(double current, double previous) {
        if (!Double.isFinite(current) || !Double.isFinite(previous)) {
            return "–";
        }
        if (previous == 0) {
            return current == 0 ? "± 0.0 %" : "new";
        }
        double change = (current - previous) / Math.abs(previous) * 100;
        String arrow = change > 0 ? "▲" : change < 0 ? "▼" : "±";
        return String.format(Locale.US, "%s %.1f %%", arrow, Math.abs(change));
    }

    public String utc(Instant instant) {
        return instant == null ? "–" : UTC.format(instant);
    }

    /** How long something took, to the unit a reader needs: 850 ms, 4.2 s, 3 min 5 s. */
    public String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.US, "%.1f s", millis / 1000.0);
        }
        return duration.toMinutes() + " min " + duration.toSecondsPart() + " s";
    }
}
