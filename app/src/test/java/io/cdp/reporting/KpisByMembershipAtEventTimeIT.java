package io.cdp.reporting;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.await;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static io.cdp.AppTestSupport.profileId;
import static io.cdp.AppTestSupport.send;
import static io.cdp.AppTestSupport.writeKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.AppIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment groups by membership at the time of each event ({@code membership=event}) against current members: a
 * person's order before entering a segment, an order while in it and one after leaving it, through the real
 * ingestion, profile store and segmentation, with the membership history as segmentation writes it. One segment
 * alone ({@code segment=}, {@code Kpis.segment}, {@code GET /api/measurement/segments/{id}}) has the same values.
 */
class KpisByMembershipAtEventTimeIT extends AppIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Kpis kpis;
    @Autowired
    private ElasticsearchClient client;

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String segment = "gold-" + run;
    private String key;

    @Test
    void anOrderCountsForTheSegmentsItsBuyerWasInWhenOrderingNotForThoseEnteredLaterOrLeftBefore() throws Exception {
        key = writeKey(port, "members-" + run);
        HttpResponse<String> saved = call(port, "PUT", "/api/segments/" + segment, admin, "{\"id\": \"" + segment
                + "\", \"condition\": {\"type\": \"trait\", \"key\": \"plan\", \"op\": \"equals\", \"value\": \"gold-"
                + run + "\"}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        Instant from = Instant.now().truncatedTo(ChronoUnit.DAYS);

        // A orders (10), then joins the segment, then orders again (20)
        String a = "a-" + run;
        order(a, "a1", "10");
        String aProfile = identify(a, "gold-" + run);
        awaitMember(aProfile, true);
        order(a, "a2", "20");
        // B joins, orders (40), leaves, orders again (80)
        String b = "b-" + run;
        String bProfile = identify(b, "gold-" + run);
        awaitMember(bProfile, true);
        order(b, "b1", "40");
        identify(b, "silver-" + run);
        awaitMember(bProfile, false);
        order(b, "b2", "80");
        await(port, "/api/profiles/lookup?type=user_id&value=" + a, "\"orders\":2");
        await(port, "/api/profiles/lookup?type=user_id&value=" + b, "\"orders\":2");
        awaitHistory(aProfile, 1, 0);
        awaitHistory(bProfile, 1, 1);
        client.indices().refresh(r -> r.index("cdp-*"));
        Instant to = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);

        KpiReport atEventTime = kpis.report(KpiQuery.of(from.toString(), to.toString(), null, "segment", null,
                "event"));
        KpiReport current = kpis.report(KpiQuery.of(from.toString(), to.toString(), null, "segment"));

        // at event time: A's second order and B's first, by both of them
        KpiReport.Group then = group(atEventTime, segment);
        assertThat(then.get(Kpi.ORDERS)).isEqualByComparingTo("2");
        assertThat(then.get(Kpi.REVENUE)).isEqualByComparingTo("60");
        assertThat(then.get(Kpi.ACTIVE_CUSTOMERS)).isEqualByComparingTo("2");
        // the people figures are about the members at the end of the period: A only
        assertThat(then.get(Kpi.PROFILES)).isEqualByComparingTo("1");
        assertThat(atEventTime.membership()).isEqualTo(KpiReport.MEMBERS_AT_EVENT_TIME);
        // current members: A, with all A's orders of the period, before joining too
        KpiReport.Group now = group(current, segment);
        assertThat(now.get(Kpi.ORDERS)).isEqualByComparingTo("2");
        assertThat(now.get(Kpi.REVENUE)).isEqualByComparingTo("30");
        assertThat(now.get(Kpi.ACTIVE_CUSTOMERS)).isEqualByComparingTo("1");
        assertThat(current.membership()).isEqualTo(KpiReport.CURRENT_MEMBERS);

        HttpResponse<String> json = call(port, "GET", "/api/kpis?from=" + from + "&to=" + to
                + "&groupBy=segment&membership=event", admin, null);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).get("membership").asString()).isEqualTo(KpiReport.MEMBERS_AT_EVENT_TIME);
        // one segment alone, on the same definitions: the report's group, the console panel's and the measurement API's
        assertThat(kpis.segment(segment, from, to).values()).isEqualTo(then.values());
        HttpResponse<String> only = call(port, "GET", "/api/kpis?from=" + from + "&to=" + to
                + "&groupBy=segment&membership=event&segment=" + segment, admin, null);
        assertThat(only.statusCode()).as(only.body()).isEqualTo(200);
        JsonNode onlyGroups = JSON.readTree(only.body()).get("groups");
        assertThat(onlyGroups).hasSize(1);
        assertThat(onlyGroups.get(0).get("key").asString()).isEqualTo(segment);
        assertThat(decimals(onlyGroups.get(0).get("values"))).isEqualTo(decimals(then.values()));
        HttpResponse<String> measured = call(port, "GET", "/api/measurement/segments/" + segment + "?from=" + from
                + "&to=" + to, admin, null);
        assertThat(measured.statusCode()).as(measured.body()).isEqualTo(200);
        JsonNode measurement = JSON.readTree(measured.body());
        assertThat(measurement.get("membership").asString()).isEqualTo(KpiReport.MEMBERS_AT_EVENT_TIME);
        assertThat(decimals(measurement.get("values"))).isEqualTo(decimals(then.values()));
        HttpResponse<String> segmentAlone = call(port, "GET", "/api/kpis?from=" + from + "&to=" + to
                + "&segment=" + segment, admin, null);
        assertThat(segmentAlone.statusCode()).isEqualTo(400);
        assertThat(segmentAlone.body()).contains("\"field\":\"segment\"").contains("\"rule\":\"groupBy\"");

        HttpResponse<String> byStage = call(port, "GET", "/api/kpis?from=" + from + "&to=" + to
                + "&groupBy=stage&membership=event", admin, null);
        assertThat(byStage.statusCode()).isEqualTo(400);
        assertThat(byStage.body()).contains("\"field\":\"membership\"").contains("\"rule\":\"groupBy\"");
    }

    /** KPI id to value as text with trailing zeros stripped (null when undefined), so JSON and Java compare. */
    private static Map<String, String> decimals(Map<String, BigDecimal> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((id, value) -> out.put(id, value == null ? null : value.stripTrailingZeros().toPlainString()));
        return out;
    }

    private static Map<String, String> decimals(JsonNode values) {
        Map<String, String> out = new TreeMap<>();
        values.properties().forEach(e -> out.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().decimalValue().stripTrailingZeros().toPlainString()));
        return out;
    }

    private static KpiReport.Group group(KpiReport report, String key) {
        return report.groups().stream().filter(g -> g.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + key + " in " + report.groups()));
    }

    private void order(String user, String order, String revenue) throws Exception {
        send(port, key, "/v1/track", "{\"userId\":\"" + user + "\",\"messageId\":\"" + order + "-" + run
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"event\":\"Order Completed\",\"properties\":"
                + "{\"order_id\":\"" + order + "-" + run + "\",\"revenue\":" + revenue + ",\"currency\":\"USD\"}}");
    }

    /** Sets the plan trait; answers the profile id once the profile store has it. */
    private String identify(String user, String plan) throws Exception {
        send(port, key, "/v1/identify", "{\"userId\":\"" + user + "\",\"messageId\":\"id-" + plan + "-" + user
                + "\",\"timestamp\":\"" + Instant.now() + "\",\"traits\":{\"plan\":\"" + plan + "\"}}");
        return profileId(await(port, "/api/profiles/lookup?type=user_id&value=" + user, "\"profileId\""));
    }

    private void awaitMember(String profileId, boolean member) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            client.indices().refresh(r -> r.index("cdp-memberships"));
            var doc = client.get(g -> g.index("cdp-memberships").id(profileId), Map.class);
            Object segments = doc.found() ? doc.source().get("segmentIds") : null;
            boolean in = segments instanceof List<?> list && list.contains(segment);
            if (in == member) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(profileId + (member ? " never entered " : " never left ") + segment);
    }

    /** Waits for the history lines of the profile's entries and exits of the segment. */
    private void awaitHistory(String profileId, long entered, long exited) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long[] seen = {-1, -1};
        while (System.nanoTime() < deadline) {
            client.indices().refresh(r -> r.index("cdp-membership-history"));
            for (int i = 0; i < 2; i++) {
                String field = i == 0 ? "entered" : "exited";
                seen[i] = client.count(c -> c.index("cdp-membership-history").query(q -> q.bool(bool -> bool
                        .filter(f -> f.term(t -> t.field("profileId").value(profileId)))
                        .filter(f -> f.term(t -> t.field(field).value(segment)))))).count();
            }
            if (seen[0] == entered && seen[1] == exited) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(profileId + " history of " + segment + ": " + seen[0] + " entries, " + seen[1]
                + " exits");
    }
}
