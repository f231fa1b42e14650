package io.cdp.ingestion.csv;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

import org.apache.commons.csv.CSVRecord;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;

import io.cdp.ingestion.SpendFields;
import io.cdp.platform.Sha256;

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
    private static final int MAX_NAME = 200;

    private final ElasticsearchClient client;
    private final DocumentRows<SpendDocument> rows;

    /** What was stored; {@code rows} counts data rows, the header not included. */
    public record SpendReport(long rows, long stored, long rejected, List<ImportReport.RowError> errors) {
    }

    /** Stored form; {@code channel} lower-cased so that "Google" and "google" are one channel. */
    record SpendDocument(String date, String channel, String campaign, long impressions, long clicks, long costMicros,
                         String currency) {
    }

    public SpendImporter(ElasticsearchClient client, int chunkRows) {
        this.client = client;
        this.rows = new DocumentRows<>(client, INDEX, chunkRows, SpendImporter::id);
        installTemplate();
    }

    /** @param defaultCurrency for rows without a currency column or value; null: such rows are rejected */
    public SpendReport importCsv(Reader csv, Currency defaultCurrency, long totalRows, CsvImporter.Progress progress) {
        List<String> required = COLUMNS.stream()
                .filter(column -> !column.equals("currency") || defaultCurrency == null).toList();
        DocumentRows.Outcome outcome = rows.importCsv(csv, required, "spend needs the columns "
                + String.join(", ", COLUMNS) + " (currency may come from --currency)",
                record -> document(record, defaultCurrency), totalRows, progress);
        return new SpendReport(outcome.rows(), outcome.stored(), outcome.errors().size(), outcome.errors());
    }

    private static SpendDocument document(CSVRecord record, Currency defaultCurrency) {
        String date = DocumentRows.required(record, "date");
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new RowException("date", "date", "date must be yyyy-MM-dd");
        }
        String channel = name(record, "channel").toLowerCase(Locale.ROOT);
        String campaign = name(record, "campaign");
        long impressions = count(record, "impressions");
        long clicks = count(record, "clicks");
        long costMicros = DocumentRows.micros(record, "cost");
        return new SpendDocument(date, channel, campaign, impressions, clicks, costMicros,
                DocumentRows.currency(record, defaultCurrency));
    }

    private static String name(CSVRecord record, String column) {
        String value = DocumentRows.required(record, column);
        if (value.length() > MAX_NAME) {
            throw new RowException(column, "max-length", column + " is at most " + MAX_NAME + " characters");
        }
        return value;
    }

    private static long count(CSVRecord record, String column) {
        long value;
        try {
            value = Long.parseLong(DocumentRows.required(record, column));
        } catch (NumberFormatException e) {
            throw new RowException(column, "integer", column + " must be a whole number");
        }
        if (value < 0) {
            throw new RowException(column, "non-negative", column + " must not be negative");
        }
        return value;
    }

    static String id(SpendDocument document) {
        return Sha256.hex((document.date() + '\n' + document.channel() + '\n' + document.campaign())
                .getBytes(StandardCharsets.UTF_8));
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
