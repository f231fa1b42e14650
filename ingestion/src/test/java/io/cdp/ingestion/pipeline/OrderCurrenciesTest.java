package io.cdp.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

class OrderCurrenciesTest {

    private static final Instant T = Instant.parse("2026-03-03T23:30:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** One euro is 1.10 dollars on 3 March (UTC) only. */
    private final OrderCurrencies currencies = new OrderCurrencies("USD",
            (currency, day) -> currency.equals("EUR") && day.equals(LocalDate.of(2026, 3, 3))
                    ? Optional.of(new BigDecimal("1.10")) : Optional.empty(),
            new IngestionMetrics(registry));

    private static EventIngested track(String event, Map<String, Object> properties) {
        return new EventIngested("m", "web", EventType.TRACK, event, null, "u", null, null, null, T, T, null,
                new HashMap<>(properties), null, null);
    }

    @Test
    void anOrderInAnotherCurrencyGetsTheRateOfItsDayWhateverRateTheSenderClaims() {
        EventIngested converted = currencies.convert(track("Order Completed",
                Map.of("currency", "EUR", "revenue", 20, "fx_rate", 99)));

        assertThat(converted.properties()).containsEntry("currency", "EUR").containsEntry("reporting_currency", "USD")
                .containsEntry("fx_rate", new BigDecimal("1.10")).containsEntry("revenue", 20);
    }

    @Test
    void anOrderWithoutACurrencyOrInALowerCaseReportingCurrencyIsInTheReportingCurrencyAtRateOne() {
        assertThat(currencies.convert(track("Order Completed", Map.of("revenue", 5))).properties())
                .containsEntry("currency", "USD").containsEntry("fx_rate", BigDecimal.ONE);
        assertThat(currencies.convert(track("Order Refunded", Map.of("currency", "usd", "revenue", 5))).properties())
                .containsEntry("currency", "USD").containsEntry("fx_rate", BigDecimal.ONE);
    }

    @Test
    void anOrderInACurrencyWithoutARateOnItsDayKeepsItsCurrencyWithoutARateAndIsCountedOnceAccepted() {
        EventIngested franc = currencies.convert(track("Order Completed", Map.of("currency", "CHF", "revenue", 30)));
        EventIngested lateEuro = currencies.convert(new EventIngested("m", "web", EventType.TRACK, "Order Completed",
                null, "u", null, null, null, T.plusSeconds(3600), T, null, Map.of("currency", "EUR", "fx_rate", 2), null,
                null));

        assertThat(franc.properties()).containsEntry("currency", "CHF").doesNotContainKey("fx_rate");
        assertThat(lateEuro.properties()).containsEntry("currency", "EUR").doesNotContainKey("fx_rate");
        assertThat(registry.find(IngestionMetrics.UNCONVERTED).counter()).isNull();
        currencies.countIfUnconverted(franc);
        assertThat(registry.get(IngestionMetrics.UNCONVERTED).tag("currency", "CHF").counter().count()).isEqualTo(1.0);
    }

    @Test
    void otherCallsPassUntouched() {
        EventIngested viewed = track("Product Viewed", Map.of("currency", "CHF", "price", 3));

        assertThat(currencies.convert(viewed)).isSameAs(viewed);
    }
}
