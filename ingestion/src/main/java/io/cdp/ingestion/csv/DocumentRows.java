package io.cdp.ingestion.csv;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import lombok.RequiredArgsConstructor;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/**
 * CSV files whose rows are not about a person (spend, product costs): each valid row becomes one document of an
 * index, under an id derived from its key columns, so a corrected file replaces the rows it repeats. Written in
 * chunks; the last chunk waits for a refresh, so what the report counts is searchable when it returns.
 *
 * @param <D> the stored form of a row
 */
@RequiredArgsConstructor
final class DocumentRows<D> {

    /** Money is kept in millionths of the currency unit, as ad platforms report it (cost_micros). */
    static final int MONEY_SCALE = 6;

    private final ElasticsearchClient client;
    private final String index;
    private final int chunkRows;
    private final Function<D, String> id;

    /** What was stored; {@code rows} counts data rows, the header not included. */
    record Outcome(long rows, long stored, List<ImportReport.RowError> errors) {
    }

    /**
     * @param required the columns the header must have, else the whole file is refused
     * @param row      a record's document, or a {@link RowException} naming its column and rule
     */
    Outcome importCsv(Reader csv, List<String> required, String refusal, Function<CSVRecord, D> row, long totalRows,
            CsvImporter.Progress progress) {
        long started = System.nanoTime();
        long rows = 0;
        long stored = 0;
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<D> chunk = new ArrayList<>();
        List<Long> chunkRowNumbers = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Set<String> header = new HashSet<>(parser.getHeaderNames());
            List<String> missing = required.stream().filter(column -> !header.contains(column)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidCsvException(refusal + "; missing: " + String.join(", ", missing));
            }
            for (CSVRecord record : parser) {
                rows++;
                long number = record.getRecordNumber() + 1;
                try {
                    chunk.add(row.apply(record));
                    chunkRowNumbers.add(number);
                } catch (RowException e) {
                    errors.add(new ImportReport.RowError(number, e.field, e.getMessage(), e.rule));
                }
                if (chunk.size() >= chunkRows) {
                    stored += store(chunk, chunkRowNumbers, errors, false);
                    progress.update(rows, totalRows, rows / seconds(started));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidCsvException(e.getMessage());
        }
        stored += store(chunk, chunkRowNumbers, errors, true);
        progress.update(rows, totalRows, rows / seconds(started));
        errors.sort(Comparator.comparingLong(ImportReport.RowError::row));
        return new Outcome(rows, stored, List.copyOf(errors));
    }

    static String required(CSVRecord record, String column) {
        String value = record.isSet(column) ? record.get(column) : "";
        if (value.isBlank()) {
            throw new RowException(column, "required", column + " is required");
        }
        return value.trim();
    }

    /** A non-negative amount with at most {@link #MONEY_SCALE} decimals, in millionths. */
    static long micros(CSVRecord record, String column) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(required(record, column));
        } catch (NumberFormatException e) {
            throw new RowException(column, "number", column + " must be a number");
        }
        if (amount.signum() < 0) {
            throw new RowException(column, "non-negative", column + " must not be negative");
        }
        if (amount.stripTrailingZeros().scale() > MONEY_SCALE) {
            throw new RowException(column, "scale", column + " has at most " + MONEY_SCALE + " decimals");
        }
        return amount.movePointRight(MONEY_SCALE).longValueExact();
    }

    /** The row's {@code currency}, else {@code defaultCurrency}; a row with neither is refused. */
    static String currency(CSVRecord record, Currency defaultCurrency) {
        String text = record.isMapped("currency") ? record.get("currency") : "";
        if (text.isBlank()) {
            if (defaultCurrency == null) {
                throw new RowException("currency", "required", "currency is required (a column or --currency)");
            }
            return defaultCurrency.getCurrencyCode();
        }
        try {
            return Currency.getInstance(text.trim().toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new RowException("currency", "iso-4217", "currency must be an ISO 4217 code");
        }
    }

    private long store(List<D> chunk, List<Long> rowNumbers, List<ImportReport.RowError> errors, boolean last) {
        if (chunk.isEmpty()) {
            return 0;
        }
        List<BulkOperation> operations = chunk.stream().map(document -> BulkOperation.of(b -> b.index(i -> i
                .index(index).id(id.apply(document)).document(document)))).toList();
        BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations)
                .refresh(last ? Refresh.WaitFor : Refresh.False)));
        long stored = 0;
        for (int i = 0; i < response.items().size(); i++) {
            BulkResponseItem item = response.items().get(i);
            if (item.error() == null) {
                stored++;
            } else {
                errors.add(new ImportReport.RowError(rowNumbers.get(i), "row", "not stored: " + item.error().type(),
                        "stored"));
            }
        }
        chunk.clear();
        rowNumbers.clear();
        return stored;
    }

    private static double seconds(long startedNanos) {
        return Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    }
}
