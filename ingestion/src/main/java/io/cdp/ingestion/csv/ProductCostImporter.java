package io.cdp.ingestion.csv;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.csv.CSVRecord;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.cdp.platform.Sha256;

/**
 * Unit costs of products ({@code product_id, cost, currency} and optionally {@code valid_from}), one document per
 * product and start date in {@value ProductCostTable#INDEX}, whose id is derived from those two, so a corrected file
 * replaces the rows it repeats. A cost applies to orders from its {@code valid_from} day (UTC; without one: from
 * the start) until the next start date of the same product. Order lines without a {@code cost} of their own get it
 * through {@link ProductCostTable} when the profile store writes their timeline event. Costs are not about a person:
 * they go straight to Elasticsearch, not through the event pipeline.
 */
public class ProductCostImporter {

    static final List<String> COLUMNS = List.of("product_id", "cost", "currency");
    static final String VALID_FROM = "valid_from";
    private static final int MAX_PRODUCT_ID = 200;

    private final DocumentRows<ProductCostTable.Cost> rows;
    private final ProductCostTable table;
    private final ExchangeRates exchangeRates;

    public ProductCostImporter(ElasticsearchClient client, ProductCostTable table, ExchangeRates exchangeRates,
            int chunkRows) {
        this.rows = new DocumentRows<>(client, ProductCostTable.INDEX, chunkRows, ProductCostTable.Cost::key);
        this.table = table;
        this.exchangeRates = exchangeRates;
    }

    /**
     * Stores the valid rows and reports the others (row, column, rule), then makes the table the profile store
     * costs order lines with in this instance read them again.
     *
     * @param defaultCurrency for rows without a currency column or value; null: such rows are rejected
     */
    public ImportReport importCsv(Reader csv, Currency defaultCurrency, long totalRows, CsvImporter.Progress progress) {
        List<String> required = COLUMNS.stream()
                .filter(column -> !column.equals("currency") || defaultCurrency == null).toList();
        Rates rates = new Rates(exchangeRates);
        DocumentRows.Outcome outcome;
        try {
            outcome = rows.importCsv(csv, required, "costs need the columns " + String.join(", ", COLUMNS)
                    + " (currency may come from --currency) and may have " + VALID_FROM,
                    record -> cost(record, defaultCurrency, exchangeRates.reportingCurrency(), rates), totalRows, progress);
        } finally {
            table.invalidate();
        }
        return new ImportReport("costs", null, outcome.rows(), outcome.stored(), outcome.rows() - outcome.stored(),
                outcome.errors(), 0, 0, 0, 0, null, null, null);
    }

    private static boolean converts(ExchangeRates.Table table, String currency, LocalDate validFrom) {
        return validFrom == null ? table.convertsOnSomeDay(currency) : table.toReporting(currency, validFrom).isPresent();
    }

    /** The exchange rates of one import, read once and only when a row is not in the reporting currency. */
    static final class Rates implements Supplier<ExchangeRates.Table> {
        private final ExchangeRates exchangeRates;
        private ExchangeRates.Table table;

        Rates(ExchangeRates exchangeRates) {
            this.exchangeRates = exchangeRates;
        }

        @Override
        public ExchangeRates.Table get() {
            table = table != null ? table : exchangeRates.table();
            return table;
        }
    }

    /**
     * One row's stored form, or a {@link RowException}: the product id is required, the cost a non-negative number
     * with at most 6 decimals, the currency an ISO 4217 code the rates table converts into the reporting currency
     * on the row's {@code valid_from} (or up to the rates' maximum age before it; without {@code valid_from}: on
     * some day), {@code valid_from} a {@code yyyy-MM-dd} date.
     */
    static ProductCostTable.Cost cost(CSVRecord record, Currency defaultCurrency, String reportingCurrency,
            Supplier<ExchangeRates.Table> rates) {
        String productId = DocumentRows.required(record, "product_id");
        if (productId.length() > MAX_PRODUCT_ID) {
            throw new RowException("product_id", "max-length", "product_id is at most " + MAX_PRODUCT_ID
                    + " characters");
        }
        long costMicros = DocumentRows.micros(record, "cost");
        String currency = DocumentRows.currency(record, defaultCurrency);
        String validFromText = record.isMapped(VALID_FROM) && record.isSet(VALID_FROM) ? record.get(VALID_FROM) : "";
        LocalDate validFrom = null;
        if (!validFromText.isBlank()) {
            try {
                validFrom = LocalDate.parse(validFromText.trim());
            } catch (DateTimeParseException e) {
                throw new RowException(VALID_FROM, "date", VALID_FROM + " must be yyyy-MM-dd");
            }
        }
        if (!currency.equals(reportingCurrency) && !converts(rates.get(), currency, validFrom)) {
            throw new RowException("currency", "exchange-rate", "no exchange rate from " + currency
                    + " to the reporting currency " + reportingCurrency + (validFrom == null ? " on any day"
                            : " on " + validFrom + " or the days before within the rates' maximum age")
                    + ": import rates first");
        }
        String key = Sha256.hex((productId + '\n' + (validFrom == null ? "" : validFrom.toString()))
                .getBytes(StandardCharsets.UTF_8));
        return new ProductCostTable.Cost(key, productId, validFrom == null ? null : validFrom.toString(), costMicros,
                currency);
    }
}
