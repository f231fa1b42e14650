package io.cdp.importing;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded orders file as a point-of-sale exports it (one row per line, naive local times, several
 * currencies, returns as negative quantities, cancelled orders, an extra trait column and an extra
 * order column, order ids reused for other customers), and the oracle: what every customer's
 * profile must hold after importing its parts in a given order, computed from the rows alone.
 */
final class GeneratedOrders {

    static final String HEADER = "order_id,line,customer_id,email,created,sku,qty,unit_price,currency,status,country,channel";
    static final String MAPPING = """
            columns:
              line: line_id
              customer_id: user_id
              created: timestamp
              sku: product_id
              qty: quantity
              unit_price: price
              country: trait.country
              channel: property.channel
            refunds: {statuses: [cancelled], negative-quantity: true}
            """;
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** JPY has no rate in the rates file: its orders are row errors. */
    private static final List<String> CURRENCIES = List.of("GBP", "EUR", "USD", "JPY");
    private static final LocalDate RATES_FROM = LocalDate.of(2018, 12, 20);
    private static final LocalDate RATES_TO = LocalDate.of(2025, 1, 10);
    private static final List<String> COUNTRIES = List.of("DE", "FR", "GB", "US");

    record Row(String orderId, int line, String customer, LocalDateTime created, String sku, int quantity,
               BigDecimal price, String currency, boolean cancelled, String country, String channel) {

        String csv() {
            return String.join(",", orderId, String.valueOf(line), customer, customer + "@example.com",
                    NAIVE.format(created), sku, String.valueOf(quantity), price.toPlainString(), currency,
                    cancelled ? "cancelled" : "completed", country, channel);
        }

        Instant at() {
            return created.atZone(ZONE).toInstant();
        }

        BigDecimal amount() {
            return price.multiply(BigDecimal.valueOf(Math.abs(quantity)));
        }
    }

    /**
     * What a customer's profile holds.
     *
     * @param revenue in USD
     */
    record Expected(long orders, long refunds, BigDecimal revenue, Map<String, BigDecimal> revenueByCurrency,
                    Instant firstOrderAt, Instant lastOrderAt, String country) {
    }

    final List<Row> rows = new ArrayList<>();
    /** An ECB-style file: EUR against USD and GBP on weekdays only. */
    final Map<LocalDate, BigDecimal> eurUsd = new TreeMap<>();
    final Map<LocalDate, BigDecimal> eurGbp = new TreeMap<>();

