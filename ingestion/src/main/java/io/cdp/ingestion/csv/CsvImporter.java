package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import lombok.RequiredArgsConstructor;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.ingestion.OrderHistoryWindows;
import io.cdp.ingestion.pipeline.IngestionService;
import io.cdp.ingestion.pipeline.ParsedRequest;
import io.cdp.ingestion.pipeline.Rejection;
import io.cdp.ingestion.source.SourceNotFoundException;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.platform.Sha256;

/**
 * Imports CRM contacts (as identify calls) and offline orders through the same pipeline as SDK
 * traffic. The rows of an order become one "Order Completed" call with its lines, and its refunded
 * or cancelled lines one "Order Refunded" call with positive amounts (see {@link OrderRows}).
 * MessageIds are derived from the source, the order id and its line identities, so importing the
 * same file twice, in any row order, never counts anything twice.
 */
@RequiredArgsConstructor
public class CsvImporter {

    /** Rates are daily exchange rates ({@code date,base,quote,rate}) for orders in other currencies. */
    public enum Kind {
        CONTACTS, ORDERS, RATES
    }

    /** Called after every chunk; {@code total} is -1 when unknown. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, double rowsPerSecond);
    }

    private static final List<String> CONTACT_IDENTIFIERS = List.of("user_id", "email", "phone", "crm_id",
            "loyalty_card");
    private static final List<String> EXTERNAL_IDS = List.of("crm_id", "loyalty_card");
    private static final String COMPLETED = "Order Completed";
    /** Rows of an orders file grouped at once: order claims and rates are read and written per batch. */
    private static final int BATCH_ROWS = 10_000;

    private final IngestionService ingestion;
    private final SourceStore sources;
    private final OrderClaims claims;
    private final ExchangeRates exchangeRates;
    private final JsonMapper jsonMapper;
    private final Clock clock;
    private final int chunkRows;
    private final OrderHistoryWindows historyWindows;

    /** The calls made from some rows: all accepted, or the rows rejected. */
    private record Group(List<Long> rows, String customerKey, List<ObjectNode> calls, int lines, Instant at) {

        /** As {@link CustomerSpill} keeps it. */
        ObjectNode toJson(JsonMapper jsonMapper) {
            ObjectNode json = jsonMapper.createObjectNode();
            rows.forEach(json.putArray("rows")::add);
            json.put("customerKey", customerKey);
            calls.forEach(json.putArray("calls")::add);
            json.put("lines", lines);
            if (at != null) {
                json.put("at", at.toString());
            }
            return json;
        }

        static Group of(ObjectNode json) {
            List<Long> rows = new ArrayList<>();
            json.get("rows").forEach(row -> rows.add(row.asLong()));
            List<ObjectNode> calls = new ArrayList<>();
            json.get("calls").forEach(call -> calls.add((ObjectNode) call));
            return new Group(rows, json.get("customerKey").asString(), calls, json.get("lines").asInt(),
                    json.has("at") ? Instant.parse(json.get("at").asString()) : null);
        }
    }

    /** The counts of an import so far. */
    private static final class Tally {
        final long started = System.nanoTime();
        final List<OrderHistoryWindows.Window> windows;
        final long[] ordersInWindow;
        long rows;
        /** Whether rows are grouped (orders) in a pass before any is published, rather than published as read. */
        final boolean groupedFirst;
        long grouped;
        long done;
        long accepted;
        long orders;
        long lines;
        long refunds;
        Instant earliest;
        Instant latest;
        final Set<String> profiles = new HashSet<>();
        /** The earliest and latest imported order of each customer with one, as epoch milliseconds. */
        final Map<String, long[]> orderSpans = new HashMap<>();
        final List<ImportReport.RowError> errors = new ArrayList<>();

        Tally(boolean groupedFirst, List<OrderHistoryWindows.Window> windows) {
            this.groupedFirst = groupedFirst;
            this.windows = windows;
            this.ordersInWindow = new long[windows.size()];
        }

        /**
         * Rows worked through. An orders file is published only after every order is grouped and claimed, so
         * both passes count half: the bar moves while a large file is grouped instead of waiting at 0 %.
         */
        long progress() {
            long published = done + errors.size();
            return groupedFirst ? (grouped + published) / 2 : published;
        }

