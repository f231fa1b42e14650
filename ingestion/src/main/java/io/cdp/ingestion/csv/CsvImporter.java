package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.ingestion.pipeline.IngestionService;
import io.cdp.ingestion.pipeline.ParsedRequest;
import io.cdp.ingestion.pipeline.Rejection;
import io.cdp.ingestion.pipeline.Sha256;
import io.cdp.ingestion.source.SourceNotFoundException;
import io.cdp.ingestion.source.SourceStore;

/**
 * Imports CRM contacts (as identify calls) and offline orders (as "Order Completed" track calls)
 * through the same pipeline as SDK traffic. MessageIds are derived from the source and the
 * order id / row content, so importing the same file twice never counts anything twice.
 */
public class CsvImporter {

    public enum Kind {
        CONTACTS, ORDERS
    }

    /** Called after every chunk; {@code total} is -1 when unknown. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, double rowsPerSecond);
    }

    private static final Set<String> CONTACT_IDENTIFIERS = Set.of("userId", "user_id", "email", "phone",
            "crm_id", "loyalty_card");
    private static final Set<String> EXTERNAL_IDS = Set.of("crm_id", "loyalty_card");
    private static final Set<String> PRODUCT_COLUMNS = Set.of("product_id", "sku", "product_name", "category",
            "price", "quantity");
    private static final Set<String> ORDER_COLUMNS = Set.of("order_id", "userId", "user_id", "email",
            "loyalty_card", "timestamp", "revenue", "total", "currency");
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private final IngestionService ingestion;
    private final SourceStore sources;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final int chunkRows;

    public CsvImporter(IngestionService ingestion, SourceStore sources, JsonMapper jsonMapper, Clock clock,
                       int chunkRows) {
        this.ingestion = ingestion;
        this.sources = sources;
        this.jsonMapper = jsonMapper;
        this.clock = clock;
        this.chunkRows = chunkRows;
    }

    /** A row that could not become a call. */
    private static final class RowException extends RuntimeException {
        private final String field;

