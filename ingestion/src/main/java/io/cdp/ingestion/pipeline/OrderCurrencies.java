package io.cdp.ingestion.pipeline;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import lombok.RequiredArgsConstructor;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

/**
 * Puts the reporting-currency rate on tracked orders ({@code Order Completed}, {@code Order Refunded}),
 * as the CSV import does on its own: the rate of the order's day (UTC) from the imported rates
 * table, whatever rate the sender claims. A call without {@code currency} is in the reporting
 * currency. An order in a currency without a rate is kept without one: the profile store leaves it
 * out of the reporting revenue (it stays in the per-currency revenue) and it is counted here,
 * since refusing a live order for want of an admin-side table would lose it.
 */
@RequiredArgsConstructor
public class OrderCurrencies {

    /** Reporting-currency units for one unit of a currency on a day, when the rates table has them. */
    @FunctionalInterface
    public interface Rates {
        Optional<BigDecimal> toReporting(String currency, LocalDate day);
    }

    private final String reportingCurrency;
    private final Rates rates;
    private final IngestionMetrics metrics;

    /** The event with {@code currency}, {@code reporting_currency} and, when known, {@code fx_rate}. */
    public EventIngested convert(EventIngested event) {
        if (!isOrder(event)) {
            return event;
        }
        Map<String, Object> properties = new LinkedHashMap<>(event.properties() == null ? Map.of() : event.properties());
        String currency = ValueRules.currency(properties.get("currency"));
        String code = currency == null ? reportingCurrency : currency;
        properties.put("currency", code);
        properties.put("reporting_currency", reportingCurrency);
        properties.remove("fx_rate");
        Optional<BigDecimal> rate = code.equals(reportingCurrency) ? Optional.of(BigDecimal.ONE)
                : rates.toReporting(code, LocalDate.ofInstant(event.timestamp(), ZoneOffset.UTC));
        rate.ifPresent(r -> properties.put("fx_rate", r));
        return new EventIngested(event.messageId(), event.sourceId(), event.type(), event.event(), event.name(),
                event.userId(), event.anonymousId(), event.previousId(), event.groupId(), event.timestamp(),
                event.receivedAt(), event.traits(), properties, event.context(), event.integrations());
    }

    /** Counts an accepted order that {@link #convert} found no rate for. */
    void countIfUnconverted(EventIngested event) {
        if (isOrder(event) && event.properties().get("fx_rate") == null) {
            metrics.unconverted(event.sourceId(), String.valueOf(event.properties().get("currency")));
        }
    }

    private static boolean isOrder(EventIngested event) {
        return event.type() == EventType.TRACK && ValueRules.ORDER_EVENTS.contains(event.event());
    }
}