    GeneratedOrders(long seed, String runId, int customers, int orders) {
        Random random = new Random(seed);
        for (LocalDate day = RATES_FROM; day.isBefore(RATES_TO); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() <= 5) {
                eurUsd.put(day, BigDecimal.valueOf(10_000 + random.nextInt(3_000), 4));
                eurGbp.put(day, BigDecimal.valueOf(8_000 + random.nextInt(1_500), 4));
            }
        }
        Map<String, String> countries = new HashMap<>();
        for (int c = 0; c < customers; c++) {
            countries.put(customer(runId, c), COUNTRIES.get(random.nextInt(COUNTRIES.size())));
        }
        for (int o = 0; o < orders; o++) {
            String orderId = runId + "-" + (100_000 + o);
            String customer = customer(runId, random.nextInt(customers));
            LocalDateTime created = LocalDateTime.of(2019, 1, 1, 0, 0).plusMinutes(random.nextInt(6 * 365 * 24 * 60));
            String currency = CURRENCIES.get(random.nextInt(CURRENCIES.size()));
            boolean cancelled = random.nextInt(10) == 0;
            String channel = random.nextBoolean() ? "store" : "web";
            int lines = 1 + random.nextInt(4);
            List<Row> orderRows = new ArrayList<>();
            for (int line = 1; line <= lines; line++) {
                orderRows.add(new Row(orderId, line, customer, created, "SKU-" + random.nextInt(40), 1 + random.nextInt(5),
                        BigDecimal.valueOf(100 + random.nextInt(4900), 2), currency, cancelled, countries.get(customer),
                        channel));
            }
            if (!cancelled && random.nextInt(6) == 0) {
                Row returned = orderRows.get(random.nextInt(orderRows.size()));
                orderRows.add(new Row(orderId, lines + 1, customer, created, returned.sku(), -1, returned.price(),
                        currency, false, returned.country(), channel));
            }
            if (random.nextInt(20) == 0) {
                String other = customer(runId, random.nextInt(customers));
                if (!other.equals(customer)) {
                    orderRows.add(new Row(orderId, lines + 2, other, created.plusDays(3), "SKU-" + random.nextInt(40), 1,
                            BigDecimal.valueOf(999, 2), currency, false, countries.get(other), channel));
                }
            }
            rows.addAll(orderRows);
        }
        Collections.shuffle(rows, random);
    }

    String ratesCsv() {
        StringBuilder csv = new StringBuilder("date,base,quote,rate\n");
        eurUsd.forEach((day, rate) -> csv.append(day).append(",EUR,USD,").append(rate.toPlainString()).append('\n'));
        eurGbp.forEach((day, rate) -> csv.append(day).append(",EUR,GBP,").append(rate.toPlainString()).append('\n'));
        return csv.toString();
    }

    /** USD for one unit of the currency on the day: the latest weekday rate, across EUR for GBP. */
    BigDecimal usd(String currency, LocalDate day) {
        LocalDate rateDay = ((TreeMap<LocalDate, BigDecimal>) eurUsd).floorKey(day);
        return switch (currency) {
            case "USD" -> BigDecimal.ONE;
            case "EUR" -> eurUsd.get(rateDay);
            case "GBP" -> eurUsd.get(rateDay).divide(eurGbp.get(rateDay), MathContext.DECIMAL64);
            default -> null;
        };
    }

    static String customer(String runId, int number) {
        return runId + "-c" + number;
    }

    static String csv(List<Row> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        rows.forEach(row -> csv.append(row.csv()).append('\n'));
        return csv.toString();
    }

    /**
     * The profiles after importing the rows in this order: an order id belongs to the customer of
     * its first row; rows of another customer are rejected; a line counts once however often it
     * is imported; a cancelled order's lines and a returned line are refunds.
     */
    Map<String, Expected> oracle(List<Row> importedInOrder) {
        Map<String, String> owner = new HashMap<>();
        Map<String, Map<Integer, Row>> accepted = new LinkedHashMap<>();
        for (Row row : importedInOrder) {
            if (usd(row.currency(), row.created().toLocalDate()) == null) {
                continue;
            }
            owner.putIfAbsent(row.orderId(), row.customer());
            if (owner.get(row.orderId()).equals(row.customer())) {
                accepted.computeIfAbsent(row.orderId(), id -> new TreeMap<>()).putIfAbsent(row.line(), row);
            }
        }
        Map<String, Expected> profiles = new TreeMap<>();
        accepted.forEach((orderId, lines) -> {
            String customer = owner.get(orderId);
            BigDecimal gross = BigDecimal.ZERO;
            BigDecimal refunded = BigDecimal.ZERO;
            boolean purchase = false;
            Instant at = null;
            for (Row row : lines.values()) {
                at = at == null || row.at().isBefore(at) ? row.at() : at;
                if (row.quantity() > 0) {
                    purchase = true;
                    gross = gross.add(row.amount());
                    refunded = row.cancelled() ? refunded.add(row.amount()) : refunded;
                } else {
                    refunded = refunded.add(row.amount());
                }
            }
            Row first = lines.values().iterator().next();
            Expected before = profiles.getOrDefault(customer,
                    new Expected(0, 0, BigDecimal.ZERO, Map.of(), null, null, first.country()));
            BigDecimal inUsd = gross.subtract(refunded).multiply(usd(first.currency(), first.created().toLocalDate()));
            Map<String, BigDecimal> revenue = new TreeMap<>(before.revenueByCurrency());
            revenue.merge(first.currency(), gross.subtract(refunded), BigDecimal::add);
            Instant orderAt = at;
            boolean isOrder = purchase;
            profiles.put(customer, new Expected(before.orders() + (isOrder ? 1 : 0),
                    before.refunds() + (refunded.signum() > 0 ? 1 : 0),
                    before.revenue().add(inUsd), revenue,
                    !isOrder ? before.firstOrderAt() : before.firstOrderAt() == null || orderAt.isBefore(before.firstOrderAt())
                            ? orderAt : before.firstOrderAt(),
                    !isOrder ? before.lastOrderAt() : before.lastOrderAt() == null || orderAt.isAfter(before.lastOrderAt())
                            ? orderAt : before.lastOrderAt(),
                    before.country()));
        });
        return profiles;
    }

    /**
     * How many rows of these, imported in this order, belong to another customer's order; among the
     * orders in a currency with a rate ({@code rated}) or without one (never claimed: owned per file).
     */
    long foreignRows(List<Row> importedInOrder, boolean rated) {
        Map<String, String> owner = new HashMap<>();
        return importedInOrder.stream().filter(row -> (usd(row.currency(), row.created().toLocalDate()) != null) == rated)
                .filter(row -> !owner.computeIfAbsent(row.orderId(), id -> row.customer()).equals(row.customer()))
                .count();
    }

    /** Rows of orders in a currency without a rate. */
    long rowsWithoutRate(List<Row> rows) {
        return rows.stream().filter(row -> usd(row.currency(), row.created().toLocalDate()) == null).count();
    }
}
