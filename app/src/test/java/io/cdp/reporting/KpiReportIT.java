package io.cdp.reporting;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import io.cdp.AppIntegrationTest;
import io.cdp.ingestion.csv.SpendImporter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every KPI of the catalogue against an oracle that recomputes it in plain Java from the seeded calls:
 * random people on web, app and in store (anonymous, identified, and anonymous and known profiles merged
 * afterwards), orders in USD and EUR with refunds, NPS answers, reviews, campaigns and ad spend, all sent
 * through the public ingestion API and the spend importer. The numbers must be equal, not close. The data
 * lies in 2002–2003, which no other test of this JVM writes to, so the platform-wide counts are this test's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KpiReportIT extends AppIntegrationTest {

    private static final Instant FROM = Instant.parse("2003-06-02T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(28));
    private static final Instant HISTORY = FROM.minus(Duration.ofDays(150));
    private static final Instant LAST = TO.plus(Duration.ofDays(3));
    /** The session definition: a person's events with no gap longer than this between consecutive ones. */
    private static final Duration SESSION_GAP = Duration.ofMinutes(30);
    private static final int CHURN_DAYS = 90;
    /** The ROPO window's default, {@code cdp.reporting.ropo-window-days}. */
    private static final Duration ROPO_WINDOW = Duration.ofDays(7);
    /** The attribution window's default, {@code cdp.reporting.attribution-window-days}. */
    private static final Duration ATTRIBUTION_WINDOW = Duration.ofDays(30);
    private static final List<String> MEDIUMS = List.of("email", "cpc", "social");
    private static final List<String> SOURCES = List.of("newsletter", "google", "meta");
    private static final List<String> CAMPAIGNS = List.of("spring", "summer");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private Kpis kpis;
    @Autowired
    private ElasticsearchClient client;
    @Autowired
    private SpendImporter spendImporter;

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Random random = new Random(15_2003L);
    /** Store order products and the online views before them, apart so that the rest of the data stays as it was. */
    private final Random ropoRandom = new Random(15_2_2003L);
    /** Order lines with and without a unit cost and returned lines, apart for the same reason. */
    private final Random costRandom = new Random(15_3_2003L);
    private final List<Call> calls = new ArrayList<>();
    private final List<Call> merges = new ArrayList<>();
    private final List<SpendRow> spend = new ArrayList<>();
    private final Map<String, String> writeKeys = new HashMap<>();
    private int orderCount;
    private int messageCount;

    /** One seeded call and what the oracle needs of it. */
    private record Call(String messageId, int person, boolean knownPerson, String source, String type, String event,
            Instant at,
            String anonymousId, String userId, Map<String, Object> properties, Map<String, Object> context,
            String channel, String campaign, String orderId, long amountMicros, Integer npsScore, long ratingMicros,
            String refundOf, boolean costed, long costMicros, long costedMicros) {
    }

    /** What first- or last-touch attribution gives a channel or campaign, recomputed. */
    private record Conversions(long customers, long repeat, long orders, long revenueMicros, long newCustomers) {
    }

    private record SpendRow(LocalDate date, String channel, String campaign, long impressions, long clicks,
            long costMicros, String currency) {
    }

    @BeforeAll
    void seedThroughTheIngestionApi() throws Exception {
        for (String source : List.of("web", "app", "pos")) {
            writeKeys.put(source, writeKey(source + "-" + run));
        }
        importRates();
        for (int person = 0; person < 80; person++) {
            person(person);
        }
        for (int person = 80; person < 84; person++) {
            lead(person);
        }
        spendRows();
        spendImporter.importCsv(new StringReader(spendCsv()), null, -1, (done, total, rate) -> { });
        send(calls);
        awaitTimeline(calls.size());
        // the anonymous and the known profile of these people exist apart; now one call links them
        send(merges);
        awaitTimeline(calls.size() + merges.size());
        calls.addAll(merges);
        client.indices().refresh(r -> r.index("cdp-*"));
    }

    @Test
    void everyKpiOfThePeriodThePreviousPeriodEachDayAndEachChannelEqualsTheOracle() {
        KpiReport report = kpis.report(KpiQuery.of(FROM.toString(), TO.toString(), "day", "channel"));

        assertThat(text(report.totals().values())).isEqualTo(text(expected(FROM, TO, c -> true, s -> true, p -> true)));
        Instant previous = FROM.minus(Duration.between(FROM, TO));
        assertThat(text(report.previous().values()))
                .isEqualTo(text(expected(previous, FROM, c -> true, s -> true, p -> true)));
        assertThat(report.series()).hasSize(28);
        for (KpiReport.Values day : report.series()) {
            assertThat(text(day.values())).as(day.from().toString())
                    .isEqualTo(text(expected(day.from(), day.to(), c -> true, s -> true, p -> true)));
        }
        assertThat(groups(report)).isEqualTo(expectedGroups(FROM, TO, Call::channel, SpendRow::channel));
        assertThat(report.totals().get(Kpi.REVENUE)).isPositive();
        assertThat(report.totals().get(Kpi.NPS_ANSWERS)).isPositive();
        assertThat(report.totals().get(Kpi.STORE_VISITS)).isPositive();
        assertThat(report.totals().get(Kpi.COST_PER_STORE_VISIT)).isPositive();
        assertThat(report.totals().get(Kpi.ROPO_SHARE)).isPositive().isLessThan(new BigDecimal(100));
        assertThat(calls).as("a store order in the period whose product was viewed online only before the ROPO window")
                .anyMatch(c -> "store".equals(c.channel()) && c.orderId() != null && !c.at().isBefore(FROM)
                        && c.at().isBefore(TO) && !researchedOnline(c) && calls.stream().anyMatch(v ->
                                v.person() == c.person() && "Product Viewed".equals(v.event())
                                && v.at().isBefore(c.at().minus(ROPO_WINDOW))
                                && ((List<?>) c.properties().get("products")).contains(Map.of("product_id",
                                        v.properties().get("product_id")))));
        assertThat(report.totals().get(Kpi.CHURNED_SHARE)).isPositive();
        // the seeded visits cover what the session KPIs distinguish
        List<List<Call>> sessions = sessions(calls.stream().filter(c -> !c.at().isBefore(FROM) && c.at().isBefore(TO))
                .toList());
        assertThat(sessions).as("a session of a person's anonymous web and known app profiles, merged later")
                .anyMatch(s -> s.get(0).person() % 4 == 2 && s.stream().map(Call::source).distinct().count() == 2);
        assertThat(report.totals().get(Kpi.BOUNCE_RATE)).isPositive().isLessThan(new BigDecimal(100));
        assertThat(report.totals().get(Kpi.EVENTS_PER_SESSION)).isGreaterThan(BigDecimal.ONE);
        assertThat(report.totals().get(Kpi.SESSION_LENGTH)).isPositive();
        assertThat(report.totals().get(Kpi.LEAD_TO_CUSTOMER_RATE)).isPositive();
        assertThat(report.totals().get(Kpi.HISTORICAL_CLV)).isPositive();
    }

    @Test
    void weeksCutToAPeriodStartingMidWeekAndCampaignGroupsEqualTheOracle() {
        Instant thursday = FROM.plus(Duration.ofDays(3));
        KpiReport report = kpis.report(KpiQuery.of(thursday.toString(), TO.toString(), "week", "campaign"));

        assertThat(report.series()).extracting(KpiReport.Values::from)
                .containsExactly(thursday, FROM.plus(Duration.ofDays(7)), FROM.plus(Duration.ofDays(14)),
                        FROM.plus(Duration.ofDays(21)));
        for (KpiReport.Values week : report.series()) {
            assertThat(text(week.values())).as(week.from().toString())
                    .isEqualTo(text(expected(week.from(), week.to(), c -> true, s -> true, p -> true)));
        }
        assertThat(groups(report)).isEqualTo(expectedGroups(thursday, TO, c -> c.campaign() == null ? "" : c.campaign(),
                SpendRow::campaign));
    }

    /**
     * Profile counts, churn and the customers and revenue to date are read at every end at once, in time buckets as
     * coarse as the ends allow: ends between whole seconds must still give the oracle's figures.
     */
    @Test
    void aPeriodEndingBetweenWholeSecondsHasTheOraclesFiguresAtEveryEnd() {
        Instant end = TO.minus(Duration.ofDays(2)).minus(Duration.ofMinutes(37)).minusMillis(250);
        KpiReport report = kpis.report(KpiQuery.of(FROM.toString(), end.toString(), "week", null));

        assertThat(text(report.totals().values())).isEqualTo(text(expected(FROM, end, c -> true, s -> true, p -> true)));
        Instant previous = FROM.minus(Duration.between(FROM, end));
        assertThat(text(report.previous().values()))
                .isEqualTo(text(expected(previous, FROM, c -> true, s -> true, p -> true)));
        for (KpiReport.Values week : report.series()) {
            assertThat(text(week.values())).as(week.from().toString())
                    .isEqualTo(text(expected(week.from(), week.to(), c -> true, s -> true, p -> true)));
        }
        assertThat(report.series()).last().extracting(KpiReport.Values::to).isEqualTo(end);
        assertThat(report.totals().get(Kpi.CHURNED_SHARE)).isPositive();
    }

    @Test
    void firstAndLastTouchAttributionGiveChannelsAndCampaignsTheOrdersRevenueAndNewCustomersOfTheOracle()
            throws Exception {
        Map<String, Map<String, String>> firstByChannel = groups(kpis.report(KpiQuery.of(FROM.toString(),
                TO.toString(), "month", "channel", "first")));
        Map<String, Map<String, String>> lastByChannel = groups(kpis.report(KpiQuery.of(FROM.toString(),
                TO.toString(), "month", "channel", "last")));
        KpiReport lastByCampaign = kpis.report(KpiQuery.of(FROM.toString(), TO.toString(), "month", "campaign",
                "last"));

        assertThat(firstByChannel).isEqualTo(expectedGroups(FROM, TO, Call::channel, SpendRow::channel, true));
        assertThat(lastByChannel).isEqualTo(expectedGroups(FROM, TO, Call::channel, SpendRow::channel, false));
        assertThat(groups(lastByCampaign)).isEqualTo(expectedGroups(FROM, TO,
                c -> c.campaign() == null ? "" : c.campaign(), SpendRow::campaign, false));
        // every order of the period is attributed once: to a touch, or to (none) without one in the window
        assertThat(lastByCampaign.groups().stream().mapToLong(g -> g.get(Kpi.ORDERS).longValue()).sum())
                .isEqualTo(lastByCampaign.totals().get(Kpi.ORDERS).longValue());
        assertThat(firstByChannel).as("first and last touch differ for some channel").isNotEqualTo(lastByChannel);
        assertThat(firstByChannel.get("(none)").get("orders")).as("orders without a touch in the window")
                .isNotEqualTo("0");
        assertThat(firstByChannel.values()).as("a channel with spend and attributed new customers has a CAC")
                .anyMatch(g -> g.get("cac") != null && g.get("roas") != null);

        HttpResponse<String> json = call(port, "GET", "/api/kpis?from=" + FROM.toString().substring(0, 10) + "&to="
                + TO.toString().substring(0, 10) + "&groupBy=channel&attribution=first", admin, null);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).get("query").get("attribution").asString()).isEqualTo("FIRST");
        HttpResponse<String> bySegment = call(port, "GET", "/api/kpis?from=2003-06-02&to=2003-06-30&groupBy=segment"
                + "&attribution=last", admin, null);
        assertThat(bySegment.statusCode()).isEqualTo(400);
        assertThat(bySegment.body()).contains("\"field\":\"attribution\"").contains("\"rule\":\"groupBy\"");
    }

    @Test
    void grossProfitCoversOnlyOrderLinesWithACostAndSaysHowMuchOfTheRevenueThatIs() {
        KpiReport report = kpis.report(KpiQuery.of(FROM.toString(), TO.toString(), "week", null));

        // the seeded orders hold lines with and without a cost, and returned lines with their cost
        assertThat(report.totals().get(Kpi.COST_COVERAGE)).isPositive().isLessThan(new BigDecimal(100));
        assertThat(report.totals().get(Kpi.GROSS_PROFIT)).isPositive();
        assertThat(report.totals().get(Kpi.PROFIT_PER_CUSTOMER)).isPositive();
        assertThat(calls).anyMatch(c -> c.refundOf() != null && c.costed() && !c.at().isBefore(FROM)
                && c.at().isBefore(TO));
        assertThat(text(report.totals().values())).isEqualTo(text(expected(FROM, TO, c -> true, s -> true, p -> true)));
        // a period without an order line that carries a cost: no cost data, not a profit of zero
        Instant quiet = Instant.parse("2002-06-01T00:00:00Z");
        KpiReport none = kpis.report(KpiQuery.of(quiet.toString(), quiet.plus(Duration.ofDays(1)).toString(), null,
                null));
        assertThat(none.totals().get(Kpi.GROSS_PROFIT)).isNull();
        assertThat(none.totals().get(Kpi.COST_COVERAGE)).isNull();
    }

    @Test
    void theApiAnswersJsonAndCsvWithTheSameValuesToViewersAndRefusesBadInputNamingFieldAndRule() throws Exception {
        Map<String, String> expected = text(expected(FROM, TO, c -> true, s -> true, p -> true));
        String query = "/api/kpis?from=" + FROM.toString().substring(0, 10) + "&to=" + TO.toString().substring(0, 10);

        HttpResponse<String> json = call(port, "GET", query + "&interval=week", admin, null);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(json.body());
        assertThat(body.get("currency").asString()).isEqualTo("USD");
        assertThat(body.get("definitions")).hasSize(Kpi.values().length);
        assertThat(body.get("totals").get("values").get("revenue").decimalValue().toPlainString())
                .isEqualTo(expected.get("revenue"));
        assertThat(body.get("series")).hasSize(4);

        HttpResponse<String> csv = csv(query + "&format=csv", null);
        HttpResponse<String> accepted = csv(query, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(accepted.body()).isEqualTo(csv.body());
        List<String> lines = csv.body().lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        List<String> period = List.of(lines.get(1).split(",", -1));
        assertThat(period.subList(0, 2)).containsExactly("period", "");
        for (Kpi kpi : Kpi.values()) {
            String cell = period.get(header.indexOf(kpi.id()));
            String want = expected.get(kpi.id());
            assertThat(cell.isEmpty() ? null : new BigDecimal(cell).stripTrailingZeros().toPlainString()).as(kpi.id())
                    .isEqualTo(want);
        }

        HttpResponse<String> hourly = call(port, "GET", query + "&interval=hour", admin, null);
        assertThat(hourly.statusCode()).isEqualTo(400);
        assertThat(hourly.body()).contains("\"field\":\"interval\"").contains("\"rule\":\"oneOf\"");
        HttpResponse<String> backwards = call(port, "GET", "/api/kpis?from=2003-06-02&to=2003-06-01", admin, null);
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(backwards.body()).contains("\"field\":\"from\"").contains("\"rule\":\"beforeTo\"");
        assertThat(call(port, "GET", query, null, null).statusCode()).isEqualTo(401);
        String viewer = "viewer-" + run;
        assertThat(call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + viewer
                + "\",\"password\":\"viewer-password\",\"role\":\"VIEWER\"}").statusCode()).isEqualTo(201);
        assertThat(call(port, "GET", query, basic(viewer, "viewer-password"), null).statusCode()).isEqualTo(200);
    }

    @Test
    void segmentPersonaAndStageGroupsAreTheirCurrentMembersWithAllTheirEventsOfThePeriod() throws Exception {
        Map<String, Integer> personOfProfile = new HashMap<>();
        Set<String> looked = new HashSet<>();
        for (Call c : calls) {
            String type = c.userId() != null ? "user_id" : "anonymous_id";
            String value = c.userId() != null ? c.userId() : c.anonymousId();
            if (looked.add(type + ":" + value)) {
                personOfProfile.put(profileId(type, value), c.person());
            }
        }
        // every person of this test last acted in 2003: the built-in lifecycle-churned segment ends holding all
        awaitMembers("segmentIds", "lifecycle-churned", personOfProfile.keySet());
        for (String groupBy : List.of("segment", "persona", "stage")) {
            String field = switch (groupBy) {
                case "segment" -> "segmentIds";
                case "persona" -> "personaId";
                default -> "stage";
            };
            // a snapshot of the memberships that did not change while the report was computed
            Map<String, Set<String>> members;
            KpiReport report;
            JourneyFunnel funnel;
            int attempts = 0;
            do {
                assertThat(attempts++).as("memberships kept changing").isLessThan(20);
                members = members(field);
                report = kpis.report(KpiQuery.of(FROM.toString(), TO.toString(), "month", groupBy));
                funnel = kpis.journeyFunnel();
            } while (!members.equals(members(field)));
            if (groupBy.equals("stage")) {
                assertThat(funnel).isEqualTo(expectedFunnel(members));
            }
            Map<String, Map<String, String>> expected = new TreeMap<>();
            members.forEach((group, profiles) -> {
                Set<Integer> people = profiles.stream().map(personOfProfile::get).filter(Objects::nonNull)
                        .collect(Collectors.toSet());
                expected.put(group, text(expected(FROM, TO, c -> people.contains(c.person()), null,
                        people::contains)));
            });
            assertThat(groups(report)).as(groupBy).isEqualTo(expected);
        }
        KpiReport segments = kpis.report(KpiQuery.of(FROM.toString(), TO.toString(), "month", "segment"));
        assertThat(segments.membership()).isEqualTo(KpiReport.CURRENT_MEMBERS);
        assertThat(segments.groups()).filteredOn(g -> g.key().equals("lifecycle-churned")).singleElement()
                .satisfies(g -> assertThat(g.get(Kpi.UNIQUE_VISITORS)).isEqualTo(
                        segments.totals().get(Kpi.UNIQUE_VISITORS)));
    }

    @Test
    void retentionByMonthlyCohortOfFirstOrderEqualsTheOracle() throws Exception {
        Instant from = Instant.parse("2003-01-01T00:00:00Z");
        Instant to = Instant.parse("2003-07-01T00:00:00Z");

        RetentionTable table = kpis.retention(KpiQuery.of("2003-01-01", "2003-07-01", null, null));

        Map<Integer, Instant> firstOrder = new HashMap<>();
        Map<YearMonth, Set<Integer>> buyers = new HashMap<>();
        for (Call c : calls) {
            if (c.orderId() != null) {
                firstOrder.merge(c.person(), c.at(), (a, b) -> a.isBefore(b) ? a : b);
                if (!c.at().isBefore(from) && c.at().isBefore(to)) {
                    buyers.computeIfAbsent(YearMonth.from(c.at().atOffset(ZoneOffset.UTC)), m -> new HashSet<>())
                            .add(c.person());
                }
            }
        }
        Map<YearMonth, Set<Integer>> cohorts = new TreeMap<>();
        firstOrder.forEach((person, at) -> {
            if (!at.isBefore(from) && at.isBefore(to)) {
                cohorts.computeIfAbsent(YearMonth.from(at.atOffset(ZoneOffset.UTC)), m -> new HashSet<>()).add(person);
            }
        });
        List<String> expected = new ArrayList<>();
        cohorts.forEach((month, people) -> {
            List<Long> active = new ArrayList<>();
            List<String> rates = new ArrayList<>();
            for (YearMonth m = month; m.isBefore(YearMonth.of(2003, 7)); m = m.plusMonths(1)) {
                long count = buyers.getOrDefault(m, Set.of()).stream().filter(people::contains).count();
                active.add(count);
                rates.add(BigDecimal.valueOf(count * 100).divide(BigDecimal.valueOf(people.size()), 2,
                        RoundingMode.HALF_UP).toPlainString());
            }
            expected.add(month + " " + people.size() + " " + active + " " + rates);
        });
        assertThat(table.cohorts()).extracting(c -> c.month() + " " + c.customers() + " " + c.active() + " "
                + c.retention().stream().map(BigDecimal::toPlainString).toList()).isEqualTo(expected);
        assertThat(table.cohorts()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(table.cohorts()).anySatisfy(c -> assertThat(c.active().subList(1, c.active().size()))
                .anyMatch(n -> n > 0));
        HttpResponse<String> json = call(port, "GET", "/api/kpis/retention?from=2003-01-01&to=2003-07-01", admin, null);
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).get("cohorts")).hasSize(table.cohorts().size());
    }

    // ---- the oracle: plain Java over the seeded calls ----

    /**
     * @param spendInGroup null when spend does not apply (membership groups)
     * @param counted      the people profile counts and churn are about; null when they do not apply (channels)
     */
    private Map<String, BigDecimal> expected(Instant from, Instant to, Predicate<Call> inGroup,
            Predicate<SpendRow> spendInGroup, Predicate<Integer> counted) {
        return expected(from, to, inGroup, spendInGroup, counted, null);
    }

    /** @param attributed the group's conversions by first- or last-touch attribution; null by touchpoint */
    private Map<String, BigDecimal> expected(Instant from, Instant to, Predicate<Call> inGroup,
            Predicate<SpendRow> spendInGroup, Predicate<Integer> counted, Conversions attributed) {
        boolean spendApplies = spendInGroup != null;
        List<Call> scope = calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to))
                .filter(inGroup).toList();
        Set<Integer> visitors = scope.stream().map(Call::person).collect(Collectors.toSet());
        Map<Integer, Set<String>> ordersByPerson = new HashMap<>();
        scope.stream().filter(c -> c.orderId() != null)
                .forEach(c -> ordersByPerson.computeIfAbsent(c.person(), p -> new HashSet<>()).add(c.orderId()));
        long orders = ordersByPerson.values().stream().flatMap(Set::stream).distinct().count();
        long customers = ordersByPerson.size();
        long repeat = ordersByPerson.values().stream().filter(o -> o.size() >= 2).count();
        long revenueMicros = scope.stream().mapToLong(Call::amountMicros).sum();
        List<Call> costed = attributed != null ? List.of() : scope.stream().filter(Call::costed).toList();
        BigDecimal costedRevenue = costed.isEmpty() ? null : micros(costed.stream().mapToLong(Call::costedMicros).sum());
        BigDecimal profit = costed.isEmpty() ? null
                : costedRevenue.subtract(micros(costed.stream().mapToLong(Call::costMicros).sum()));
        long costedCustomers = costed.stream().filter(c -> c.orderId() != null).map(Call::person).distinct().count();
        long pageViews = scope.stream().filter(KpiReportIT::isView).count();
        Map<Integer, Instant> firstOrder = new HashMap<>();
        calls.stream().filter(c -> c.orderId() != null)
                .forEach(c -> firstOrder.merge(c.person(), c.at(), (a, b) -> a.isBefore(b) ? a : b));
        long newCustomers = firstOrder.entrySet().stream()
                .filter(e -> !e.getValue().isBefore(from) && e.getValue().isBefore(to))
                .filter(e -> ordersByPerson.containsKey(e.getKey())).count();
        if (attributed != null) {
            customers = attributed.customers();
            repeat = attributed.repeat();
            orders = attributed.orders();
            revenueMicros = attributed.revenueMicros();
            newCustomers = attributed.newCustomers();
        }
        List<SpendRow> rows = spend.stream().filter(r -> r.currency().equals("USD"))
                .filter(spendApplies ? spendInGroup : r -> false)
                .filter(r -> {
                    Instant day = r.date().atStartOfDay(ZoneOffset.UTC).toInstant();
                    return !day.isBefore(from) && day.isBefore(to);
                }).toList();
        long impressions = rows.stream().mapToLong(SpendRow::impressions).sum();
        long clicks = rows.stream().mapToLong(SpendRow::clicks).sum();
        BigDecimal cost = micros(rows.stream().mapToLong(SpendRow::costMicros).sum());
        List<Call> nps = scope.stream().filter(c -> c.npsScore() != null).toList();
        long promoters = nps.stream().filter(c -> c.npsScore() >= 9).count();
        long detractors = nps.stream().filter(c -> c.npsScore() <= 6).count();
        List<Call> reviews = scope.stream().filter(c -> "Product Reviewed".equals(c.event())).toList();
        long storeVisits = scope.stream().filter(c -> "Store Visited".equals(c.event())).count();
        Map<String, Call> storeOrders = new HashMap<>();
        scope.stream().filter(c -> c.orderId() != null && "store".equals(c.channel())).forEach(c -> storeOrders
                .merge(c.orderId(), c, (a, b) -> a.at().isBefore(b.at()) ? a : b));
        Set<String> ropoOrders = storeOrders.values().stream().filter(this::researchedOnline).map(Call::orderId)
                .collect(Collectors.toSet());
        long ropoRevenueMicros = scope.stream().filter(c -> ropoOrders.contains(c.orderId())
                || ropoOrders.contains(c.refundOf())).mapToLong(Call::amountMicros).sum();
        BigDecimal revenue = micros(revenueMicros);
        List<List<Call>> sessions = sessions(scope);
        long bounces = sessions.stream().filter(session -> session.size() == 1 && isView(session.get(0))).count();
        BigDecimal sessionSeconds = micros(sessions.stream().mapToLong(session -> Duration.between(session.get(0).at(),
                session.get(session.size() - 1).at()).toMillis() * 1000).sum());

        Long profiles = null;
        Long known = null;
        Long churned = null;
        Long leads = null;
        Long convertedLeads = null;
        BigDecimal revenueToDate = null;
        Long customersToDate = null;
        if (counted != null) {
            Map<Integer, Instant> firstSeen = new HashMap<>();
            Set<Integer> recent = new HashSet<>();
            Set<Integer> knownPeople = new HashSet<>();
            Instant window = to.minus(Duration.ofDays(CHURN_DAYS));
            for (Call c : calls) {
                firstSeen.merge(c.person(), c.at(), (a, b) -> a.isBefore(b) ? a : b);
                if (!c.at().isBefore(window) && c.at().isBefore(to)) {
                    recent.add(c.person());
                }
                if (c.knownPerson()) {
                    knownPeople.add(c.person());
                }
            }
            Set<Integer> existing = firstSeen.entrySet().stream().filter(e -> e.getValue().isBefore(to))
                    .map(Map.Entry::getKey).filter(counted).collect(Collectors.toSet());
            profiles = (long) existing.size();
            known = existing.stream().filter(knownPeople::contains).count();
            churned = existing.stream().filter(p -> !recent.contains(p)).count();
            Set<Integer> leadPeople = firstSeen.entrySet().stream()
                    .filter(e -> !e.getValue().isBefore(from) && e.getValue().isBefore(to)).map(Map.Entry::getKey)
                    .filter(knownPeople::contains).filter(counted).collect(Collectors.toSet());
            leads = (long) leadPeople.size();
            convertedLeads = leadPeople.stream().map(firstOrder::get)
                    .filter(at -> at != null && !at.isBefore(from) && at.isBefore(to)).count();
            List<Call> toDate = calls.stream().filter(c -> c.at().isBefore(to) && counted.test(c.person())).toList();
            revenueToDate = micros(toDate.stream().mapToLong(Call::amountMicros).sum());
            customersToDate = toDate.stream().filter(c -> c.orderId() != null).map(Call::person).distinct().count();
        }
        Map<String, BigDecimal> v = new LinkedHashMap<>();
        v.put("profiles", big(profiles));
        v.put("knownProfiles", big(known));
        v.put("anonymousProfiles", profiles == null ? null : big(profiles - known));
        v.put("identifiedRate", div(big(known), big(profiles), 100, 2));
        v.put("uniqueVisitors", big((long) visitors.size()));
        v.put("pageViews", big(pageViews));
        v.put("sessions", big((long) sessions.size()));
        v.put("bounceRate", div(big(bounces), big((long) sessions.size()), 100, 2));
        v.put("pagesPerSession", div(big(pageViews), big((long) sessions.size()), 1, 4));
        v.put("eventsPerSession", div(big((long) scope.size()), big((long) sessions.size()), 1, 4));
        v.put("sessionLength", div(sessionSeconds, big((long) sessions.size()), 1, 1));
        v.put("activeCustomers", big(customers));
        v.put("orders", big(orders));
        v.put("revenue", revenue.setScale(2, RoundingMode.HALF_UP));
        v.put("aov", div(revenue, big(orders), 1, 2));
        v.put("ordersPerActiveCustomer", div(big(orders), big(customers), 1, 4));
        v.put("conversionRate", div(big(customers), big((long) visitors.size()), 100, 2));
        v.put("repeatPurchaseRate", div(big(repeat), big(customers), 100, 2));
        v.put("newCustomers", big(newCustomers));
        v.put("leadToCustomerRate", div(big(convertedLeads), big(leads), 100, 2));
        v.put("costOfGoods", costed.isEmpty() ? null
                : micros(costed.stream().mapToLong(Call::costMicros).sum()).setScale(2, RoundingMode.HALF_UP));
        v.put("costCoverage", div(costedRevenue, revenue, 100, 2));
        v.put("grossProfit", profit == null ? null : profit.setScale(2, RoundingMode.HALF_UP));
        v.put("grossMargin", div(profit, costedRevenue, 100, 2));
        v.put("profitPerCustomer", div(profit, big(costedCustomers), 1, 2));
        v.put("historicalClv", div(revenueToDate, big(customersToDate), 1, 2));
        v.put("churnedShare", div(big(churned), big(profiles), 100, 2));
        v.put("impressions", spendApplies ? big(impressions) : null);
        v.put("clicks", spendApplies ? big(clicks) : null);
        v.put("cost", spendApplies ? cost.setScale(2, RoundingMode.HALF_UP) : null);
        v.put("cpm", spendApplies ? div(cost, big(impressions), 1000, 2) : null);
        v.put("ctr", spendApplies ? div(big(clicks), big(impressions), 100, 2) : null);
        v.put("cpc", spendApplies ? div(cost, big(clicks), 1, 2) : null);
        v.put("roas", spendApplies ? div(revenue, cost, 1, 4) : null);
        v.put("cpa", spendApplies ? div(cost, big(orders), 1, 2) : null);
        v.put("cac", spendApplies ? div(cost, big(newCustomers), 1, 2) : null);
        v.put("storeVisits", big(storeVisits));
        v.put("costPerStoreVisit", spendApplies ? div(cost, big(storeVisits), 1, 2) : null);
        v.put("ropoOrders", big((long) ropoOrders.size()));
        v.put("ropoShare", div(big((long) ropoOrders.size()), big((long) storeOrders.size()), 100, 2));
        v.put("ropoRevenue", micros(ropoRevenueMicros).setScale(2, RoundingMode.HALF_UP));
        v.put("nps", div(big(promoters - detractors), big((long) nps.size()), 100, 2));
        v.put("npsAnswers", big((long) nps.size()));
        v.put("npsPromoters", big(promoters));
        v.put("npsDetractors", big(detractors));
        v.put("reviews", big((long) reviews.size()));
        v.put("averageRating", div(micros(reviews.stream().mapToLong(Call::ratingMicros).sum()),
                big((long) reviews.size()), 1, 4));
        return v;
    }

    /** A store order whose buyer viewed one of its products online (not in store) within the window before it. */
    private boolean researchedOnline(Call order) {
        Set<Object> products = ((List<?>) order.properties().getOrDefault("products", List.of())).stream()
                .map(line -> ((Map<?, ?>) line).get("product_id")).collect(Collectors.toSet());
        return calls.stream().anyMatch(c -> c.person() == order.person() && "Product Viewed".equals(c.event())
                && !"store".equals(c.channel()) && products.contains(c.properties().get("product_id"))
                && !c.at().isAfter(order.at()) && !c.at().isBefore(order.at().minus(ROPO_WINDOW)));
    }

    private static boolean isView(Call c) {
        return c.type().equals("page") || c.type().equals("screen");
    }

    /** Each person's calls (all the profiles of the person count as one) split where they pause over the gap. */
    private static List<List<Call>> sessions(List<Call> scope) {
        List<List<Call>> sessions = new ArrayList<>();
        scope.stream().collect(Collectors.groupingBy(Call::person)).values().forEach(own -> {
            List<Call> sorted = own.stream().sorted(Comparator.comparing(Call::at)).toList();
            int start = 0;
            for (int i = 1; i <= sorted.size(); i++) {
                if (i == sorted.size()
                        || Duration.between(sorted.get(i - 1).at(), sorted.get(i).at()).compareTo(SESSION_GAP) > 0) {
                    sessions.add(sorted.subList(start, i));
                    start = i;
                }
            }
        });
        return sessions;
    }

    private Map<String, Map<String, String>> expectedGroups(Instant from, Instant to, Function<Call, String> key,
            Function<SpendRow, String> spendKey) {
        return expectedGroups(from, to, key, spendKey, null);
    }

    /**
     * @param firstTouch true: first-touch attribution, false: last-touch, null: by the order event's own channel or
     *                   campaign
     */
    private Map<String, Map<String, String>> expectedGroups(Instant from, Instant to, Function<Call, String> key,
            Function<SpendRow, String> spendKey, Boolean firstTouch) {
        Map<String, Conversions> attributed = firstTouch == null ? null : attribute(from, to, key, firstTouch);
        Set<String> keys = new HashSet<>();
        if (attributed != null) {
            keys.addAll(attributed.keySet());
        }
        calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to)).map(key).forEach(keys::add);
        spend.stream().filter(r -> r.currency().equals("USD")).filter(r -> {
            Instant day = r.date().atStartOfDay(ZoneOffset.UTC).toInstant();
            return !day.isBefore(from) && day.isBefore(to);
        }).map(spendKey).forEach(keys::add);
        Map<String, Map<String, String>> groups = new TreeMap<>();
        for (String group : keys) {
            groups.put(group.isEmpty() ? "(none)" : group, text(expected(from, to, c -> key.apply(c).equals(group),
                    r -> spendKey.apply(r).equals(group), null, attributed == null ? null
                            : attributed.getOrDefault(group, new Conversions(0, 0, 0, 0, 0)))));
        }
        return groups;
    }

    /**
     * Each order of the period to the key of its buyer's first or last touch (a call that is not an order or a
     * refund, with a key) in the window before the order's first Order Completed of the period, "" without one;
     * each new customer of the period likewise by their first order ever. Ties at one instant: the least key.
     */
    private Map<String, Conversions> attribute(Instant from, Instant to, Function<Call, String> key,
            boolean firstTouch) {
        List<Call> scope = calls.stream().filter(c -> !c.at().isBefore(from) && c.at().isBefore(to)).toList();
        Map<String, Call> firstCompleted = new HashMap<>();
        scope.stream().filter(c -> c.orderId() != null).forEach(c -> firstCompleted.merge(c.orderId(), c,
                (a, b) -> a.at().isBefore(b.at()) ? a : b));
        Map<String, Map<Integer, Set<String>>> orders = new HashMap<>();
        Map<String, Long> revenue = new HashMap<>();
        firstCompleted.forEach((order, c) -> {
            String group = touch(c.person(), c.at(), key, firstTouch);
            orders.computeIfAbsent(group, g -> new HashMap<>()).computeIfAbsent(c.person(), p -> new HashSet<>())
                    .add(order);
            revenue.merge(group, scope.stream().filter(e -> order.equals(e.orderId()) || order.equals(e.refundOf()))
                    .mapToLong(Call::amountMicros).sum(), Long::sum);
        });
        Map<Integer, Instant> firstOrder = new HashMap<>();
        calls.stream().filter(c -> c.orderId() != null)
                .forEach(c -> firstOrder.merge(c.person(), c.at(), (a, b) -> a.isBefore(b) ? a : b));
        Map<String, Long> newCustomers = new HashMap<>();
        firstOrder.forEach((person, at) -> {
            if (!at.isBefore(from) && at.isBefore(to)) {
                newCustomers.merge(touch(person, at, key, firstTouch), 1L, Long::sum);
            }
        });
        Map<String, Conversions> result = new HashMap<>();
        Set<String> groups = new HashSet<>(orders.keySet());
        groups.addAll(newCustomers.keySet());
        for (String group : groups) {
            Map<Integer, Set<String>> byPerson = orders.getOrDefault(group, Map.of());
            result.put(group, new Conversions(byPerson.size(), byPerson.values().stream().filter(o -> o.size() >= 2)
                    .count(), byPerson.values().stream().mapToLong(Set::size).sum(), revenue.getOrDefault(group, 0L),
                    newCustomers.getOrDefault(group, 0L)));
        }
        return result;
    }

    private String touch(int person, Instant at, Function<Call, String> key, boolean firstTouch) {
        Comparator<Call> order = Comparator.comparing(Call::at);
        order = firstTouch ? order.thenComparing(key) : order.reversed().thenComparing(key);
        return calls.stream().filter(c -> c.person() == person && !"Order Completed".equals(c.event())
                        && !"Order Refunded".equals(c.event()) && !key.apply(c).isEmpty()
                        && !c.at().isBefore(at.minus(ATTRIBUTION_WINDOW)) && c.at().isBefore(at))
                .min(order).map(key).orElse("");
    }

    private static Map<String, Map<String, String>> groups(KpiReport report) {
        Map<String, Map<String, String>> groups = new TreeMap<>();
        report.groups().forEach(g -> groups.put(g.key(), text(g.values())));
        return groups;
    }

    /** Values as plain text without trailing zeros: equal numbers compare equal whatever their scale. */
    private static Map<String, String> text(Map<String, BigDecimal> values) {
        Map<String, String> text = new LinkedHashMap<>();
        values.forEach((k, v) -> text.put(k, v == null ? null : v.stripTrailingZeros().toPlainString()));
        return text;
    }

    private static BigDecimal big(Long value) {
        return value == null ? null : BigDecimal.valueOf(value);
    }

    private static BigDecimal micros(long micros) {
        return BigDecimal.valueOf(micros, 6);
    }

    private static BigDecimal div(BigDecimal a, BigDecimal b, int factor, int scale) {
        return a == null || b == null || b.signum() == 0 ? null
                : a.multiply(BigDecimal.valueOf(factor)).divide(b, scale, RoundingMode.HALF_UP);
    }

    // ---- the seeded data ----

    private static BigDecimal eurRate(LocalDate day) {
        return BigDecimal.valueOf(10_000 + (day.toEpochDay() * 37) % 900, 4);
    }

    private void importRates() throws Exception {
        StringBuilder csv = new StringBuilder("date,base,quote,rate\n");
        for (LocalDate day = day(HISTORY).minusDays(1); !day.isAfter(day(LAST).plusDays(30)); day = day.plusDays(1)) {
            csv.append(day).append(",EUR,USD,").append(eurRate(day).toPlainString()).append('\n');
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/admin/import/rates")).header("Authorization", admin)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /**
     * One person's calls: anonymous web visitors; web visitors who identify (anonymous, then known, one
     * profile); people with an anonymous web profile and a known app profile that one identify merges
     * afterwards; known store customers whose orders carry {@code channel: store}.
     */
    private void person(int person) {
        int kind = person % 4;
        String anonymousId = "a-" + run + "-" + person;
        String userId = "u-" + run + "-" + person;
        int count = 2 + random.nextInt(11);
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            times.add(HISTORY.plusSeconds(random.nextLong(Duration.between(HISTORY, LAST).toSeconds())));
        }
        if (random.nextDouble() < 0.6) {
            // a visit in the period: events minutes apart, now and then a pause longer than the session gap
            Instant at = FROM.plusSeconds(random.nextLong(Duration.between(FROM, TO).toSeconds()));
            for (int i = random.nextInt(6); i >= 0; i--) {
                times.add(at);
                at = at.plusSeconds(random.nextDouble() < 0.15 ? 1800 + random.nextInt(1200) : random.nextInt(1500));
            }
        }
        count = times.size();
        times.sort(Comparator.naturalOrder());
        int identifyAt = random.nextInt(count);
        for (int i = 0; i < count; i++) {
            Instant at = times.get(i);
            switch (kind) {
                case 0 -> activity(person, false, "web", at, anonymousId, null);
                case 1 -> {
                    if (i == identifyAt) {
                        calls.add(seeded(person, true, "web", "identify", null, at, anonymousId, userId, Map.of(),
                                Map.of()));
                    } else {
                        activity(person, true, "web", at, anonymousId, i > identifyAt ? userId : null);
                    }
                }
                case 2 -> {
                    if (i % 2 == 0) {
                        activity(person, true, "web", at, anonymousId, null);
                    } else {
                        activity(person, true, "app", at, null, userId);
                    }
                }
                default -> activity(person, true, "pos", at, null, userId);
            }
        }
        if (kind == 2) {
            Instant at = HISTORY.plusSeconds(random.nextLong(Duration.between(HISTORY, LAST).toSeconds()));
            merges.add(seeded(person, true, "web", "identify", null, at, anonymousId, userId, Map.of(), Map.of()));
        }
    }

    /** A visitor first seen in the period who identifies and orders in that visit: a lead converted in the period. */
    private void lead(int person) {
        String anonymousId = "a-" + run + "-" + person;
        String userId = "u-" + run + "-" + person;
        Instant at = FROM.plusSeconds(random.nextLong(Duration.between(FROM, TO).toSeconds() - 3600));
        activity(person, true, "web", at, anonymousId, null);
        calls.add(seeded(person, true, "web", "identify", null, at.plusSeconds(300), anonymousId, userId, Map.of(),
                Map.of()));
        order(person, true, "web", at.plusSeconds(900), anonymousId, userId, Map.of());
    }

    private void activity(int person, boolean known, String source, Instant at, String anonymousId, String userId) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (source.equals("web") && random.nextDouble() < 0.5) {
            Map<String, Object> campaign = new LinkedHashMap<>();
            if (random.nextDouble() < 0.8) {
                campaign.put("medium", MEDIUMS.get(random.nextInt(MEDIUMS.size())));
            }
            campaign.put("source", SOURCES.get(random.nextInt(SOURCES.size())));
            if (random.nextDouble() < 0.7) {
                campaign.put("name", CAMPAIGNS.get(random.nextInt(CAMPAIGNS.size())));
            }
            context.put("campaign", campaign);
        }
        if (source.equals("app") && random.nextDouble() < 0.5) {
            context.put("channel", "Mobile");
        }
        double r = random.nextDouble();
        if (r < 0.40) {
            String type = switch (source) {
                case "web" -> "page";
                case "app" -> "screen";
                default -> "track";
            };
            calls.add(seeded(person, known, source, type, type.equals("track") ? "Store Visited" : null, at,
                    anonymousId,
                    userId, Map.of(), context));
        } else if (r < 0.62) {
            order(person, known, source, at, anonymousId, userId, context);
        } else if (r < 0.72) {
            calls.add(seeded(person, known, source, "track", "Survey Answered", at, anonymousId, userId,
                    Map.of("survey", "nps", "score", random.nextInt(11)), context));
        } else if (r < 0.80) {
            Object rating = random.nextDouble() < 0.8 ? (Object) (1 + random.nextInt(5)) : new BigDecimal("3.5");
            calls.add(seeded(person, known, source, "track", "Product Reviewed", at, anonymousId, userId,
                    Map.of("product_id", "p-" + random.nextInt(9), "rating", rating), context));
        } else {
            calls.add(seeded(person, known, source, "track", "Product Viewed", at, anonymousId, userId,
                    Map.of("product_id", "p-" + random.nextInt(9)), context));
        }
    }

    private void order(int person, boolean known, String source, Instant at, String anonymousId, String userId,
            Map<String, Object> context) {
        String orderId = "o-" + run + "-" + orderCount++;
        BigDecimal revenue = BigDecimal.valueOf(500 + random.nextInt(30_000), 2);
        String currency = random.nextDouble() < 0.3 ? "EUR" : "USD";
        Map<String, Object> properties = new LinkedHashMap<>(Map.of("order_id", orderId, "revenue", revenue,
                "currency", currency));
        if (source.equals("pos")) {
            properties.put("channel", "store");
            String product = "p-" + ropoRandom.nextInt(9);
            properties.put("products", List.of(Map.of("product_id", product)));
            if (ropoRandom.nextDouble() < 0.7) {
                // researched online: within the ROPO window before the order, or up to three days outside it
                Instant viewedAt = at.minusSeconds(ropoRandom.nextLong(Duration.ofDays(10).toSeconds()));
                calls.add(seeded(person, known, "web", "track", "Product Viewed", viewedAt, null, userId,
                        Map.of("product_id", product), Map.of()));
            }
        } else if (costRandom.nextDouble() < 0.7) {
            properties.put("products", lines(revenue));
        }
        calls.add(seeded(person, known, source, "track", "Order Completed", at, anonymousId, userId, properties,
                context));
        if (random.nextDouble() < 0.3) {
            Instant refundAt = at.plusSeconds(3600 + random.nextInt(20 * 86_400));
            BigDecimal refund = revenue.multiply(BigDecimal.valueOf(1 + random.nextInt(100), 2))
                    .setScale(2, RoundingMode.DOWN);
            Map<String, Object> refunded = new LinkedHashMap<>(Map.of("order_id", orderId, "revenue", refund,
                    "currency", currency));
            List<?> lines = (List<?>) properties.getOrDefault("products", List.of());
            if (!source.equals("pos") && !lines.isEmpty() && costRandom.nextDouble() < 0.5) {
                // the goods of one line come back: the refund names the line, with its cost
                Map<?, ?> line = (Map<?, ?>) lines.get(costRandom.nextInt(lines.size()));
                refunded.put("revenue", line.get("revenue"));
                refunded.put("products", List.of(line));
            }
            calls.add(seeded(person, known, source, "track", "Order Refunded", refundAt, anonymousId, userId,
                    refunded, context));
        }
    }

    /** One to three lines sharing the order's revenue, most with a unit cost below their price. */
    private List<Map<String, Object>> lines(BigDecimal revenue) {
        int count = 1 + costRandom.nextInt(3);
        List<Map<String, Object>> lines = new ArrayList<>();
        BigDecimal left = revenue;
        for (int i = 0; i < count; i++) {
            BigDecimal amount = i == count - 1 ? left
                    : left.multiply(BigDecimal.valueOf(10 + costRandom.nextInt(60), 2)).setScale(2, RoundingMode.DOWN);
            left = left.subtract(amount);
            int quantity = 1 + costRandom.nextInt(3);
            Map<String, Object> line = new LinkedHashMap<>(Map.of("product_id", "p-" + costRandom.nextInt(9),
                    "quantity", quantity, "revenue", amount));
            if (costRandom.nextDouble() < 0.75) {
                line.put("cost", amount.multiply(BigDecimal.valueOf(30 + costRandom.nextInt(50), 2))
                        .divide(BigDecimal.valueOf(quantity), 2, RoundingMode.DOWN));
            }
            lines.add(line);
        }
        return lines;
    }

    /** A call and what it means, by the KPI definitions, for the oracle. */
    private Call seeded(int person, boolean known, String source, String type, String event, Instant at,
            String anonymousId, String userId, Map<String, Object> properties, Map<String, Object> context) {
        Map<?, ?> campaign = context.get("campaign") instanceof Map<?, ?> m ? m : Map.of();
        String channel = campaign.get("medium") != null ? (String) campaign.get("medium")
                : campaign.get("source") != null ? (String) campaign.get("source")
                : context.get("channel") != null ? ((String) context.get("channel")).toLowerCase()
                : properties.get("channel") != null ? (String) properties.get("channel")
                : (source + "-" + run).toLowerCase();
        String orderId = "Order Completed".equals(event) ? (String) properties.get("order_id") : null;
        long amount = 0;
        if ("Order Completed".equals(event) || "Order Refunded".equals(event)) {
            BigDecimal rate = properties.get("currency").equals("EUR") ? eurRate(day(at)) : BigDecimal.ONE;
            BigDecimal value = ((BigDecimal) properties.get("revenue")).multiply(rate).movePointRight(6)
                    .setScale(0, RoundingMode.HALF_UP);
            amount = "Order Completed".equals(event) ? value.longValueExact() : -value.longValueExact();
        }
        // cost of goods: unit cost × quantity of the lines with a cost, and their revenue, converted and signed
        BigDecimal goods = BigDecimal.ZERO;
        BigDecimal covered = BigDecimal.ZERO;
        boolean costed = false;
        for (Object item : (List<?>) properties.getOrDefault("products", List.of())) {
            Map<?, ?> line = (Map<?, ?>) item;
            if (line.get("cost") != null && line.get("revenue") != null) {
                costed = true;
                goods = goods.add(((BigDecimal) line.get("cost")).multiply(BigDecimal.valueOf((Integer) line
                        .get("quantity"))));
                covered = covered.add((BigDecimal) line.get("revenue"));
            }
        }
        long costMicros = 0;
        long costedMicros = 0;
        String refundOf = "Order Refunded".equals(event) ? (String) properties.get("order_id") : null;
        if (costed) {
            BigDecimal rate = properties.get("currency").equals("EUR") ? eurRate(day(at)) : BigDecimal.ONE;
            long sign = refundOf != null ? -1 : 1;
            costMicros = sign * goods.multiply(rate).movePointRight(6).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
            costedMicros = sign * covered.multiply(rate).movePointRight(6).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        }
        Integer score = "Survey Answered".equals(event) ? (Integer) properties.get("score") : null;
        long rating = "Product Reviewed".equals(event)
                ? new BigDecimal(properties.get("rating").toString()).movePointRight(6).longValueExact() : 0;
        return new Call("m-" + run + "-" + messageCount++, person, known, source, type, event, at, anonymousId,
                userId, properties, context, channel,
                (String) campaign.get("name"), orderId, amount, score, rating, refundOf, costed, costMicros,
                costedMicros);
    }

    private void spendRows() {
        for (LocalDate day = day(FROM).minusDays(28); day.isBefore(day(TO).plusDays(2)); day = day.plusDays(1)) {
            for (String channel : MEDIUMS) {
                for (String campaign : CAMPAIGNS) {
                    if (random.nextDouble() < 0.7) {
                        long impressions = random.nextInt(5000);
                        long clicks = impressions == 0 ? 0 : random.nextInt((int) Math.min(impressions, 300));
                        spend.add(new SpendRow(day, channel, campaign, impressions, clicks,
                                random.nextInt(20_000) * 10_000L, random.nextDouble() < 0.1 ? "EUR" : "USD"));
                    }
                }
            }
        }
    }

    private String spendCsv() {
        StringBuilder csv = new StringBuilder("date,channel,campaign,impressions,clicks,cost,currency\n");
        spend.forEach(r -> csv.append(r.date()).append(',').append(r.channel()).append(',').append(r.campaign())
                .append(',').append(r.impressions()).append(',').append(r.clicks()).append(',')
                .append(micros(r.costMicros()).toPlainString()).append(',').append(r.currency()).append('\n'));
        return csv.toString();
    }

    private static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    // ---- sending and waiting ----

    private void send(List<Call> batch) throws Exception {
        Map<String, List<Call>> bySource = batch.stream().collect(Collectors.groupingBy(Call::source));
        for (Map.Entry<String, List<Call>> source : bySource.entrySet()) {
            List<Call> all = source.getValue();
            for (int from = 0; from < all.size(); from += 100) {
                List<Map<String, Object>> messages = new ArrayList<>();
                for (Call c : all.subList(from, Math.min(all.size(), from + 100))) {
                    Map<String, Object> message = new LinkedHashMap<>();
                    message.put("type", c.type());
                    message.put("messageId", c.messageId());
                    message.put("timestamp", c.at().toString());
                    if (c.anonymousId() != null) {
                        message.put("anonymousId", c.anonymousId());
                    }
                    if (c.userId() != null) {
                        message.put("userId", c.userId());
                    }
                    if (c.event() != null) {
                        message.put("event", c.event());
                    }
                    if (c.type().equals("page") || c.type().equals("screen")) {
                        message.put("name", "Home");
                    }
                    if (!c.type().equals("identify")) {
                        message.put("properties", c.properties());
                    }
                    message.put("context", c.context());
                    messages.add(message);
                }
                HttpResponse<String> response = call(port, "POST", "/v1/batch",
                        basic(writeKeys.get(source.getKey()), ""), JSON.writeValueAsString(Map.of("batch", messages)));
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.body()).doesNotContain("rejected");
            }
        }
    }

    private void awaitTimeline(long expected) throws Exception {
        List<FieldValue> sources = writeKeys.keySet().stream().map(s -> FieldValue.of(s + "-" + run)).toList();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long stored = -1;
        while (System.nanoTime() < deadline) {
            client.indices().refresh(r -> r.index("cdp-events-*"));
            stored = client.count(c -> c.index("cdp-events-*").query(q -> q.terms(t -> t.field("sourceId")
                    .terms(v -> v.value(sources))))).count();
            if (stored == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the timeline holds " + stored + " of the " + expected + " seeded calls");
    }

    private String profileId(String type, String value) throws Exception {
        HttpResponse<String> response = call(port, "GET", "/api/profiles/lookup?type=" + type + "&value=" + value,
                admin, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("profileId").asString();
    }

    /** Current members (not merged away) of each group of a memberships field: group to profile ids. */
    /** The funnel recomputed from a snapshot of current stage members: the five stages in order, then any others. */
    private static JourneyFunnel expectedFunnel(Map<String, Set<String>> stageMembers) {
        List<String> order = new ArrayList<>(List.of("awareness", "consideration", "decision", "service", "loyalty"));
        stageMembers.keySet().stream().filter(stage -> !order.contains(stage)).sorted().forEach(order::add);
        List<JourneyFunnel.Step> steps = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            long reached = 0;
            for (String later : order.subList(i, order.size())) {
                reached += stageMembers.getOrDefault(later, Set.of()).size();
            }
            long before = i == 0 ? 0 : steps.get(i - 1).reached();
            steps.add(new JourneyFunnel.Step(order.get(i), stageMembers.getOrDefault(order.get(i), Set.of()).size(),
                    reached, i == 0 || before == 0 ? null : reached * 100.0 / before));
        }
        return new JourneyFunnel(steps);
    }

    private Map<String, Set<String>> members(String field) throws Exception {
        client.indices().refresh(r -> r.index("cdp-memberships"));
        Map<String, Set<String>> members = new TreeMap<>();
        var response = client.search(s -> s.index("cdp-memberships").size(10_000)
                .query(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field("mergedInto"))))), Map.class);
        for (var hit : response.hits().hits()) {
            Map<?, ?> doc = hit.source();
            Object value = doc.get(field);
            List<Object> groups = value instanceof List<?> list ? new ArrayList<>(list)
                    : value == null ? List.of() : List.of(value);
            groups.forEach(g -> members.computeIfAbsent(g.toString(), k -> new HashSet<>())
                    .add(doc.get("profileId").toString()));
        }
        return members;
    }

    private void awaitMembers(String field, String group, Set<String> profiles) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Set<String> in = Set.of();
        while (System.nanoTime() < deadline) {
            in = members(field).getOrDefault(group, Set.of());
            if (in.containsAll(profiles)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(group + " holds " + in.stream().filter(profiles::contains).count() + " of the "
                + profiles.size() + " seeded profiles");
    }

    private String writeKey(String sourceId) throws Exception {
        HttpResponse<String> response = call(port, "POST", "/api/admin/sources", admin,
                "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private HttpResponse<String> csv(String path, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", admin).GET();
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
