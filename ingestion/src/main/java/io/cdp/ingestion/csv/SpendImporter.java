package io.cdp.ingestion.csv;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

import io.cdp.ingestion.SpendFields;
import io.cdp.ingestion.pipeline.Sha256;

/**
 * Daily advertising spend ({@code date, channel, campaign, impressions, clicks, cost, currency}),
 * one document per date × channel × campaign in {@value #INDEX}. The document id is derived from
 * those three, so importing a corrected file replaces the rows instead of adding to them. Spend is
 * not about a person: it goes straight to Elasticsearch, not through the event pipeline.
 */
public class SpendImporter {

    public static final String INDEX = SpendFields.INDEX;

    static final List<String> COLUMNS = List.of("date", "channel", "campaign", "impressions", "clicks", "cost",
            "currency");
    /** Cost is kept in millionths of the currency unit, as ad platforms report it (cost_micros). */
    private static final int COST_SCALE = 6;
    private static final int MAX_NAME = 200;

    private final ElasticsearchClient client;
    private final int chunkRows;

    /** What was stored; {@code rows} counts data rows, the header not included. */
    public record SpendReport(long rows, long stored, long rejected, List<ImportReport.RowError> errors) {
    }

    /** Stored form; {@code channel} lower-cased so that "Google" and "google" are one channel. */
    record SpendDocument(String date, String channel, String campaign, long impressions, long clicks, long costMicros,
                         String currency) {
    }

    public SpendImporter(ElasticsearchClient client, int chunkRows) {
        this.client = client;
        this.chunkRows = chunkRows;
        installTemplate();
    }

    /** @param defaultCurrency for rows without a currency column or value; null: such rows are rejected */
    public SpendReport importCsv(Reader csv, Currency defaultCurrency, long totalRows, CsvImporter.Progress progress) {
        long started = System.nanoTime();
        long rows = 0;
        long stored = 0;
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<SpendDocument> chunk = new ArrayList<>();
        List<Long> chunkRowNumbers = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            Set<String> header = new HashSet<>(parser.getHeaderNames());
            List<String> missing = COLUMNS.stream().filter(column -> !column.equals("currency") || defaultCurrency == null)
                    .filter(column -> !header.contains(column)).toList();
            if (!missing.isEmpty()) {
                throw new InvalidCsvException("spend needs the columns " + String.join(", ", COLUMNS)
                        + " (currency may come from --currency); missing: " + String.join(", ", missing));
            }
            for (CSVRecord record : parser) {
                rows++;
                long row = record.getRecordNumber() + 1;
                try {
                    chunk.add(document(record, defaultCurrency));
                    chunkRowNumbers.add(row);
                } catch (RowException e) {
                    errors.add(new ImportReport.RowError(row, e.field, e.getMessage(), e.rule));
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
        return new SpendReport(rows, stored, errors.size(), List.copyOf(errors));
    }

    private static SpendDocument document(CSVRecord record, Currency defaultCurrency) {
        String date = required(record, "date");
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new RowException("date", "date", "date must be yyyy-MM-dd");
        }
        String channel = name(record, "channel").toLowerCase(Locale.ROOT);
        String campaign = name(record, "campaign");
        long impressions = count(record, "impressions");
        long clicks = count(record, "clicks");
        BigDecimal cost;
        try {
            cost = new BigDecimal(required(record, "cost"));
        } catch (NumberFormatException e) {
            throw new RowException("cost", "number", "cost must be a number");
        }
        if (cost.signum() < 0) {
            throw new RowException("cost", "non-negative", "cost must not be negative");
        }
        if (cost.stripTrailingZeros().scale() > COST_SCALE) {
            throw new RowException("cost", "scale", "cost has at most " + COST_SCALE + " decimals");
        }
        String currencyText = record.isMapped("currency") ? record.get("currency") : "";
        Currency currency = defaultCurrency;
        if (!currencyText.isBlank()) {
            try {
                currency = Currency.getInstance(currencyText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RowException("currency", "iso-4217", "currency must be an ISO 4217 code");
            }
        } else if (currency == null) {
            throw new RowException("currency", "required", "currency is required (a column or --currency)");
        }
        return new SpendDocument(date, channel, campaign, impressions, clicks,
                cost.movePointRight(COST_SCALE).longValueExact(), currency.getCurrencyCode());
    }

    private static String required(CSVRecord record, String column) {
        String value = record.isSet(column) ? record.get(column) : "";
        if (value.isBlank()) {
            throw new RowException(column, "required", column + " is required");
        }
        return value.trim();
    }

    private static String name(CSVRecord record, String column) {
        String value = required(record, column);
        if (value.length() > MAX_NAME) {
            throw new RowException(column, "max-length", column + " is at most " + MAX_NAME + " characters");
        }
        return value;
    }

    private static long count(CSVRecord record, String column) {
        long value;
        try {
            value = Long.parseLong(required(record, column));
        } catch (NumberFormatException e) {
            throw new RowException(column, "integer", column + " must be a whole number");
        }
        if (value < 0) {
            throw new RowException(column, "non-negative", column + " must not be negative");
        }
        return value;
    }

    private long store(List<SpendDocument> chunk, List<Long> rowNumbers, List<ImportReport.RowError> errors,
                       boolean last) {
        if (chunk.isEmpty()) {
            return 0;
        }
        List<BulkOperation> operations = chunk.stream().map(document -> BulkOperation.of(b -> b.index(i -> i
                .index(INDEX).id(id(document)).document(document)))).toList();
        // the last chunk waits for a refresh: what the summary counts is searchable when it prints
        BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations)
                .refresh(last ? Refresh.WaitFor : Refresh.False)));
        long stored = 0;
        for (int i = 0; i < response.items().size(); i++) {
            BulkResponseItem item = response.items().get(i);
            if (item.error() == null) {
                stored++;
            } else {
                errors.add(new ImportReport.RowError(rowNumbers.get(i), "row", "not stored: " + item.error().type(), "stored"));
            }
        }
        chunk.clear();
        rowNumbers.clear();
        return stored;
    }

    static String id(SpendDocument document) {
        return Sha256.hex((document.date() + '\n' + document.channel() + '\n' + document.campaign())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static double seconds(long startedNanos) {
        return Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
    }

    private void installTemplate() {
        SingleIndexTemplate.install(client, INDEX, DynamicMapping.Strict, m -> m
                .properties("date", p -> p.date(d -> d.format("strict_date")))
                .properties("channel", p -> p.keyword(k -> k))
                .properties("campaign", p -> p.keyword(k -> k))
                .properties("impressions", p -> p.long_(l -> l))
                .properties("clicks", p -> p.long_(l -> l))
                .properties("costMicros", p -> p.long_(l -> l))
                .properties("currency", p -> p.keyword(k -> k)));
    }
}