        RowException(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    public ImportReport importCsv(Kind kind, Reader csv, String sourceId, long totalRows, Progress progress) {
        sources.find(sourceId).orElseThrow(() -> new SourceNotFoundException(sourceId));
        long started = System.nanoTime();
        long rows = 0;
        long accepted = 0;
        List<ImportReport.RowError> errors = new ArrayList<>();
        List<ObjectNode> chunk = new ArrayList<>();
        List<Long> chunkRowNumbers = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(csv, format)) {
            for (CSVRecord record : parser) {
                rows++;
                long row = record.getRecordNumber() + 1;
                try {
                    Map<String, String> values = nonBlank(record.toMap());
                    chunk.add(kind == Kind.CONTACTS ? contact(values, sourceId) : order(values, sourceId));
                    chunkRowNumbers.add(row);
                } catch (RowException e) {
                    errors.add(new ImportReport.RowError(row, e.field, e.getMessage()));
                }
                if (chunk.size() >= chunkRows) {
                    accepted += flush(chunk, chunkRowNumbers, sourceId, errors);
                    progress.update(rows, totalRows, rate(rows, started));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidCsvException(e.getMessage());
        }
        accepted += flush(chunk, chunkRowNumbers, sourceId, errors);
        progress.update(rows, totalRows, rate(rows, started));
        errors.sort(java.util.Comparator.comparingLong(ImportReport.RowError::row));
        return new ImportReport(kind.name().toLowerCase(java.util.Locale.ROOT), sourceId, rows, accepted,
                rows - accepted, errors);
    }

    private long flush(List<ObjectNode> chunk, List<Long> rowNumbers, String sourceId,
                       List<ImportReport.RowError> errors) {
        if (chunk.isEmpty()) {
            return 0;
        }
        IngestionService.Outcome outcome = ingestion.ingest(
                new ParsedRequest(null, List.copyOf(chunk), jsonMapper.createObjectNode(), null), sourceId,
                clock.instant(), index -> chunk.get(index).path("messageId").asString());
        for (Rejection rejection : outcome.rejections()) {
            errors.add(new ImportReport.RowError(rowNumbers.get(rejection.index()), rejection.field(),
                    rejection.reason()));
        }
        chunk.clear();
        rowNumbers.clear();
        return outcome.accepted().size();
    }

    private ObjectNode contact(Map<String, String> values, String sourceId) {
        ObjectNode call = jsonMapper.createObjectNode();
        call.put("type", "identify");
        call.put("messageId", messageId(sourceId, "contact", canonical(values)));
        String userId = userId(values);
        if (userId == null && values.keySet().stream().noneMatch(CONTACT_IDENTIFIERS::contains)) {
            throw new RowException("userId", "a contact needs one of userId, email, phone, crm_id, loyalty_card");
        }
        ObjectNode traits = call.putObject("traits");
        values.forEach((column, value) -> {
            if (!EXTERNAL_IDS.contains(column) && !column.equals("userId") && !column.equals("user_id")) {
                traits.put(column, value);
            }
        });
        ObjectNode context = call.putObject("context");
        ArrayNode externalIds = context.putArray("externalIds");
        for (String column : List.of("crm_id", "loyalty_card")) {
            if (values.containsKey(column)) {
                externalIds.addObject().put("id", values.get(column)).put("type", column)
                        .put("collection", "users").put("encoding", "none");
            }
        }
        identify(call, userId, values);
        return call;
    }

    private ObjectNode order(Map<String, String> values, String sourceId) {
        String orderId = values.get("order_id");
        if (orderId == null) {
            throw new RowException("order_id", "an order needs an order_id");
        }
        String userId = userId(values);
        if (userId == null && !values.containsKey("email") && !values.containsKey("loyalty_card")) {
            throw new RowException("userId", "an order needs one of userId, email, loyalty_card");
        }
        String timestamp = values.get("timestamp");
        if (timestamp == null) {
            throw new RowException("timestamp", "an order needs a timestamp");
        }
        BigDecimal revenue = decimal(values, "revenue");
        BigDecimal total = decimal(values, "total");
        if (revenue == null && total == null) {
            throw new RowException("revenue", "an order needs a revenue or total");
        }
        ObjectNode call = jsonMapper.createObjectNode();
        call.put("type", "track");
        call.put("event", "Order Completed");
        call.put("messageId", messageId(sourceId, "order", orderId));
        call.put("timestamp", instant(timestamp).toString());
        ObjectNode properties = call.putObject("properties");
        properties.put("order_id", orderId);
        properties.put("total", total != null ? total : revenue);
        properties.put("revenue", revenue != null ? revenue : total);
        properties.put("currency", values.getOrDefault("currency", "USD"));
        values.forEach((column, value) -> {
            if (!ORDER_COLUMNS.contains(column) && !PRODUCT_COLUMNS.contains(column)) {
                properties.put(column, value);
            }
        });
        if (values.keySet().stream().anyMatch(PRODUCT_COLUMNS::contains)) {
            ObjectNode product = properties.putArray("products").addObject();
            putIfPresent(product, "product_id", values.get("product_id"));
            putIfPresent(product, "sku", values.get("sku"));
            putIfPresent(product, "name", values.get("product_name"));
            putIfPresent(product, "category", values.get("category"));
            BigDecimal price = decimal(values, "price");
            if (price != null) {
                product.put("price", price);
            }
            BigDecimal quantity = decimal(values, "quantity");
            if (quantity != null) {
                product.put("quantity", quantity);
            }
        }
        ObjectNode context = call.putObject("context");
        if (values.containsKey("email")) {
            context.putObject("traits").put("email", values.get("email"));
        }
        if (values.containsKey("loyalty_card")) {
            context.putArray("externalIds").addObject().put("id", values.get("loyalty_card"))
                    .put("type", "loyalty_card").put("collection", "users").put("encoding", "none");
        }
        identify(call, userId, values);
        return call;
    }

    /**
     * Without a userId the row still needs an id the Segment spec accepts: an anonymousId derived
     * from its strongest identifier, so rows of the same person share it and identity
     * resolution links it through the email or external id the call also carries.
     */
    private static void identify(ObjectNode call, String userId, Map<String, String> values) {
        if (userId != null) {
            call.put("userId", userId);
            return;
        }
        for (String column : List.of("email", "phone", "crm_id", "loyalty_card")) {
            String value = values.get(column);
            if (value != null) {
                call.put("anonymousId", "import-" + sha256(column + ':' + value.toLowerCase(java.util.Locale.ROOT))
                        .substring(0, 32));
                return;
            }
        }
    }

    private static String userId(Map<String, String> values) {
        return values.containsKey("userId") ? values.get("userId") : values.get("user_id");
    }

    private static Instant instant(String text) {
        try {
            if (text.length() == 8 && text.chars().allMatch(Character::isDigit)) {
                return LocalDate.parse(text, BASIC_DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new RowException("timestamp", "timestamp must be yyyyMMdd, yyyy-MM-dd or an ISO-8601 date-time");
        }
    }

    private static BigDecimal decimal(Map<String, String> values, String column) {
        String text = values.get(column);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new RowException(column, column + " must be a number");
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Map<String, String> nonBlank(Map<String, String> row) {
        Map<String, String> values = new TreeMap<>();
        row.forEach((column, value) -> {
            if (column != null && !column.isBlank() && value != null && !value.isBlank()) {
                values.put(column.trim(), value.trim());
            }
        });
        return values;
    }

    private static String canonical(Map<String, String> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((column, value) -> text.append(column).append('=').append(value).append('\n'));
        return text.toString();
    }

    private static String messageId(String sourceId, String kind, String content) {
        return "import-" + UUID.nameUUIDFromBytes((sourceId + '\n' + kind + '\n' + content)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static double rate(long rows, long startedNanos) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startedNanos) / 1e9);
        return rows / seconds;
    }

    private static String sha256(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
