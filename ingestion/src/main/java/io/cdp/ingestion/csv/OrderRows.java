package io.cdp.ingestion.csv;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.cdp.platform.Sha256;

/**
 * Turns the rows of an orders file into orders: rows sharing an order id form one order wherever
 * they stand in the file, each row one line with an identity that does not depend on the row's
 * position ({@code line_id} when the file has one, else a hash of the line's content and its
 * occurrence among identical lines of the order), so that the same line imported again, or the
 * order's lines split over several files, add up to the same order in the profile store.
 */
final class OrderRows {

    static final List<String> IDENTIFIERS = List.of("user_id", "email", "loyalty_card");
    private static final String EARLIER_IMPORT = "an earlier import";

    private final ImportRequest request;
    private final Timestamps timestamps;
    private final Map<String, List<Row>> byOrder = new LinkedHashMap<>();
    private final List<ImportReport.RowError> errors = new ArrayList<>();

    OrderRows(ImportRequest request) {
        this.request = request;
        this.timestamps = new Timestamps(request.zone(), request.timestampFormat());
    }

    /** One line of an order; {@code amount} is positive, {@code refund} says whether it was given back. */
    record Line(String lineId, String productId, String sku, String name, String category, BigDecimal price,
                BigDecimal quantity, BigDecimal cost, BigDecimal amount, boolean refund) {
    }

    record Row(long row, String orderId, Map<String, String> identifiers, Instant timestamp, String currency,
               BigDecimal total, boolean refundStatus, BigDecimal refundedAmount, Line line,
               Map<String, String> traits, Map<String, String> properties) {
    }

    /** An order of the file with the rows it was built from. */
    /** @param rate reporting-currency units for one unit of {@code currency}, once known */
    record Order(String orderId, List<Long> rows, Map<String, String> customer, Instant at, String currency,
                 BigDecimal total, List<Line> lines, List<Line> refunds, Map<String, String> traits,
                 Map<String, String> properties, BigDecimal rate) {

        Order withRate(BigDecimal rate) {
            return new Order(orderId, rows, customer, at, currency, total, lines, refunds, traits, properties, rate);
        }

        String customerKey() {
            return customer.entrySet().iterator().next().toString().toLowerCase(Locale.ROOT);
        }
    }

    void add(long row, ColumnMapping.MappedRow values) {
        try {
            Row parsed = parse(row, values);
            byOrder.computeIfAbsent(parsed.orderId(), id -> new ArrayList<>()).add(parsed);
        } catch (RowException e) {
            errors.add(new ImportReport.RowError(row, e.field, e.getMessage(), e.rule));
        }
    }

    /** The rows that became no order: complete once {@link #orders()} was called. */
    List<ImportReport.RowError> errors() {
        return errors;
    }

    /** The orders of every row added; rows that do not fit their order become errors. */
    List<Order> orders() {
        List<Order> orders = new ArrayList<>();
        byOrder.forEach((orderId, rows) -> order(orderId, rows, Map.of()).ifPresent(orders::add));
        return orders;
    }

    /**
     * The orders of these ids built again with the customers earlier imports claimed them for, as if the claims
     * had been known when {@link #orders()} built them: rows of another customer become errors, the others' order
     * carries the claim's identifiers too, and what the first build said about their rows is replaced.
     *
     * @param claimed the customers of order ids that earlier imports brought
     */
    List<Order> rebuilt(Map<String, Map<String, String>> claimed) {
        Set<Long> rows = new HashSet<>();
        claimed.keySet().forEach(orderId -> byOrder.get(orderId).forEach(row -> rows.add(row.row())));
        errors.removeIf(error -> rows.contains(error.row()));
        List<Order> orders = new ArrayList<>();
        claimed.forEach((orderId, customer) -> order(orderId, byOrder.get(orderId), customer).ifPresent(orders::add));
        return orders;
    }

    /** The first identifier type that both customers have with different values, if any. */
    private static Optional<String> differentCustomer(Map<String, String> customer, Map<String, String> other) {
        return other.entrySet().stream()
                .filter(id -> customer.containsKey(id.getKey()) && !customer.get(id.getKey()).equalsIgnoreCase(id.getValue()))
                .map(Map.Entry::getKey).findFirst();
    }

