package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class ProductCostsTest {

    private static final LocalDate DAY = LocalDate.of(2024, 3, 8);
    /** CHF converts on DAY (and the week after it), SEK on no day. */
    private static final ExchangeRates.Table RATES = new ExchangeRates.Table("USD", 7, List.of(
            new ExchangeRates.Rate(DAY.toString(), "CHF", "USD", new BigDecimal("1.25"))));

    private static ProductCostTable.Cost parse(String header, String row, Currency defaultCurrency) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(header + "\n" + row + "\n"), format)) {
            CSVRecord record = parser.getRecords().get(0);
            return ProductCostImporter.cost(record, defaultCurrency, "USD", () -> RATES);
        }
    }

    private static ProductCostTable.Cost parse(String row) throws IOException {
        return parse("product_id,cost,currency,valid_from", row, null);
    }

    private static void rejected(String row, String field, String rule) {
        assertThatThrownBy(() -> parse(row)).isInstanceOfSatisfying(RowException.class, e -> {
            assertThat(e.field).isEqualTo(field);
            assertThat(e.rule).isEqualTo(rule);
        });
    }

    @Test
    void aRowIsStoredInMillionthsOfItsCurrencyWithItsStartDateOrNoneAndOneIdPerProductAndStart() throws IOException {
        ProductCostTable.Cost dated = parse("sku-1,2.125,chf,2024-03-08");
        ProductCostTable.Cost undated = parse("sku-1,3,USD,");
        ProductCostTable.Cost withoutColumn = parse("product_id,cost", "sku-1,4", Currency.getInstance("USD"));

        assertThat(dated).extracting(ProductCostTable.Cost::productId, ProductCostTable.Cost::validFrom,
                ProductCostTable.Cost::costMicros, ProductCostTable.Cost::currency)
                .containsExactly("sku-1", "2024-03-08", 2_125_000L, "CHF");
        assertThat(undated.validFrom()).isNull();
        assertThat(undated.costMicros()).isEqualTo(3_000_000L);
        assertThat(withoutColumn.currency()).isEqualTo("USD");
        // a corrected row of the same product and start replaces the stored one; another start is another row
        assertThat(parse("sku-1,9,CHF,2024-03-08").key()).isEqualTo(dated.key());
        assertThat(undated.key()).isEqualTo(withoutColumn.key()).isNotEqualTo(dated.key());
    }

    @Test
    void aRowWithoutProductIdWithANegativeOrUnparseableCostAnUnknownCurrencyOrABadDateIsRejectedNamingFieldAndRule() {
        rejected(",1,USD,", "product_id", "required");
        rejected("sku-1,-0.01,USD,", "cost", "non-negative");
        rejected("sku-1,1.5€,USD,", "cost", "number");
        rejected("sku-1,,USD,", "cost", "required");
        rejected("sku-1,0.0000001,USD,", "cost", "scale");
        rejected("sku-1,1,XYZ,", "currency", "iso-4217");
        rejected("sku-1,1,,", "currency", "required");
        rejected("sku-1,1,USD,2024-13-01", "valid_from", "date");
        rejected("sku-1,1,USD,08/03/2024", "valid_from", "date");
    }

    @Test
    void aCurrencyWithoutARateIntoTheReportingCurrencyOnItsStartOrOnAnyDayWithoutOneIsRejected() throws IOException {
        rejected("sku-1,1,SEK,", "currency", "exchange-rate");
        rejected("sku-1,1,SEK,2024-03-08", "currency", "exchange-rate");
        // CHF has a rate on DAY: a start before it has none, one within the rates' maximum age after it has
        rejected("sku-1,1,CHF,2024-03-07", "currency", "exchange-rate");
        assertThat(parse("sku-1,1,CHF,2024-03-15").currency()).isEqualTo("CHF");
        assertThat(parse("sku-1,1,CHF,").currency()).isEqualTo("CHF");
    }

    @Test
    void theRatesAreReadOnlyWhenARowIsNotInTheReportingCurrency() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader("product_id,cost,currency\na,1,USD\n"), format)) {
            ProductCostImporter.cost(parser.getRecords().get(0), null, "USD", () -> {
                reads.incrementAndGet();
                return RATES;
            });
        }
        assertThat(reads).hasValue(0);
    }

    @Test
    void aCostAppliesFromItsStartDayUntilTheNextStartOfTheSameProductAndOneWithoutStartFromTheBeginning() {
        ProductCostTable.Snapshot table = ProductCostTable.Snapshot.of(List.of(
                new ProductCostTable.Cost("1", "a", null, 1_000_000, "USD"),
                new ProductCostTable.Cost("2", "a", "2024-03-01", 2_000_000, "USD"),
                new ProductCostTable.Cost("3", "a", "2024-04-01", 3_000_000, "EUR"),
                new ProductCostTable.Cost("4", "b", "2024-03-10", 5_000_000, "USD")));

        assertThat(table.valid("a", LocalDate.of(1999, 1, 1)).orElseThrow().costMicros()).isEqualTo(1_000_000);
        assertThat(table.valid("a", LocalDate.of(2024, 2, 29)).orElseThrow().costMicros()).isEqualTo(1_000_000);
        assertThat(table.valid("a", LocalDate.of(2024, 3, 1)).orElseThrow().costMicros()).isEqualTo(2_000_000);
        assertThat(table.valid("a", LocalDate.of(2024, 3, 31)).orElseThrow().costMicros()).isEqualTo(2_000_000);
        assertThat(table.valid("a", LocalDate.of(2024, 4, 1)).orElseThrow().currency()).isEqualTo("EUR");
        assertThat(table.valid("b", LocalDate.of(2024, 3, 9))).isEmpty();
        assertThat(table.valid("b", LocalDate.of(2024, 3, 10)).orElseThrow().costMicros()).isEqualTo(5_000_000);
        assertThat(table.valid("c", LocalDate.of(2024, 3, 10))).isEmpty();
    }
}