        void order(String customerKey, Instant at) {
            orders++;
            long millis = at.toEpochMilli();
            long[] span = orderSpans.computeIfAbsent(customerKey, key -> new long[] {millis, millis});
            span[0] = Math.min(span[0], millis);
            span[1] = Math.max(span[1], millis);
            for (int i = 0; i < windows.size(); i++) {
                if (windows.get(i).holds(at)) {
                    ordersInWindow[i]++;
                }
            }
        }

        ImportHistory history() {
            List<ImportHistory.WindowFit> fits = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                OrderHistoryWindows.Window window = windows.get(i);
                int which = window.byFirstOrder() ? 0 : 1;
                long customers = orderSpans.values().stream()
                        .filter(span -> window.holds(Instant.ofEpochMilli(span[which]))).count();
                fits.add(new ImportHistory.WindowFit(window, ordersInWindow[i], customers));
            }
            return ImportHistory.of(orders, orderSpans.size(), fits);
        }
    }

    /** With the default options: no mapping, naive times in UTC, no default currency. */
    public ImportReport importCsv(Kind kind, Reader csv, String sourceId, long totalRows, Progress progress) {
        return importCsv(new ImportRequest(kind, sourceId, null, null, null, null), csv, totalRows, progress);
    }

    public ImportReport importCsv(ImportRequest request, Reader csv, long totalRows, Progress progress) {
        if (request.kind() != Kind.RATES) {
            sources.find(request.source()).orElseThrow(() -> new SourceNotFoundException(request.source()));
        }
        boolean ordersFile = request.kind() == Kind.ORDERS;
        Tally tally = new Tally(ordersFile, ordersFile ? historyWindows.at(clock.instant()) : List.of());
        List<Group> pending = new ArrayList<>();
        List<ExchangeRates.Rate> rates = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setTrim(true).setIgnoreEmptyLines(true).get();
        try (OrderSpill spill = request.kind() == Kind.ORDERS ? new OrderSpill() : null) {
            List<String> headers;
            try (CSVParser parser = CSVParser.parse(csv, format)) {
                headers = parser.getHeaderNames();
                for (CSVRecord record : parser) {
                    tally.rows++;
                    long row = record.getRecordNumber() + 1;
                    ColumnMapping.MappedRow values = request.mapping().apply(record.toMap());
                    if (spill != null) {
                        spill.add(row, values.fields().get("order_id"), record);
                        continue;
                    }
                    if (request.kind() == Kind.RATES) {
                        rate(record, row, rates, tally);
                        continue;
                    }
                    try {
                        pending.add(contact(values, request.source(), row));
                    } catch (IllegalArgumentException e) {
                        tally.errors.add(new ImportReport.RowError(row, "user_id", e.getMessage(), "required"));
                    }
                    if (pending.size() >= chunkRows) {
                        flush(pending, request.source(), tally, totalRows, progress);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (IllegalStateException | IllegalArgumentException e) {
                throw new InvalidCsvException(e.getMessage());
            }
            if (spill != null) {
                importOrders(request, spill, headers, pending, tally, totalRows, progress);
            }
        }
        if (request.kind() == Kind.RATES) {
            exchangeRates.store(rates);
            tally.accepted = rates.size();
        }
        flush(pending, request.source(), tally, totalRows, progress);
        progress.update(tally.rows, totalRows, rate(tally.rows, tally.started));
        tally.errors.sort(Comparator.comparingLong(ImportReport.RowError::row));
        return new ImportReport(request.kind().name().toLowerCase(Locale.ROOT), request.source(), tally.rows,
                tally.accepted, tally.rows - tally.accepted, List.copyOf(tally.errors), tally.orders, tally.lines,
                tally.refunds, tally.profiles.size(), tally.earliest, tally.latest,
                request.kind() == Kind.ORDERS ? tally.history() : null);
    }

    /**
     * Groups the orders of a few partitions at a time (every order's rows are in one partition, so it is still
     * one "Order Completed" call with all its lines, and memory holds a batch of partitions rather than the
     * file), claims their ids, then publishes them customer by customer ({@link CustomerSpill}).
     */
    private void importOrders(ImportRequest request, OrderSpill spill, List<String> headers, List<Group> pending,
                              Tally tally, long totalRows, Progress progress) {
        spill.finishWriting();
        Rates rates = new Rates(request.zone());
        try (CustomerSpill byCustomer = new CustomerSpill(jsonMapper)) {
            spill.forEachBatch(headers, BATCH_ROWS, batch -> {
                OrderRows orders = new OrderRows(request);
                batch.forEach(row -> orders.add(row.row(), request.mapping().apply(row.columns())));
                for (OrderRows.Order order : claimedOrders(orders, rates.applied(orders, orders.orders()),
                        request.source(), rates)) {
                    Group group = order(order, request.source());
                    byCustomer.add(group.customerKey(), group.toJson(jsonMapper));
                }
                tally.errors.addAll(orders.errors());
                tally.grouped += batch.size();
                progress.update(tally.progress(), totalRows, rate(tally.progress(), tally.started));
            });
            // a running count of the pending calls: summing the list again after each order is quadratic per chunk
            int[] pendingCalls = {pending.stream().mapToInt(group -> group.calls().size()).sum()};
            byCustomer.forEachPartition(groups -> {
                for (ObjectNode json : groups) {
                    Group group = Group.of(json);
                    pending.add(group);
                    pendingCalls[0] += group.calls().size();
                    if (pendingCalls[0] >= chunkRows) {
                        flush(pending, request.source(), tally, totalRows, progress);
                        pendingCalls[0] = 0;
                    }
                }
            });
        }
    }

    /**
     * Claims the orders' ids for their customers, one create-only {@code _bulk} per batch. An id claimed
     * before (by an earlier import, this file imported again, another source or an import running at the same
     * time) is read back with its customer, one {@code mget} for those alone, and its order built again from
     * the claim: rows of another customer are row errors, the others stay one order of the claim's customer.
     * Claiming first and reading only what was claimed before spares a first import a read per order.
     */
    private List<OrderRows.Order> claimedOrders(OrderRows rows, List<OrderRows.Order> orders, String sourceId,
                                                Rates rates) {
        Map<String, Map<String, String>> customers = orders.stream()
                .collect(Collectors.toMap(OrderRows.Order::orderId, OrderRows.Order::customer));
        Set<String> lost = claims.claim(customers, sourceId, clock.instant());
        if (lost.isEmpty()) {
            return orders;
        }
        Map<String, Map<String, String>> winners = new HashMap<>();
        lost.forEach(orderId -> winners.put(orderId, Map.of()));
        winners.putAll(claims.find(lost));
        List<OrderRows.Order> kept = new ArrayList<>(orders.stream()
                .filter(order -> !lost.contains(order.orderId())).toList());
        kept.addAll(rates.applied(rows, rows.rebuilt(winners)));
        return kept;
    }

    /** The exchange rates of one import, read once and only when an order is not in the reporting currency. */
    private final class Rates {
        private final ZoneId zone;
        private final String reporting = exchangeRates.reportingCurrency();
        private ExchangeRates.Table table;

        Rates(ZoneId zone) {
            this.zone = zone;
        }

        /**
         * The orders of some rows, each with the rate of its day into the reporting currency; an order in a
         * currency without a rate is a row error, never summed as if it were the reporting currency.
         */
        List<OrderRows.Order> applied(OrderRows rows, List<OrderRows.Order> orders) {
            if (orders.stream().allMatch(order -> order.currency().equals(reporting))) {
                return orders.stream().map(order -> order.withRate(BigDecimal.ONE)).toList();
            }
            table = table != null ? table : exchangeRates.table();
            List<OrderRows.Order> converted = new ArrayList<>();
            for (OrderRows.Order order : orders) {
                LocalDate day = LocalDate.ofInstant(order.at(), zone);
                table.toReporting(order.currency(), day).ifPresentOrElse(rate -> converted.add(order.withRate(rate)),
                        () -> rows.reject(order, "currency", "exchange-rate", "no exchange rate from "
                                + order.currency() + " to the reporting currency " + reporting + " on " + day
                                + " or up to " + exchangeRates.maxAgeDays() + " days before: import rates first"));
            }
            return converted;
        }
    }

    private static void rate(CSVRecord record, long row, List<ExchangeRates.Rate> rates, Tally tally) {
        Map<String, String> values = record.toMap();
        try {
            String date = LocalDate.parse(String.valueOf(values.get("date")).trim()).toString();
            String base = rateCurrency(values, "base");
            String quote = rateCurrency(values, "quote");
            BigDecimal rate = new BigDecimal(String.valueOf(values.get("rate")).trim());
            if (rate.signum() <= 0) {
                throw new NumberFormatException();
            }
            rates.add(new ExchangeRates.Rate(date, base, quote, rate));
        } catch (DateTimeParseException e) {
            tally.errors.add(new ImportReport.RowError(row, "date", "date must be yyyy-MM-dd", "date"));
        } catch (InvalidImportOptionException e) {
            tally.errors.add(new ImportReport.RowError(row, String.valueOf(e.getBody().getProperties().get("field")),
                    "base and quote must be ISO 4217 codes such as EUR", "iso-4217"));
        } catch (NumberFormatException e) {
            tally.errors.add(new ImportReport.RowError(row, "rate", "rate must be a positive number", "positive"));
        }
    }

    private static String rateCurrency(Map<String, String> values, String column) {
        try {
            String code = ImportRequest.currency(values.get(column));
            if (code == null) {
                throw new InvalidImportOptionException(column, "iso-4217", column);
            }
            return code;
        } catch (InvalidImportOptionException e) {
            throw new InvalidImportOptionException(column, "iso-4217", column);
        }
    }

    private void flush(List<Group> groups, String sourceId, Tally tally, long totalRows, Progress progress) {
        if (groups.isEmpty()) {
            return;
        }
        List<ObjectNode> calls = new ArrayList<>();
        List<Group> owners = new ArrayList<>();
        for (Group group : groups) {
            group.calls().forEach(call -> {
                calls.add(call);
                owners.add(group);
            });
        }
        IngestionService.Outcome outcome = ingestion.ingestWithRates(
                new ParsedRequest(null, List.copyOf(calls), jsonMapper.createObjectNode(), null), sourceId,
                clock.instant(), index -> calls.get(index).path("messageId").asString());
        Map<Group, Rejection> rejected = outcome.rejections().stream()
                .collect(Collectors.toMap(rejection -> owners.get(rejection.index()), rejection -> rejection,
                        (first, second) -> first, IdentityHashMap::new));
        for (Group group : groups) {
            tally.done += group.rows().size();
            Rejection rejection = rejected.get(group);
            if (rejection != null) {
                group.rows().forEach(row -> tally.errors.add(
                        new ImportReport.RowError(row, rejection.field(), rejection.reason(), rejection.rule())));
                continue;
            }
            tally.accepted += group.rows().size();
            tally.profiles.add(group.customerKey());
            tally.lines += group.lines();
            for (ObjectNode call : group.calls()) {
                if (call.path("type").asString().equals("track")) {
                    if (COMPLETED.equals(call.path("event").asString())) {
                        tally.order(group.customerKey(), group.at());
                    } else {
                        tally.refunds++;
                    }
                }
            }
            if (group.at() != null) {
                tally.earliest = tally.earliest == null || group.at().isBefore(tally.earliest) ? group.at() : tally.earliest;
                tally.latest = tally.latest == null || group.at().isAfter(tally.latest) ? group.at() : tally.latest;
            }
        }
        groups.clear();
        progress.update(tally.progress(), totalRows, rate(tally.progress(), tally.started));
    }

    private Group contact(ColumnMapping.MappedRow values, String sourceId, long row) {
        Map<String, String> fields = values.fields();
        String key = CONTACT_IDENTIFIERS.stream().filter(fields::containsKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "a contact needs one of userId, email, phone, crm_id, loyalty_card"));
        ObjectNode call = jsonMapper.createObjectNode();
        call.put("type", "identify");
        call.put("messageId", messageId(sourceId, "contact", canonical(fields, values.traits(), values.unmapped())));
        ObjectNode traits = call.putObject("traits");
        fields.forEach((field, value) -> {
            if (!EXTERNAL_IDS.contains(field) && !field.equals("user_id")) {
                traits.put(field, value);
            }
        });
        values.unmapped().forEach(traits::put);
        values.traits().forEach(traits::put);
        ObjectNode context = call.putObject("context");
        ArrayNode externalIds = context.putArray("externalIds");
        for (String type : EXTERNAL_IDS) {
            if (fields.containsKey(type)) {
                externalIds.addObject().put("id", fields.get(type)).put("type", type)
                        .put("collection", "users").put("encoding", "none");
            }
        }
        identify(call, fields);
        return new Group(List.of(row), key + '=' + fields.get(key).toLowerCase(Locale.ROOT), List.of(call), 0, null);
    }

    private Group order(OrderRows.Order order, String sourceId) {
        List<ObjectNode> calls = new ArrayList<>();
        if (!order.lines().isEmpty() || order.total() != null) {
            ObjectNode call = orderCall(order, COMPLETED, order.lines(), sourceId);
            if (order.total() != null) {
                call.withObject("properties").put("order_total", order.total());
                call.withObject("properties").put("revenue", order.total());
                call.withObject("properties").put("total", order.total());
            }
            calls.add(call);
        }
        if (!order.refunds().isEmpty()) {
            calls.add(orderCall(order, "Order Refunded", order.refunds(), sourceId));
        }
        return new Group(order.rows(), order.customerKey(), calls, order.lines().size(), order.at());
    }

    private ObjectNode orderCall(OrderRows.Order order, String event, List<OrderRows.Line> lines, String sourceId) {
        ObjectNode call = jsonMapper.createObjectNode();
        call.put("type", "track");
        call.put("event", event);
        call.put("messageId", messageId(sourceId, event, order.orderId() + '\n' + lines.stream()
                .map(OrderRows.Line::lineId).sorted().collect(Collectors.joining("\n")) + '\n' + order.total()));
        call.put("timestamp", order.at().toString());
        ObjectNode properties = call.putObject("properties");
        order.properties().forEach(properties::put);
        properties.put("order_id", order.orderId());
        BigDecimal revenue = lines.stream().map(OrderRows.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        properties.put("revenue", revenue);
        properties.put("total", revenue);
        properties.put("currency", order.currency());
        properties.put("fx_rate", order.rate());
        properties.put("reporting_currency", exchangeRates.reportingCurrency());
        ArrayNode products = properties.putArray("products");
        for (OrderRows.Line line : lines) {
            ObjectNode product = products.addObject();
            product.put("line_id", line.lineId());
            putIfPresent(product, "product_id", line.productId());
            putIfPresent(product, "sku", line.sku());
            putIfPresent(product, "name", line.name());
            putIfPresent(product, "category", line.category());
            putIfPresent(product, "price", line.price());
            putIfPresent(product, "quantity", line.quantity());
            putIfPresent(product, "cost", line.cost());
            product.put("revenue", line.amount());
        }
        ObjectNode context = call.putObject("context");
        ObjectNode traits = context.putObject("traits");
        Map<String, String> customer = order.customer();
        if (customer.containsKey("email")) {
            traits.put("email", customer.get("email"));
        }
        order.traits().forEach(traits::put);
        if (customer.containsKey("loyalty_card")) {
            context.putArray("externalIds").addObject().put("id", customer.get("loyalty_card"))
                    .put("type", "loyalty_card").put("collection", "users").put("encoding", "none");
        }
        identify(call, customer);
        return call;
    }

    /**
     * Without a userId the row still needs an id the Segment-spec accepts: an anonymousId derived
     * from its strongest identifier, so rows of the same person share it and identity
     * resolution links it through the email or external id the call also carries.
     */
    private static void identify(ObjectNode call, Map<String, String> fields) {
        if (fields.containsKey("user_id")) {
            call.put("userId", fields.get("user_id"));
            return;
        }
        for (String type : List.of("email", "phone", "crm_id", "loyalty_card")) {
            String value = fields.get(type);
            if (value != null) {
                call.put("anonymousId", "import-" + Sha256.hex(type + ':' + value.toLowerCase(Locale.ROOT))
                        .substring(0, 32));
                return;
            }
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value instanceof BigDecimal number) {
            node.put(field, number);
        } else if (value != null) {
            node.put(field, value.toString());
        }
    }

    @SafeVarargs
    private static String canonical(Map<String, String>... parts) {
        StringBuilder text = new StringBuilder();
        for (Map<String, String> part : parts) {
            new TreeMap<>(part).forEach((column, value) -> text.append(column).append('=').append(value)
                    .append('\n'));
        }
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
}
