package io.cdp.clv;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.cdp.AppIntegrationTest;
import io.cdp.insights.BgNbdModel;
import io.cdp.insights.CustomerValue;
import io.cdp.insights.GammaGammaModel;
import io.cdp.insights.Horizon;
import io.cdp.insights.LifetimeValueModel;
import io.cdp.insights.PurchaseHistory;
import io.cdp.insights.ValueDeciles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Predicted CLV end to end: customers with known order histories through the tracking API, a CLV run through the
 * admin API, and the scores on the profile API equal to what {@link LifetimeValueModel} computes in plain Java from
 * the same histories with the run's fitted parameters (the run fits on every customer of the shared test stack,
 * other tests' included, so the parameters are read from the run); a "high value at risk" segment on
 * {@code predictedClv} and {@code pAlive} gets exactly the customers those scores put in it, and the built-in VIP
 * segment exactly the ones in the top decile; CLV per segment shows the members' historical and predicted CLV.
 */
class PredictedClvIT extends AppIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A customer's orders: days before now and value. */
    private record Order(int daysAgo, String value) {
    }

    private static Map<Integer, List<Order>> histories() {
        Map<Integer, List<Order>> customers = new LinkedHashMap<>();
        int[] singles = {10, 50, 120, 200};
        for (int i = 0; i < singles.length; i++) {
            customers.put(i, List.of(new Order(singles[i], "35.00")));
        }
        // many orders in a few weeks, then silence for most of a year: BG/NBD's picture of a customer who left
        String[] atRiskValues = {"50.00", "120.00", "300.00", "80.50"};
        for (int i = 0; i < atRiskValues.length; i++) {
            List<Order> orders = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                orders.add(new Order(300 - 2 * k - i, atRiskValues[i]));
            }
            customers.put(4 + i, orders);
        }
        for (int i = 0; i < 10; i++) {
            customers.put(8 + i, List.of(new Order(130 - i, "30.00"), new Order(80 - i, (40 + 3 * i) + ".00"),
                    new Order(5 + 3 * i, "45.25")));
        }
        for (int i = 0; i < 2; i++) {
            List<Order> orders = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                orders.add(new Order(1 + i + 7 * k, "900.00"));
            }
            customers.put(18 + i, orders);
        }
        return customers;
    }

    @Test
    void scoresEveryCustomerAsTheModelDoesAndSegmentsOnTheScores() throws Exception {
        Map<Integer, List<Order>> customers = histories();
        String writeKey = writeKey();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<Integer, Instant[]> span = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Order>> customer : customers.entrySet()) {
            span.put(customer.getKey(), send(writeKey, customer.getKey(), customer.getValue(), now));
        }
        Map<Integer, String> profileIds = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Order>> customer : customers.entrySet()) {
            String profile = await(() -> {
                HttpResponse<String> r = call(port, "GET", "/api/profiles/lookup?type=user_id&value=" + userId(
                        customer.getKey()), admin, null);
                return r.statusCode() == 200 && r.body().contains("\"orders\":" + customer.getValue().size() + ",")
                        ? r.body() : null;
            }, "customer " + customer.getKey() + " with all orders");
            profileIds.put(customer.getKey(), JSON.readTree(profile).path("profileId").asString());
        }
        assertThat(call(port, "POST", "/api/admin/clv/runs", basic("nobody", "x"), null).statusCode()).isEqualTo(401);
        HttpResponse<String> started = call(port, "POST", "/api/admin/clv/runs", admin, null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).path("id").asString();
        JsonNode done = JSON.readTree(await(() -> {
            String body = call(port, "GET", "/api/admin/clv/runs/" + runId, admin, null).body();
            String state = JSON.readTree(body).path("state").asString();
            assertThat(state).isNotEqualTo("FAILED");
            return state.equals("DONE") ? body : null;
        }, "the CLV run to end"));
        assertThat(done.path("customers").asLong()).isGreaterThanOrEqualTo(customers.size());
        assertThat(done.path("scored").asLong()).isEqualTo(done.path("customers").asLong());
        assertThat(done.path("changed").asLong()).as("new customers' scores are new").isGreaterThanOrEqualTo(
                customers.size());
        assertThat(call(port, "GET", "/api/admin/clv/runs/unknown-" + run, admin, null).statusCode()).isEqualTo(404);

        JsonNode m = done.path("model");
        LifetimeValueModel model = new LifetimeValueModel(
                new BgNbdModel(m.path("r").asDouble(), m.path("alpha").asDouble(), m.path("a").asDouble(),
                        m.path("b").asDouble()),
                new GammaGammaModel(m.path("p").asDouble(), m.path("q").asDouble(), m.path("gamma").asDouble()));
        JsonNode h = done.path("horizon");
        Horizon horizon = Horizon.of(h.path("periods").asInt(), h.path("periodDays").asInt(),
                h.path("discountRate").asDouble());
        List<Double> bounds = new ArrayList<>();
        done.path("deciles").forEach(bound -> bounds.add(bound.asDouble()));
        ValueDeciles deciles = new ValueDeciles(bounds);
        Instant asOf = Instant.parse(done.path("asOf").asString());

        Map<String, CustomerValue> scored = new LinkedHashMap<>();
        Map<String, BigDecimal> revenues = new LinkedHashMap<>();
        Set<String> expectedVip = new HashSet<>();
        for (Map.Entry<Integer, List<Order>> customer : customers.entrySet()) {
            List<Order> orders = customer.getValue();
            Instant[] firstLast = span.get(customer.getKey());
            BigDecimal revenue = orders.stream().map(o -> new BigDecimal(o.value())).reduce(BigDecimal.ZERO,
                    BigDecimal::add);
            LocalDate first = LocalDate.ofInstant(firstLast[0], ZoneOffset.UTC);
            PurchaseHistory history = PurchaseHistory.of(orders.size() - 1,
                    ChronoUnit.DAYS.between(first, LocalDate.ofInstant(firstLast[1], ZoneOffset.UTC)),
                    ChronoUnit.DAYS.between(first, LocalDate.ofInstant(asOf, ZoneOffset.UTC)),
                    revenue.doubleValue() / orders.size());
            CustomerValue expected = model.score(history, horizon);
            String id = profileIds.get(customer.getKey());

            JsonNode scores = JSON.readTree(call(port, "GET", "/api/profiles/" + id, admin, null).body())
                    .path("profile").path("predictedValue");
            assertThat(scores.path("predictedClv").asDouble()).as("customer %s", customer.getKey())
                    .isEqualTo(expected.predictedValue());
            assertThat(scores.path("probabilityAlive").asDouble()).isEqualTo(expected.probabilityAlive());
            assertThat(scores.path("expectedOrders").asDouble()).isEqualTo(expected.expectedOrders());
            assertThat(scores.path("expectedOrderValue").asDouble()).isEqualTo(expected.expectedOrderValue());
            assertThat(scores.path("predictedClvDecile").asInt()).isEqualTo(deciles.decile(expected.predictedValue()));
            assertThat(scores.path("basis").asString()).isEqualTo(orders.size() == 1 ? "population-prior" : "customer");
            assertThat(scores.path("runId").asString()).isEqualTo(runId);
            assertThat(Instant.parse(scores.path("scoredAt").asString())).isEqualTo(asOf);

            scored.put(id, expected);
            revenues.put(id, revenue);
            if (deciles.decile(expected.predictedValue()) == 10) {
                expectedVip.add(id);
            }
        }
        // "high value at risk": pAlive < 0.5 and a predicted CLV at least the median of those at risk
        List<Double> atRiskValues = scored.values().stream().filter(v -> v.probabilityAlive() < 0.5)
                .map(CustomerValue::predictedValue).sorted().toList();
        assertThat(atRiskValues).as("the seeded histories put customers at risk: %s", scored).hasSizeGreaterThan(1);
        double threshold = atRiskValues.get(atRiskValues.size() / 2);
        Set<String> expectedAtRisk = new HashSet<>();
        scored.forEach((id, v) -> {
            if (v.probabilityAlive() < 0.5
                    && BigDecimal.valueOf(v.predictedValue()).compareTo(BigDecimal.valueOf(threshold)) >= 0) {
                expectedAtRisk.add(id);
            }
        });
        assertThat(expectedVip).as("the seeded big spenders are in the top decile").isNotEmpty();
        String segment = "hvar-" + run;
        assertThat(call(port, "PUT", "/api/segments/" + segment, admin, """
                {"name": "high value at risk", "condition": {"type": "and", "conditions": [
                  {"type": "trait", "key": "clvCohort", "op": "equals", "value": "%s"},
                  {"type": "metric", "metric": "predictedClv", "op": "gte", "value": %s},
                  {"type": "metric", "metric": "pAlive", "op": "lt", "value": 0.5}]}}""".formatted(run, threshold))
                .statusCode()).isEqualTo(200);


        await(() -> members(segment).equals(expectedAtRisk) ? "" : null, "the at-risk segment's members");

        // CLV per segment: historical (revenue to date) and predicted side by side
        BigDecimal historical = expectedAtRisk.stream().map(revenues::get).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal predicted = expectedAtRisk.stream().map(id -> BigDecimal.valueOf(scored.get(id).predictedValue()))
                .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, RoundingMode.HALF_UP);
        JsonNode clv = JSON.readTree(await(() -> {
            String body = call(port, "POST", "/api/measurement/segments/" + segment + "/clv", admin, null).body();
            return JSON.readTree(body).path("members").asLong() == expectedAtRisk.size() ? body : null;
        }, "activation to know the at-risk segment's members"));
        assertThat(clv.path("total").decimalValue()).isEqualByComparingTo(historical);
        assertThat(clv.path("scoredMembers").asLong()).isEqualTo(expectedAtRisk.size());
        assertThat(clv.path("predictedTotal").decimalValue()).isEqualByComparingTo(predicted);
        JsonNode snapshots = JSON.readTree(call(port, "GET", "/api/measurement/segments/" + segment + "/clv", admin,
                null).body());
        JsonNode latest = snapshots.get(snapshots.size() - 1);
        assertThat(latest.path("total").decimalValue()).isEqualByComparingTo(historical);
        assertThat(latest.path("predictedTotal").decimalValue()).isEqualByComparingTo(predicted);
        // historical CLV per customer, as the KPI: every at-risk member has ordered
        assertThat(latest.path("customers").asLong()).isEqualTo(expectedAtRisk.size());
        assertThat(latest.path("average").decimalValue()).isEqualByComparingTo(
                historical.divide(BigDecimal.valueOf(expectedAtRisk.size()), 2, RoundingMode.HALF_UP));
        for (String id : profileIds.values()) {
            boolean vip = expectedVip.contains(id);
            await(() -> inSegment(id, "vip") == vip ? "" : null, "profile " + id + (vip ? " in" : " not in") + " vip");
        }
    }

    private Set<String> members(String segment) throws Exception {
        Set<String> members = new HashSet<>();
        JSON.readTree(call(port, "GET", "/api/segments/" + segment + "/members?size=1000", admin, null).body())
                .path("members").forEach(member -> members.add(member.path("profileId").asString()));
        return members;
    }

    private boolean inSegment(String profileId, String segment) throws Exception {
        HttpResponse<String> response = call(port, "GET", "/api/profiles/" + profileId + "/memberships", admin, null);
        if (response.statusCode() != 200) {
            return false;
        }
        for (JsonNode entry : JSON.readTree(response.body()).path("segments")) {
            if (entry.path("segmentId").asString().equals(segment)) {
                return true;
            }
        }
        return false;
    }

    private String userId(int customer) {
        return "clv-" + run + "-" + customer;
    }

    /** Sends the customer's identify and orders in one batch; returns the first and last order times. */
    private Instant[] send(String writeKey, int customer, List<Order> orders, Instant now) throws Exception {
        StringBuilder batch = new StringBuilder("{\"batch\":[{\"type\":\"identify\",\"userId\":\"" + userId(customer)
                + "\",\"messageId\":\"i-" + userId(customer) + "\",\"traits\":{\"clvCohort\":\"" + run + "\"}}");
        Instant first = null;
        Instant last = null;
        for (int k = 0; k < orders.size(); k++) {
            Instant at = now.minus(Duration.ofDays(orders.get(k).daysAgo()));
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
            batch.append(",{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"").append(userId(customer))
                    .append("\",\"messageId\":\"o-").append(userId(customer)).append('-').append(k)
                    .append("\",\"timestamp\":\"").append(at).append("\",\"properties\":{\"order_id\":\"")
                    .append(userId(customer)).append('-').append(k).append("\",\"revenue\":")
                    .append(orders.get(k).value()).append("}}");
        }
        HttpResponse<String> response = call(port, "POST", "/v1/batch", basic(writeKey, ""), batch.append("]}").toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new Instant[] {first, last};
    }

    private String writeKey() throws Exception {
        String source = "clv" + run;
        HttpResponse<String> response = call(port, "POST", "/api/admin/sources", admin,
                "{\"id\":\"" + source + "\",\"name\":\"" + source + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private static String await(Callable<String> probe, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            String result = probe.call();
            if (result != null) {
                return result;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