    void reject(Order order, String field, String rule, String reason) {
        order.rows().forEach(row -> errors.add(new ImportReport.RowError(row, field, reason, rule)));
    }

    private Optional<Order> order(String orderId, List<Row> rows, Map<String, String> claimedBy) {
        rows.sort(Comparator.comparingLong(Row::row));
        Map<String, String> customer = new LinkedHashMap<>(claimedBy);
        Map<String, Long> customerRow = new HashMap<>();
        claimedBy.keySet().forEach(type -> customerRow.put(type, 0L));
        String currency = null;
        List<Row> kept = new ArrayList<>();
        for (Row row : rows) {
            Optional<String> other = differentCustomer(customer, row.identifiers());
            if (other.isPresent()) {
                long owner = customerRow.get(other.get());
                errors.add(new ImportReport.RowError(row.row(), other.get(), "order " + orderId
                        + " belongs to a different customer (" + (owner == 0 ? EARLIER_IMPORT : "row " + owner) + ")",
                        "order-customer"));
                continue;
            }
            if (currency != null && row.currency() != null && !currency.equals(row.currency())) {
                errors.add(new ImportReport.RowError(row.row(), "currency",
                        "order " + orderId + " has another currency in an earlier row", "order-currency"));
                continue;
            }
            row.identifiers().forEach((type, value) -> {
                customer.putIfAbsent(type, value);
                customerRow.putIfAbsent(type, row.row());
            });
            currency = currency != null ? currency : row.currency();
            kept.add(row);
        }
        currency = currency != null ? currency : request.currency();
        Instant at = kept.stream().map(Row::timestamp).filter(Objects::nonNull).min(Comparator.naturalOrder())
                .orElse(null);
        String missing = customer.isEmpty() ? "user_id" : at == null ? "timestamp" : currency == null ? "currency" : null;
        if (missing != null) {
            String reason = switch (missing) {
                case "user_id" -> "an order needs one of user_id, email, loyalty_card";
                case "timestamp" -> "an order needs a timestamp";
                default -> "an order needs a currency column or the import's currency option";
            };
            kept.forEach(row -> errors.add(new ImportReport.RowError(row.row(), missing, reason, "required")));
            return Optional.empty();
        }
        if (kept.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(assemble(orderId, kept, customer, at, currency));
    }

    private static Order assemble(String orderId, List<Row> rows, Map<String, String> customer, Instant at,
                                  String currency) {
        List<Line> lines = new ArrayList<>();
        List<Line> refunds = new ArrayList<>();
        Map<String, Integer> occurrences = new HashMap<>();
        BigDecimal total = null;
        BigDecimal refundedAmount = null;
        boolean refundStatus = false;
        Map<String, String> traits = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        for (Row row : rows) {
            total = total != null ? total : row.total();
            refundedAmount = refundedAmount != null ? refundedAmount : row.refundedAmount();
            refundStatus |= row.refundStatus();
            row.traits().forEach(traits::putIfAbsent);
            row.properties().forEach(properties::putIfAbsent);
            if (row.line() != null) {
                Line line = withIdentity(row.line(), occurrences);
                (line.refund() ? refunds : lines).add(line);
            }
        }
        if (refundedAmount != null) {
            refunds.add(refund("refunded-amount", refundedAmount));
        } else if (refundStatus && total != null) {
            refunds.add(refund("refund-total", total));
        } else if (refundStatus) {
            lines.forEach(line -> refunds.add(new Line("refund-" + line.lineId(), line.productId(), line.sku(),
                    line.name(), line.category(), line.price(), line.quantity(), line.cost(), line.amount(), true)));
        }
        return new Order(orderId, rows.stream().map(Row::row).toList(), customer, at, currency, total, lines, refunds,
                traits, properties, null);
    }

    private static Line refund(String lineId, BigDecimal amount) {
        return new Line(lineId, null, null, null, null, null, null, null, amount, true);
    }

    /** Identical lines of one order are told apart by their count, which no row order changes. */
    private static Line withIdentity(Line line, Map<String, Integer> occurrences) {
        if (line.lineId() != null) {
            return line;
        }
        String content = String.join("|", String.valueOf(line.productId()), String.valueOf(line.sku()),
                String.valueOf(line.name()), plain(line.price()), plain(line.quantity()), plain(line.amount()),
                String.valueOf(line.refund()));
        String base = Sha256.hex(content.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        int occurrence = occurrences.merge(base, 1, Integer::sum);
        return new Line(base + "-" + occurrence, line.productId(), line.sku(), line.name(), line.category(),
                line.price(), line.quantity(), line.cost(), line.amount(), line.refund());
    }

    private static String plain(BigDecimal number) {
        return number == null ? "" : number.stripTrailingZeros().toPlainString();
    }

    private Row parse(long row, ColumnMapping.MappedRow values) {
        Map<String, String> fields = values.fields();
        String orderId = fields.get("order_id");
        if (orderId == null) {
            throw new RowException("order_id", "required", "an order needs an order_id");
        }
        Map<String, String> identifiers = new LinkedHashMap<>();
        IDENTIFIERS.forEach(type -> {
            if (fields.containsKey(type)) {
                identifiers.put(type, fields.get(type));
            }
        });
        Instant timestamp = null;
        if (fields.containsKey("timestamp")) {
            try {
                timestamp = timestamps.parse(fields.get("timestamp"));
            } catch (IllegalArgumentException e) {
                throw new RowException("timestamp", "timestamp", e.getMessage());
            }
        }
        String currency = null;
        if (fields.containsKey("currency")) {
            try {
                currency = ImportRequest.currency(fields.get("currency"));
            } catch (InvalidImportOptionException e) {
                throw new RowException("currency", "iso-4217", "currency must be an ISO 4217 code such as EUR");
            }
        }
        ColumnMapping.Refunds rules = request.mapping().refunds();
        boolean prefixed = rules.idPrefix() != null && orderId.startsWith(rules.idPrefix());
        BigDecimal refundedAmount = decimal(fields, "refunded_amount");
        Map<String, String> properties = new LinkedHashMap<>(values.unmapped());
        properties.putAll(values.properties());
        return new Row(row, orderId, identifiers, timestamp, currency, decimal(fields, "total"),
                rules.refundStatus(fields.get("status")) || fields.containsKey("cancelled_at"),
                refundedAmount == null || refundedAmount.signum() == 0 ? null : refundedAmount.abs(),
                line(fields, prefixed, rules.negativeQuantity()), values.traits(), properties);
    }

    /** A row's line: its revenue, else price × quantity; none when the row only states an order total. */
    private static Line line(Map<String, String> fields, boolean prefixed, boolean negativeIsRefund) {
        BigDecimal price = decimal(fields, "price");
        BigDecimal quantity = decimal(fields, "quantity");
        BigDecimal amount = decimal(fields, "revenue");
        if (amount == null && price != null) {
            amount = quantity == null ? price : price.multiply(quantity);
        }
        if (amount == null) {
            if (fields.containsKey("total")) {
                return null;
            }
            throw new RowException("revenue", "required", "an order row needs a revenue, a price or a total");
        }
        boolean negative = amount.signum() < 0 || quantity != null && quantity.signum() < 0;
        if (negative && !negativeIsRefund && !prefixed) {
            throw new RowException(amount.signum() < 0 ? "revenue" : "quantity", "non-negative",
                    "a negative quantity or revenue is not a refund under this import's mapping");
        }
        return new Line(fields.get("line_id"), fields.get("product_id"), fields.get("sku"), fields.get("product_name"),
                fields.get("category"), price == null ? null : price.abs(), quantity == null ? null : quantity.abs(),
                decimal(fields, "cost"), amount.abs(), negative || prefixed);
    }

    private static BigDecimal decimal(Map<String, String> fields, String field) {
        String text = fields.get(field);
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new RowException(field, "number", field + " must be a number");
        }
    }
}
