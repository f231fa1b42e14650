package io.cdp.reporting;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.await;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static io.cdp.AppTestSupport.send;
import static io.cdp.AppTestSupport.writeKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.AppIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product-cost import end to end: exchange rates and a costs file through the HTTP import, orders whose lines
 * carry no cost (and one line with its own) through the tracking API, then the profit KPIs of {@code GET /api/kpis}
 * against an oracle that costs each line from the file in plain Java: the cost valid on the order's day, times the
 * quantity, at that day's rate.
 */
class ProductCostKpiIT extends AppIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final LocalDate MARCH = LocalDate.of(2019, 3, 1);

    @Autowired
    private ElasticsearchClient client;

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String campaign = "costs-" + run;

    /** A row of the costs file; {@code validFrom} null: from the start. */
    private record CostRow(String productId, BigDecimal cost, String currency, LocalDate validFrom) {
    }

    /** An order line; {@code ownCost} null: the line carries no cost. */
    private record Line(String productId, BigDecimal price, int quantity, BigDecimal ownCost) {
    }

    private record Order(String id, String user, Instant at, List<Line> lines) {
    }

    /** CHF → USD, a different rate on each day of March 2019. */
    private static BigDecimal chfRate(LocalDate day) {
        return new BigDecimal("1.00").add(BigDecimal.valueOf(day.getDayOfMonth(), 2));
    }

    @Test
    void orderLinesWithoutACostAreCostedFromTheImportedFileAtTheOrdersDayAndALineWithItsOwnCostKeepsIt()
            throws Exception {
        String key = writeKey(port, "costs-" + run);
        String a = "a-" + run;
        String b = "b-" + run;
        String c = "c-" + run;
        String z = "z-" + run;
        List<CostRow> costs = List.of(
                new CostRow(a, new BigDecimal("2.00"), "USD", null),
                new CostRow(a, new BigDecimal("2.50"), "USD", MARCH.withDayOfMonth(15)),
                new CostRow(b, new BigDecimal("4.00"), "CHF", MARCH),
                new CostRow(c, new BigDecimal("1.20"), "CHF", MARCH.withDayOfMonth(10)));

        StringBuilder rates = new StringBuilder("date,base,quote,rate\n");
        for (LocalDate day = MARCH; day.getMonthValue() == 3; day = day.plusDays(1)) {
            rates.append(day).append(",CHF,USD,").append(chfRate(day).toPlainString()).append('\n');
        }
        assertThat(upload("rates", rates.toString()).path("rejected").asLong()).isZero();
        StringBuilder file = new StringBuilder("product_id,cost,currency,valid_from\n");
        costs.forEach(row -> file.append(row.productId()).append(',').append(row.cost().toPlainString()).append(',')
                .append(row.currency()).append(',').append(row.validFrom() == null ? "" : row.validFrom()).append('\n'));
        // rows 6–11 break one rule each
        file.append(",1.00,USD,\n")
                .append("d-").append(run).append(",-1,USD,\n")
                .append("d-").append(run).append(",1.5 USD,USD,\n")
                .append("d-").append(run).append(",1,XYZ,\n")
                .append("d-").append(run).append(",1,ISK,2019-03-01\n")
                .append("d-").append(run).append(",1,USD,2019-02-30\n");

        JsonNode report = upload("costs", file.toString());

        assertThat(report.path("rows").asLong()).isEqualTo(10);
        assertThat(report.path("accepted").asLong()).isEqualTo(4);
        assertThat(report.path("rejected").asLong()).isEqualTo(6);
        List<String> errors = new ArrayList<>();
        report.path("errors").forEach(error -> errors.add(error.path("row").asLong() + " "
                + error.path("field").asString() + " " + error.path("rule").asString()));
        assertThat(errors).containsExactly("6 product_id required", "7 cost non-negative", "8 cost number",
                "9 currency iso-4217", "10 currency exchange-rate", "11 valid_from date");
        assertThat(call(port, "POST", "/api/admin/import/costs", null, "product_id,cost,currency\n").statusCode())
                .isEqualTo(401);

        List<Order> orders = List.of(
                // c's cost starts on the 10th: on the 5th its line has none, nor has z's ever
                new Order("o1-" + run, "u1-" + run, Instant.parse("2019-03-05T10:00:00Z"), List.of(
                        new Line(a, new BigDecimal("10"), 2, null),
                        new Line(b, new BigDecimal("20"), 1, null),
                        new Line(c, new BigDecimal("5"), 3, null),
                        new Line(z, new BigDecimal("7"), 1, null))),
                // a's second cost from the 15th, c's first; b's line brings its own cost, which the file does not replace
                new Order("o2-" + run, "u2-" + run, Instant.parse("2019-03-20T23:30:00Z"), List.of(
                        new Line(a, new BigDecimal("10"), 1, null),
                        new Line(c, new BigDecimal("5"), 1, null),
                        new Line(b, new BigDecimal("20"), 2, new BigDecimal("3.10")))),
                new Order("o3-" + run, "u1-" + run, Instant.parse("2019-03-21T10:00:00Z"), List.of(
                        new Line(z, new BigDecimal("7"), 1, null))));
        for (Order order : orders) {
            send(port, key, "/v1/track", track(order));
        }
        await(port, "/api/profiles/lookup?type=user_id&value=u1-" + run, "\"orders\":2");
        await(port, "/api/profiles/lookup?type=user_id&value=u2-" + run, "\"orders\":1");
        client.indices().refresh(r -> r.index("cdp-*"));

        HttpResponse<String> kpis = call(port, "GET", "/api/kpis?from=2019-03-01T00:00:00Z&to=2019-04-01T00:00:00Z"
                + "&groupBy=campaign", admin, null);
        assertThat(kpis.statusCode()).as(kpis.body()).isEqualTo(200);
        JsonNode group = null;
        for (JsonNode candidate : JSON.readTree(kpis.body()).path("groups")) {
            if (candidate.path("key").asString().equals(campaign)) {
                group = candidate.path("values");
            }
        }
        assertThat(group).as(kpis.body()).isNotNull();

        long[] expected = oracle(costs, orders);
        BigDecimal costOfGoods = BigDecimal.valueOf(expected[0], 6);
        BigDecimal costedRevenue = BigDecimal.valueOf(expected[1], 6);
        assertThat(group.path("costOfGoods").decimalValue()).isEqualByComparingTo(costOfGoods);
        assertThat(group.path("grossProfit").decimalValue())
                .isEqualByComparingTo(costedRevenue.subtract(costOfGoods));
        // the lines of c on the 5th and of z are the only ones without a cost: 15 + 7 + 7 of 124
        assertThat(costedRevenue).isEqualByComparingTo("95");
        assertThat(group.path("revenue").decimalValue()).isEqualByComparingTo("124");
    }

    /**
     * Cost of goods and the revenue it covers in millionths, recomputed: each line's own cost (the orders are in USD),
     * else the file's row of its product with the latest start on or before the order's day (UTC) times the day's
     * rate, times the quantity; an order's figures rounded to millionths as the timeline stores them.
     */
    private static long[] oracle(List<CostRow> costs, List<Order> orders) {
        long cost = 0;
        long covered = 0;
        for (Order order : orders) {
            LocalDate day = LocalDate.ofInstant(order.at(), ZoneOffset.UTC);
            BigDecimal orderCost = BigDecimal.ZERO;
            BigDecimal orderCovered = BigDecimal.ZERO;
            boolean any = false;
            for (Line line : order.lines()) {
                BigDecimal unit = line.ownCost();
                if (unit == null) {
                    CostRow row = costs.stream().filter(r -> r.productId().equals(line.productId()))
                            .filter(r -> r.validFrom() == null || !r.validFrom().isAfter(day))
                            .max(Comparator.comparing(r -> r.validFrom() == null ? LocalDate.MIN : r.validFrom()))
                            .orElse(null);
                    unit = row == null ? null : row.currency().equals("USD") ? row.cost()
                            : row.cost().multiply(chfRate(day));
                }
                if (unit != null) {
                    orderCost = orderCost.add(unit.multiply(BigDecimal.valueOf(line.quantity())));
                    orderCovered = orderCovered.add(line.price().multiply(BigDecimal.valueOf(line.quantity())));
                    any = true;
                }
            }
            if (any) {
                cost += orderCost.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
                covered += orderCovered.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
            }
        }
        return new long[] {cost, covered};
    }

    private String track(Order order) {
        List<Map<String, Object>> products = new ArrayList<>();
        BigDecimal revenue = BigDecimal.ZERO;
        for (Line line : order.lines()) {
            Map<String, Object> product = new LinkedHashMap<>();
            product.put("product_id", line.productId());
            product.put("price", line.price());
            product.put("quantity", line.quantity());
            if (line.ownCost() != null) {
                product.put("cost", line.ownCost());
            }
            products.add(product);
            revenue = revenue.add(line.price().multiply(BigDecimal.valueOf(line.quantity())));
        }
        return JSON.writeValueAsString(Map.of("userId", order.user(), "messageId", order.id(),
                "timestamp", order.at().toString(), "event", "Order Completed",
                "context", Map.of("campaign", Map.of("name", campaign, "medium", "email")),
                "properties", Map.of("order_id", order.id(), "revenue", revenue, "currency", "USD",
                        "products", products)));
    }

    private JsonNode upload(String kind, String csv) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/admin/import/" + kind)).header("Authorization", admin)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
