package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

class ExchangeRatesTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 8);

    private static ExchangeRates.Rate rate(LocalDate day, String base, String quote, String rate) {
        return new ExchangeRates.Rate(day.toString(), base, quote, new BigDecimal(rate));
    }

    @Test
    void convertsDirectlyInverselyOrAcrossACommonBaseWithTheLatestRateOfTheWeek() {
        ExchangeRates.Table table = new ExchangeRates.Table("USD", 7, List.of(
                rate(DAY, "GBP", "USD", "1.25"),
                rate(DAY, "USD", "JPY", "150"),
                rate(DAY.minusDays(2), "EUR", "USD", "1.10"),
                rate(DAY.minusDays(2), "EUR", "CHF", "0.95"),
                rate(DAY.minusDays(9), "EUR", "SEK", "11.2")));

        assertThat(table.toReporting("USD", DAY)).contains(BigDecimal.ONE);
        assertThat(table.toReporting("GBP", DAY)).contains(new BigDecimal("1.25"));
        assertThat(table.toReporting("JPY", DAY).orElseThrow()).isEqualByComparingTo("0.006666666666666667");
        assertThat(table.toReporting("EUR", DAY)).contains(new BigDecimal("1.10"));
        assertThat(table.toReporting("CHF", DAY).orElseThrow()).isEqualByComparingTo("1.157894736842105");
        assertThat(table.toReporting("GBP", DAY.minusDays(1))).isEmpty();
        assertThat(table.toReporting("SEK", DAY)).isEmpty();
    }
}
