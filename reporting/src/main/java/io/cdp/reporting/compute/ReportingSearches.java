package io.cdp.reporting.compute;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.cdp.ingestion.SpendFields;
import io.cdp.profile.TimelineFields;
import io.cdp.reporting.KpiQuery;
import io.cdp.segmentation.MembershipFields;

/**
 * Every Elasticsearch read of the KPIs. Counts of distinct profiles and orders are exact: composite
 * aggregations page through every (profile, order) key of a scope and the application counts the keys, after
 * mapping merged-away profile ids to their survivors (no {@code cardinality}, which is an estimate). Sums
 * are of whole millionths ({@code long} fields), exact while a scope's sum stays below 2^53.
 */
public class ReportingSearches {

    private static final Logger LOG = LoggerFactory.getLogger(ReportingSearches.class);

    /** A composite key with no slice or group. */
    static final String ALL = "";

    private static final String SLICE = "slice";
    private static final String BUCKET = "bucket";
    private static final String GROUP = "group";
    private static final String PROFILE = "profile";
    private static final String ORDER = "order";
    private static final String REFUNDED = "refunded";
    private static final String AT = "at";
    private static final String STORE_VISITED = "Store Visited";
    private static final String STORE = "store";
    private static final String PRODUCT = "product";
    private static final String PRODUCT_VIEWED = "Product Viewed";
    private static final String ORDER_COMPLETED = "Order Completed";
    private static final String ORDER_REFUNDED = "Order Refunded";

    private final ElasticsearchClient client;
    private final String events;
    private final String profiles;
    private final String memberships;
    private final String history;
    private final String reportingCurrency;
    private final int pageSize;
    private final Duration ropoWindow;
    private final Duration attributionWindow;

    public ReportingSearches(ElasticsearchClient client, String profileIndexPrefix, String segmentationIndexPrefix,
            String reportingCurrency, int pageSize, Duration ropoWindow, Duration attributionWindow) {
        this.client = client;
        this.events = TimelineFields.events(profileIndexPrefix);
        this.profiles = TimelineFields.profiles(profileIndexPrefix);
        this.memberships = MembershipFields.index(segmentationIndexPrefix);
        this.history = MembershipFields.history(segmentationIndexPrefix);
        this.reportingCurrency = reportingCurrency;
        this.pageSize = pageSize;
        this.ropoWindow = ropoWindow;
        this.attributionWindow = attributionWindow;
    }

    String reportingCurrency() {
        return reportingCurrency;
    }

    /** How a scan splits a period: not at all, by calendar bucket, or by a keyword of the event or spend row. */
    record Slicing(KpiQuery.Interval interval, String eventField, String spendField) {

        static final Slicing NONE = new Slicing(null, null, null);

        static Slicing of(KpiQuery.Interval interval) {
            return new Slicing(interval, null, null);
        }

        static Slicing of(KpiQuery.GroupBy groupBy) {
            return switch (groupBy) {
                case CHANNEL -> new Slicing(null, TimelineFields.CHANNEL, SpendFields.CHANNEL);
                case CAMPAIGN -> new Slicing(null, TimelineFields.CAMPAIGN, SpendFields.CAMPAIGN);
                default -> NONE;
            };
        }

        private Map<String, CompositeAggregationSource> source(String name, String timeField, boolean spend) {
            if (interval != null) {
                String calendar = switch (interval) {
                    case DAY -> "day";
                    case WEEK -> "week";
                    case MONTH -> "month";
                };
                return Map.of(name, CompositeAggregationSource.of(s -> s.dateHistogram(d -> d.field(timeField)
                        .calendarInterval(t -> t.time(calendar)).timeZone("UTC"))));
            }
            String field = spend ? spendField : eventField;
            return field == null ? null : Map.of(name, CompositeAggregationSource.of(s -> s.terms(t -> t.field(field)
                    .missingBucket(true))));
        }
    }

    /** Merged-away profile id to its live survivor, for every profile that was merged. */
    public Survivors survivors() {
        Map<String, String> mergedInto = new HashMap<>();
        Query merged = Query.of(q -> q.exists(e -> e.field(TimelineFields.PROFILE_MERGED_INTO)));
        composite(profiles, merged, List.of(terms("id", "id"), terms("into", TimelineFields.PROFILE_MERGED_INTO)),
                Map.of(), bucket -> mergedInto.put(bucket.key().get("id").stringValue(),
                        bucket.key().get("into").stringValue()));
        return new Survivors(mergedInto);
    }

    /**
     * The activity of every unified profile with an event in {@code [from, to)}, in one scan, per calendar bucket of
     * {@code interval} (null: the whole period) and per channel or campaign when {@code groupBy} is one of them.
     */
    ActivityCube activity(Instant from, Instant to, KpiQuery.Interval interval, KpiQuery.GroupBy groupBy,
            Survivors survivors) {
        List<Map<String, CompositeAggregationSource>> slices = new ArrayList<>();
        if (interval != null) {
            slices.add(Slicing.of(interval).source(BUCKET, TimelineFields.TIMESTAMP, false));
        }
        Map<String, CompositeAggregationSource> group = Slicing.of(groupBy).source(GROUP, TimelineFields.TIMESTAMP,
                false);
        if (group != null) {
            slices.add(group);
        }
        ActivityCube cube = new ActivityCube(() -> ropoEvidence(from, to, survivors));
        scanActivity(from, to, slices, survivors, null, (profile, bucket) -> List.of(cube.cell(sliceKey(bucket, BUCKET),
                sliceKey(bucket, GROUP)).computeIfAbsent(profile, k -> new Activity())));
        return cube;
    }

    /** The groups (segments …) an event of a unified profile at a time counts for. */
    interface EventGroups {
        Collection<String> of(String profile, long at);
    }

    /**
     * Per group of {@code groups} (each event in the groups its profile and time give), the activity of every unified
     * profile with an event in {@code [from, to)}.
     */
    Map<String, Map<String, Activity>> activity(Instant from, Instant to, Survivors survivors, EventGroups groups,
            Set<String> only) {
        Map<String, Map<String, Activity>> result = new HashMap<>();
        scanActivity(from, to, List.of(), survivors, only, (profile, bucket) -> groups.of(profile, bucket.key().get(AT)
                .longValue()).stream().map(key -> result.computeIfAbsent(key, k -> new HashMap<>())
                        .computeIfAbsent(profile, k -> new Activity())).toList());
        if (result.values().stream().flatMap(m -> m.values().stream()).anyMatch(a -> !a.storeOrders.isEmpty())) {
            RopoEvidence evidence = ropoEvidence(from, to, survivors);
            result.values().forEach(evidence::mark);
        }
        return result;
    }

    /**
     * Adds what {@code [from, to)} holds to the activity {@code cell} names for a profile (its survivor) and an event
     * time, in two scans. The first keys every event by (time, slices, profile) and counts its page and screen views:
     * the moments the sessions are cut from. The second reads only the events that carry a measure (orders, refunds,
     * amounts, costs, NPS answers, ratings, store visits), a small share, keyed by (time, slices, profile, order,
     * refunded order) with their sums; most events need no sum, and sums on every key would cost most of the scan.
     */
    private void scanActivity(Instant from, Instant to, List<Map<String, CompositeAggregationSource>> slices,
            Survivors survivors, Set<String> only, ActivityCell cell) {
        Query ofProfiles = only == null ? null : ofProfiles(TimelineFields.PROFILE_ID, only);
        // leading with the time lets the scan read the period in ranges of time, each once (timeOrdered)
        List<Map<String, CompositeAggregationSource>> moments = new ArrayList<>();
        moments.add(terms(AT, TimelineFields.TIMESTAMP));
        moments.addAll(slices);
        moments.add(terms(PROFILE, TimelineFields.PROFILE_ID));
        timeOrdered(from, to, ofProfiles, 1, moments, Map.of("views", Aggregation.of(a -> a.filter(f -> f.terms(t -> t
                .field(TimelineFields.TYPE).terms(v -> v.value(List.of(FieldValue.of("PAGE"),
                        FieldValue.of("SCREEN")))))))), bucket -> {
                    long views = bucket.aggregations().get("views").filter().docCount();
                    String profile = survivors.of(bucket.key().get(PROFILE).stringValue());
                    cell.of(profile, bucket).forEach(activity -> {
                        activity.pageViews += views;
                        activity.add(bucket.key().get(AT).longValue(), bucket.docCount(), views);
                    });
                });
        List<Map<String, CompositeAggregationSource>> keys = new ArrayList<>(moments);
        keys.add(Map.of(ORDER, CompositeAggregationSource.of(s -> s.terms(t -> t.field(TimelineFields.ORDER_ID)
                .missingBucket(true)))));
        keys.add(Map.of(REFUNDED, CompositeAggregationSource.of(s -> s.terms(t -> t
                .field(TimelineFields.REFUNDED_ORDER_ID).missingBucket(true)))));
        Query measured = Query.of(q -> q.bool(b -> b.filter(f -> f.bool(o -> o.minimumShouldMatch("1")
                .should(has(TimelineFields.ORDER_ID)).should(has(TimelineFields.REFUNDED_ORDER_ID))
                .should(has(TimelineFields.AMOUNT_MICROS)).should(has(TimelineFields.COST_MICROS))
                .should(has(TimelineFields.COSTED_MICROS)).should(has(TimelineFields.NPS_SCORE))
                .should(has(TimelineFields.RATING_MICROS))
                .should(t -> t.term(v -> v.field(TimelineFields.EVENT).value(STORE_VISITED)))))));
        Map<String, Aggregation> measures = new LinkedHashMap<>();
        measures.put("amount", Aggregation.of(a -> a.sum(s -> s.field(TimelineFields.AMOUNT_MICROS))));
        measures.put("nps", Aggregation.of(a -> a.filter(has(TimelineFields.NPS_SCORE))));
        measures.put("promoters", Aggregation.of(a -> a.filter(f -> f.range(r -> r.untyped(u -> u
                .field(TimelineFields.NPS_SCORE).gte(JsonData.of(9)))))));
        measures.put("detractors", Aggregation.of(a -> a.filter(f -> f.range(r -> r.untyped(u -> u
                .field(TimelineFields.NPS_SCORE).lte(JsonData.of(6)))))));
        measures.put("reviews", Aggregation.of(a -> a.filter(has(TimelineFields.RATING_MICROS))));
        measures.put("rating", Aggregation.of(a -> a.sum(s -> s.field(TimelineFields.RATING_MICROS))));
        measures.put(STORE, Aggregation.of(a -> a.filter(f -> f.term(t -> t.field(TimelineFields.CHANNEL)
                .value(STORE)))));
        measures.put("goodsCost", Aggregation.of(a -> a.sum(s -> s.field(TimelineFields.COST_MICROS))));
        measures.put("costedRevenue", Aggregation.of(a -> a.sum(s -> s.field(TimelineFields.COSTED_MICROS))));
        measures.put("costed", Aggregation.of(a -> a.filter(has(TimelineFields.COST_MICROS))));
        measures.put("storeVisits", Aggregation.of(a -> a.filter(f -> f.bool(b -> b
                .filter(t -> t.term(v -> v.field(TimelineFields.TYPE).value("TRACK")))
                .filter(t -> t.term(v -> v.field(TimelineFields.EVENT).value(STORE_VISITED)))))));
        timeOrdered(from, to, ofProfiles == null ? measured : Query.of(q -> q.bool(b -> b.filter(measured)
                .filter(ofProfiles))), 1, keys, measures, bucket -> cell.of(survivors.of(bucket.key().get(PROFILE)
                .stringValue()), bucket).forEach(activity -> add(activity, bucket)));
    }

    /** The activities (of cells or groups) an event of a profile, at its time and slices, adds to. */
    private interface ActivityCell {
        Collection<Activity> of(String profile, CompositeBucket bucket);
    }

    private static Query has(String field) {
        return Query.of(q -> q.exists(e -> e.field(field)));
    }

    /** What one bucket of the measures scan (a profile's measured events at one time) adds to its activity. */
    private static void add(Activity activity, CompositeBucket bucket) {
        FieldValue order = bucket.key().get(ORDER);
        long costed = bucket.aggregations().get("costed").filter().docCount();
        if (order != null && !order.isNull()) {
            String id = order.stringValue();
            activity.orders.add(id);
            activity.orderAt.merge(id, bucket.key().get(AT).longValue(), Math::min);
            activity.orderMicros.merge(id, sum(bucket, "amount"), Long::sum);
            if (bucket.aggregations().get(STORE).filter().docCount() > 0) {
                activity.storeOrders.add(id);
            }
            activity.costedOrderEvents += costed;
        }
        FieldValue refunded = bucket.key().get(REFUNDED);
        if (refunded != null && !refunded.isNull()) {
            activity.refundMicros.merge(refunded.stringValue(), sum(bucket, "amount"), Long::sum);
        }
        activity.costedEvents += costed;
        activity.goodsCostMicros += sum(bucket, "goodsCost");
        activity.costedRevenueMicros += sum(bucket, "costedRevenue");
        activity.revenueMicros += sum(bucket, "amount");
        activity.npsAnswers += bucket.aggregations().get("nps").filter().docCount();
        activity.npsPromoters += bucket.aggregations().get("promoters").filter().docCount();
        activity.npsDetractors += bucket.aggregations().get("detractors").filter().docCount();
        activity.reviews += bucket.aggregations().get("reviews").filter().docCount();
        activity.ratingMicros += sum(bucket, "rating");
        activity.storeVisits += bucket.aggregations().get("storeVisits").filter().docCount();
    }

    /**
     * What marks the ROPO orders of {@code [from, to)}: one composite scan lists {@code (order, product)} of the
     * period's store orders, another {@code (profile, product, timestamp)} of the online Product Viewed events from
     * the ROPO window before the period's start to its end; the application joins them ({@link RopoEvidence#mark}).
     */
    private RopoEvidence ropoEvidence(Instant from, Instant to, Survivors survivors) {
        Map<String, Set<String>> products = new HashMap<>();
        Query storeOrders = Query.of(q -> q.bool(b -> b.filter(period(TimelineFields.TIMESTAMP, from, to))
                .filter(f -> f.term(t -> t.field(TimelineFields.CHANNEL).value(STORE)))
                .filter(f -> f.exists(e -> e.field(TimelineFields.ORDER_ID)))
                .filter(f -> f.exists(e -> e.field(TimelineFields.PRODUCT_IDS)))));
        composite(events, storeOrders, List.of(terms(ORDER, TimelineFields.ORDER_ID),
                terms(PRODUCT, TimelineFields.PRODUCT_IDS)), Map.of(), bucket -> products.computeIfAbsent(
                        bucket.key().get(ORDER).stringValue(), k -> new HashSet<>())
                .add(bucket.key().get(PRODUCT).stringValue()));
        Map<String, Map<String, TreeSet<Long>>> views = new HashMap<>();
        Query onlineViews = Query.of(q -> q.bool(b -> b.filter(period(TimelineFields.TIMESTAMP, from.minus(ropoWindow),
                to)).filter(f -> f.term(t -> t.field(TimelineFields.TYPE).value("TRACK")))
                .filter(f -> f.term(t -> t.field(TimelineFields.EVENT).value(PRODUCT_VIEWED)))
                .filter(f -> f.exists(e -> e.field(TimelineFields.PRODUCT_IDS)))
                .mustNot(m -> m.term(t -> t.field(TimelineFields.CHANNEL).value(STORE)))));
        composite(events, onlineViews, List.of(terms(PROFILE, TimelineFields.PROFILE_ID),
                terms(PRODUCT, TimelineFields.PRODUCT_IDS), terms(AT, TimelineFields.TIMESTAMP)), Map.of(),
                bucket -> views.computeIfAbsent(survivors.of(bucket.key().get(PROFILE).stringValue()),
                        k -> new HashMap<>()).computeIfAbsent(bucket.key().get(PRODUCT).stringValue(),
                                k -> new TreeSet<>()).add(bucket.key().get(AT).longValue()));
        return new RopoEvidence(products, views, ropoWindow.toMillis());
    }

    /**
     * Per unified profile, the touches of {@code [from − attribution window, to)}: each time (epoch millis) of an
     * event that is not an order or a refund to the channel or campaign keys of the events at that time (events
     * without a campaign are no campaign touch).
     */
    Map<String, TreeMap<Long, TreeSet<String>>> touches(Instant from, Instant to, KpiQuery.GroupBy groupBy,
            Survivors survivors) {
        String field = groupBy == KpiQuery.GroupBy.CAMPAIGN ? TimelineFields.CAMPAIGN : TimelineFields.CHANNEL;
        Query touch = Query.of(q -> q.bool(b -> b.filter(f -> f.exists(e -> e.field(field)))
                .mustNot(m -> m.exists(e -> e.field(TimelineFields.ORDER_ID)))
                .mustNot(m -> m.terms(t -> t.field(TimelineFields.EVENT).terms(v -> v.value(List.of(
                        FieldValue.of(ORDER_COMPLETED), FieldValue.of(ORDER_REFUNDED))))))));
        Map<String, TreeMap<Long, TreeSet<String>>> touches = new HashMap<>();
        // keyed by time first so that the window is read in ranges of time, each once (timeOrdered)
        timeOrdered(from.minus(attributionWindow), to, touch, 1, List.of(terms(AT, TimelineFields.TIMESTAMP),
                terms(PROFILE, TimelineFields.PROFILE_ID), terms(SLICE, field)), Map.of(),
                bucket -> touches.computeIfAbsent(survivors.of(bucket.key().get(PROFILE).stringValue()),
                        k -> new TreeMap<>()).computeIfAbsent(bucket.key().get(AT).longValue(), k -> new TreeSet<>())
                        .add(bucket.key().get(SLICE).stringValue()));
        return touches;
    }

    Duration attributionWindow() {
        return attributionWindow;
    }

    /** The unified profiles with any event in {@code [from, to)}. */
    Set<String> visitors(Instant from, Instant to, Survivors survivors, Set<String> only) {
        Set<String> visitors = new HashSet<>();
        composite(events, Query.of(q -> q.bool(b -> b.filter(period(TimelineFields.TIMESTAMP, from, to))
                .filter(ofProfiles(TimelineFields.PROFILE_ID, only)))),
                List.of(terms(PROFILE, TimelineFields.PROFILE_ID)),
                Map.of(), bucket -> visitors.add(survivors.of(bucket.key().get(PROFILE).stringValue())));
        return visitors;
    }

    /**
     * For each end, how many unified profiles have an event in {@code [end − window, end)}. The events from
     * {@code readFrom} to the last end are those of {@code read}, the activity the report read already (each unified
     * profile's event times); only the events before it are scanned, from the earliest window's start: bucketed by the
     * coarsest of day, hour, minute and second that every end and the window are whole multiples of (else by
     * millisecond), so that each bucket lies wholly inside or outside every window. The scan leads with that time
     * bucket, so it reads in ranges of time (timeOrdered) and the buckets arrive in time order, the read activity's
     * after them: a sweep keeps each profile's latest bucket and, at each end, counts the profiles whose latest bucket
     * is inside the window.
     */
    Map<Instant, Long> recentVisitors(Collection<Instant> ends, Duration window, Survivors survivors, Instant readFrom,
            Collection<Map<String, Activity>> read) {
        TreeSet<Instant> pending = new TreeSet<>(ends);
        Map<Instant, Long> counts = new HashMap<>();
        if (pending.isEmpty()) {
            return counts;
        }
        long unit = coarsestUnit(pending, window);
        Map<String, CompositeAggregationSource> time = unit == 1 ? terms(AT, TimelineFields.TIMESTAMP)
                : Map.of(AT, CompositeAggregationSource.of(s -> s.dateHistogram(d -> d.field(TimelineFields.TIMESTAMP)
                        .fixedInterval(t -> t.time(unit + "ms")))));
        Map<String, Long> latest = new HashMap<>();
        TreeMap<Long, Long> profilesByLatest = new TreeMap<>();
        Consumer<Instant> count = end -> counts.put(end, profilesByLatest
                .tailMap(end.minus(window).toEpochMilli(), true).values().stream().mapToLong(Long::longValue).sum());
        BiConsumer<Long, String> visit = (at, profile) -> {
            while (!pending.isEmpty() && pending.first().toEpochMilli() <= at) {
                count.accept(pending.pollFirst());
            }
            Long before = latest.put(profile, at);
            if (before != null) {
                profilesByLatest.computeIfPresent(before, (t, n) -> n == 1 ? null : n - 1);
            }
            profilesByLatest.merge(at, 1L, Long::sum);
        };
        Instant scanFrom = pending.first().minus(window);
        if (scanFrom.isBefore(readFrom)) {
            timeOrdered(scanFrom, readFrom, null, unit, List.of(time, terms(PROFILE, TimelineFields.PROFILE_ID)),
                    Map.of(), bucket -> visit.accept(bucket.key().get(AT).longValue(),
                            survivors.of(bucket.key().get(PROFILE).stringValue())));
        }
        TreeMap<Long, List<String>> moments = new TreeMap<>();
        read.forEach(profiles -> profiles.forEach((profile, activity) -> activity.moments.keySet().forEach(at ->
                moments.computeIfAbsent(Math.floorDiv(at, unit) * unit, k -> new ArrayList<>()).add(profile))));
        moments.forEach((at, profiles) -> profiles.forEach(profile -> visit.accept(at, profile)));
        pending.forEach(count);
        return counts;
    }

    private static long coarsestUnit(Collection<Instant> ends, Duration window) {
        for (long unit : new long[] {Duration.ofDays(1).toMillis(), Duration.ofHours(1).toMillis(),
            Duration.ofMinutes(1).toMillis(), Duration.ofSeconds(1).toMillis()}) {
            if (window.toMillis() % unit == 0 && ends.stream().allMatch(end -> Math.floorMod(end.toEpochMilli(), unit) == 0)) {
                return unit;
            }
        }
        return 1;
    }

    /**
     * For each end: the net amount in millionths of all order events before it, and how many live profiles placed their
     * first order ever before it ({@code commerce.firstOrderAt}, which a merge takes from the earliest of the person's
     * profiles: a person counts once). Two searches, a filter per end in each.
     */
    Map<Instant, long[]> ordersBefore(Collection<Instant> ends) {
        Map<Instant, long[]> result = new HashMap<>();
        if (ends.isEmpty()) {
            return result;
        }
        List<Instant> sorted = new ArrayList<>(new TreeSet<>(ends));
        Map<String, Query> ordersBefore = beforeEach(TimelineFields.TIMESTAMP, sorted);
        SearchResponse<Void> amounts = unchecked(() -> client.search(s -> s.index(events).size(0)
                .ignoreUnavailable(true).allowNoIndices(true)
                .query(q -> q.exists(e -> e.field(TimelineFields.AMOUNT_MICROS)))
                .aggregations("before", a -> a.filters(f -> f.filters(b -> b.keyed(ordersBefore)))
                        .aggregations("amount", m -> m.sum(x -> x.field(TimelineFields.AMOUNT_MICROS)))), Void.class));
        Map<String, Query> firstOrderBefore = beforeEach(TimelineFields.PROFILE_FIRST_ORDER_AT, sorted);
        SearchResponse<Void> customers = unchecked(() -> client.search(s -> s.index(profiles).size(0)
                .ignoreUnavailable(true).allowNoIndices(true).query(live())
                .aggregations("before", a -> a.filters(f -> f.filters(b -> b.keyed(firstOrderBefore)))), Void.class));
        var amountsBefore = amounts.aggregations() == null || amounts.aggregations().get("before") == null ? null
                : amounts.aggregations().get("before").filters().buckets().keyed();
        var customersBefore = customers.aggregations() == null || customers.aggregations().get("before") == null ? null
                : customers.aggregations().get("before").filters().buckets().keyed();
        for (int i = 0; i < sorted.size(); i++) {
            String key = String.valueOf(i);
            long amount = amountsBefore == null ? 0 : Math.round(amountsBefore.get(key).aggregations().get("amount")
                    .sum().value());
            result.put(sorted.get(i), new long[] {amount, customersBefore == null ? 0 : customersBefore.get(key)
                    .docCount()});
        }
        return result;
    }

    /** A {@code filters} aggregation's filters keyed by each end's index: {@code field} before that end. */
    private static Map<String, Query> beforeEach(String field, List<Instant> ends) {
        Map<String, Query> before = new LinkedHashMap<>();
        for (int i = 0; i < ends.size(); i++) {
            Instant end = ends.get(i);
            before.put(String.valueOf(i), Query.of(q -> q.range(r -> r.untyped(u -> u.field(field)
                    .lt(JsonData.of(end.toString()))))));
        }
        return before;
    }

    /** Per slice key: impressions, clicks and cost in millionths of spend rows in the reporting currency. */
    Map<String, long[]> spend(Instant from, Instant to, Slicing slicing) {
        Map<String, CompositeAggregationSource> slice = slicing.source(SLICE, SpendFields.DATE, true);
        List<Map<String, CompositeAggregationSource>> sources = slice != null ? List.of(slice)
                : List.of(terms("currency", SpendFields.CURRENCY));
        Query query = Query.of(q -> q.bool(b -> b.filter(period(SpendFields.DATE, from, to))
                .filter(f -> f.term(t -> t.field(SpendFields.CURRENCY).value(reportingCurrency)))));
        Map<String, Aggregation> sums = Map.of(
                "impressions", Aggregation.of(a -> a.sum(s -> s.field(SpendFields.IMPRESSIONS))),
                "clicks", Aggregation.of(a -> a.sum(s -> s.field(SpendFields.CLICKS))),
                "cost", Aggregation.of(a -> a.sum(s -> s.field(SpendFields.COST_MICROS))));
        Map<String, long[]> result = new HashMap<>();
        if (!exists(SpendFields.INDEX)) {
            return result;
        }
        composite(SpendFields.INDEX, query, sources, sums, bucket -> {
            long[] totals = result.computeIfAbsent(slice != null ? sliceKey(bucket) : ALL, k -> new long[3]);
            totals[0] += sum(bucket, "impressions");
            totals[1] += sum(bucket, "clicks");
            totals[2] += sum(bucket, "cost");
        });
        return result;
    }

    /** Per scope: its new customers, its leads and of those the converted ones, counted without listing anyone. */
    record CustomerCounts(long newCustomers, long leads, long convertedLeads) {
    }

    /**
     * For each scope ({@code [from, to)} by key), what {@link #newCustomers} and {@link #leads} would list of it,
     * counted: live profiles whose first order ever is in the scope; leads (live, with a userId now, first seen in the
     * scope); and the leads whose first order is in the scope too. One search, three filters per scope, whatever the
     * number of profiles: a report's totals and series need the counts only.
     */
    Map<String, CustomerCounts> customerCounts(Map<String, Instant[]> scopes) {
        Map<String, Query> filters = new LinkedHashMap<>();
        scopes.forEach((key, scope) -> {
            Query firstOrder = period(TimelineFields.PROFILE_FIRST_ORDER_AT, scope[0], scope[1]);
            Query lead = Query.of(q -> q.bool(b -> b.filter(f -> f.exists(e -> e.field(TimelineFields.PROFILE_USER_ID)))
                    .filter(period(TimelineFields.PROFILE_FIRST_SEEN, scope[0], scope[1]))));
            filters.put(key + "/new", firstOrder);
            filters.put(key + "/leads", lead);
            filters.put(key + "/converted", Query.of(q -> q.bool(b -> b.filter(lead).filter(firstOrder))));
        });
        Map<String, CustomerCounts> counts = new HashMap<>();
        if (filters.isEmpty()) {
            return counts;
        }
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(profiles).size(0)
                .ignoreUnavailable(true).allowNoIndices(true).trackTotalHits(t -> t.enabled(false)).query(live())
                .aggregations("scopes", a -> a.filters(f -> f.filters(b -> b.keyed(filters)))), Void.class));
        var buckets = response.aggregations() == null || response.aggregations().get("scopes") == null ? null
                : response.aggregations().get("scopes").filters().buckets().keyed();
        scopes.keySet().forEach(key -> counts.put(key, buckets == null ? new CustomerCounts(0, 0, 0)
                : new CustomerCounts(buckets.get(key + "/new").docCount(), buckets.get(key + "/leads").docCount(),
                        buckets.get(key + "/converted").docCount())));
        return counts;
    }

    /** Live profiles whose first order ever is in {@code [from, to)}, with that first order's time. */
    Map<String, Instant> newCustomers(Instant from, Instant to) {
        return newCustomers(from, to, null);
    }

    Map<String, Instant> newCustomers(Instant from, Instant to, Set<String> only) {
        Map<String, Instant> customers = new HashMap<>();
        Query query = Query.of(q -> q.bool(b -> b.filter(live()).filter(period(TimelineFields.PROFILE_FIRST_ORDER_AT,
                from, to)).filter(ofProfiles("id", only))));
        composite(profiles, query, List.of(terms("id", "id"), terms("first", TimelineFields.PROFILE_FIRST_ORDER_AT)),
                Map.of(), bucket -> customers.put(bucket.key().get("id").stringValue(),
                        Instant.ofEpochMilli(bucket.key().get("first").longValue())));
        return customers;
    }

    /**
     * Leads: live profiles with a userId now, first seen in {@code [from, to)}; each with its first-seen time and its
     * first order's time (null before any order).
     */
    Map<String, Instant[]> leads(Instant from, Instant to) {
        return leads(from, to, null);
    }

    Map<String, Instant[]> leads(Instant from, Instant to, Set<String> only) {
        Map<String, Instant[]> leads = new HashMap<>();
        Query query = Query.of(q -> q.bool(b -> b.filter(live()).filter(ofProfiles("id", only))
                .filter(f -> f.exists(e -> e.field(TimelineFields.PROFILE_USER_ID)))
                .filter(period(TimelineFields.PROFILE_FIRST_SEEN, from, to))));
        composite(profiles, query, List.of(terms("id", "id"), terms("seen", TimelineFields.PROFILE_FIRST_SEEN),
                Map.of("first", CompositeAggregationSource.of(s -> s.terms(t -> t
                        .field(TimelineFields.PROFILE_FIRST_ORDER_AT).missingBucket(true))))), Map.of(), bucket -> {
                    FieldValue first = bucket.key().get("first");
                    leads.put(bucket.key().get("id").stringValue(), new Instant[] {
                        Instant.ofEpochMilli(bucket.key().get("seen").longValue()),
                        first == null || first.isNull() ? null : Instant.ofEpochMilli(first.longValue())});
                });
        return leads;
    }

    /**
     * Per unified profile: the net amount in millionths and the Order Completed events of its order events before
     * {@code to}, since the first.
     */
    Map<String, long[]> orderHistory(Instant to, Survivors survivors, Set<String> only) {
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.range(r -> r.untyped(u -> u
                .field(TimelineFields.TIMESTAMP).lt(JsonData.of(to.toString())))))
                .filter(ofProfiles(TimelineFields.PROFILE_ID, only))
                .filter(f -> f.bool(o -> o.should(s -> s.exists(e -> e.field(TimelineFields.ORDER_ID)))
                        .should(s -> s.exists(e -> e.field(TimelineFields.AMOUNT_MICROS)))))));
        Map<String, Aggregation> measures = Map.of(
                "amount", Aggregation.of(a -> a.sum(s -> s.field(TimelineFields.AMOUNT_MICROS))),
                "orders", Aggregation.of(a -> a.filter(f -> f.exists(e -> e.field(TimelineFields.ORDER_ID)))));
        Map<String, long[]> result = new HashMap<>();
        composite(events, query, List.of(terms(PROFILE, TimelineFields.PROFILE_ID)), measures, bucket -> {
            long[] history = result.computeIfAbsent(survivors.of(bucket.key().get(PROFILE).stringValue()),
                    k -> new long[2]);
            history[0] += sum(bucket, "amount");
            history[1] += bucket.aggregations().get("orders").filter().docCount();
        });
        return result;
    }

    /**
     * For each end, the live profiles first seen before it: all of them, and those with a userId. One search, a filter
     * per end.
     */
    Map<Instant, long[]> profiles(Collection<Instant> ends) {
        List<Instant> sorted = List.copyOf(new TreeSet<>(ends));
        Map<String, Query> before = beforeEach(TimelineFields.PROFILE_FIRST_SEEN, sorted);
        Map<Instant, long[]> result = new HashMap<>();
        if (sorted.isEmpty()) {
            return result;
        }
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(profiles).size(0)
                .ignoreUnavailable(true).allowNoIndices(true).query(live())
                .aggregations("before", a -> a.filters(f -> f.filters(b -> b.keyed(before)))
                        .aggregations("known", k -> k.filter(f -> f.exists(e -> e
                                .field(TimelineFields.PROFILE_USER_ID))))), Void.class));
        var buckets = response.aggregations().get("before") == null ? null
                : response.aggregations().get("before").filters().buckets().keyed();
        for (int i = 0; i < sorted.size(); i++) {
            var bucket = buckets == null ? null : buckets.get(String.valueOf(i));
            result.put(sorted.get(i), bucket == null ? new long[2] : new long[] {bucket.docCount(),
                bucket.aggregations().get("known").filter().docCount()});
        }
        return result;
    }

    /** Live profiles first seen before {@code end}, each with whether it has a userId. */
    Map<String, Boolean> liveProfiles(Instant end, Set<String> only) {
        Map<String, Boolean> live = new HashMap<>();
        Query query = Query.of(q -> q.bool(b -> b.filter(live()).filter(ofProfiles("id", only)).filter(f -> f.range(r -> r
                .untyped(u -> u.field(TimelineFields.PROFILE_FIRST_SEEN).lt(JsonData.of(end.toString())))))));
        composite(profiles, query, List.of(terms("id", "id"), Map.of("user", CompositeAggregationSource.of(s -> s
                .terms(t -> t.field(TimelineFields.PROFILE_USER_ID).missingBucket(true))))), Map.of(),
                bucket -> live.put(bucket.key().get("id").stringValue(),
                        bucket.key().get("user") != null && !bucket.key().get("user").isNull()));
        return live;
    }

    /**
     * The current members (live profiles) of every segment, persona or journey stage, or of the one named
     * {@code only} when it is not null: group id to profile ids.
     */
    Map<String, Set<String>> members(KpiQuery.GroupBy groupBy, String only) {
        String field = membershipField(groupBy);
        Map<String, Set<String>> members = new HashMap<>();
        if (!exists(memberships)) {
            return members;
        }
        Query current = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e
                .field(MembershipFields.MERGED_INTO))).filter(onlyGroup(field, only))));
        composite(memberships, current, List.of(terms("group", field), terms(PROFILE, MembershipFields.PROFILE_ID)),
                Map.of(), bucket -> {
                    String group = bucket.key().get("group").stringValue();
                    if (only == null || only.equals(group)) {
                        members.computeIfAbsent(group, k -> new HashSet<>())
                                .add(bucket.key().get(PROFILE).stringValue());
                    }
                });
        return members;
    }

    /** Every document, or those of the profiles {@code only} names when it is not null. */
    private static Query ofProfiles(String field, Set<String> only) {
        return only == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(only.stream().map(FieldValue::of)
                        .toList()))));
    }

    /** Every document, or those whose {@code field} holds {@code only}. */
    private static Query onlyGroup(String field, String only) {
        return only == null ? Query.of(q -> q.matchAll(m -> m))
                : Query.of(q -> q.term(t -> t.field(field).value(only)));
    }

    /**
     * Membership over time, from the membership history: per unified profile and segment, the number of its profiles
     * (the survivor and those merged into it) in the segment after each change, at the change's time (epoch millis).
     * A person is a member at {@code t} when the entry at or before {@code t} is above zero. Of the segment
     * {@code only} alone when it is not null.
     */
    Map<String, Map<String, TreeMap<Long, Integer>>> membershipOverTime(Survivors survivors, String only) {
        Map<String, Map<String, TreeMap<Long, Integer>>> changes = new HashMap<>();
        if (!exists(history)) {
            return changes;
        }
        for (String field : List.of(MembershipFields.HISTORY_ENTERED, MembershipFields.HISTORY_EXITED)) {
            int delta = field.equals(MembershipFields.HISTORY_ENTERED) ? 1 : -1;
            Query lines = Query.of(q -> q.bool(b -> b.filter(f -> f.exists(e -> e.field(field)))
                    .filter(onlyGroup(field, only))));
            composite(history, lines, List.of(terms(PROFILE, MembershipFields.HISTORY_PROFILE_ID),
                    terms(AT, MembershipFields.HISTORY_AT), terms("group", field)), Map.of(), bucket -> {
                        String segment = bucket.key().get("group").stringValue();
                        if (only == null || only.equals(segment)) {
                            changes.computeIfAbsent(survivors.of(bucket.key().get(PROFILE).stringValue()),
                                    k -> new HashMap<>()).computeIfAbsent(segment, k -> new TreeMap<>())
                                    .merge(bucket.key().get(AT).longValue(), delta * (int) bucket.docCount(),
                                            Integer::sum);
                        }
                    });
        }
        changes.values().forEach(segments -> segments.values().forEach(deltas -> {
            int open = 0;
            for (Map.Entry<Long, Integer> change : deltas.entrySet()) {
                open += change.getValue();
                change.setValue(open);
            }
        }));
        return changes;
    }

    /** How many current (not merged-away) profiles each segment, persona or stage holds, counted exactly. */
    Map<String, Long> memberCounts(KpiQuery.GroupBy groupBy) {
        Map<String, Long> counts = new TreeMap<>();
        if (!exists(memberships)) {
            return counts;
        }
        Query current = Query.of(q -> q.bool(b -> b.mustNot(m -> m.exists(e -> e.field(MembershipFields.MERGED_INTO)))));
        composite(memberships, current, List.of(terms("group", membershipField(groupBy))), Map.of(),
                bucket -> counts.merge(bucket.key().get("group").stringValue(), bucket.docCount(), Long::sum));
        return counts;
    }

    private static String membershipField(KpiQuery.GroupBy groupBy) {
        return switch (groupBy) {
            case SEGMENT -> MembershipFields.SEGMENT_IDS;
            case PERSONA -> MembershipFields.PERSONA_ID;
            case STAGE -> MembershipFields.STAGE;
            default -> throw new IllegalArgumentException("not a membership grouping: " + groupBy);
        };
    }

    private boolean exists(String index) {
        return unchecked(() -> client.indices().exists(e -> e.index(index))).value();
    }

    private void composite(String index, Query query, List<Map<String, CompositeAggregationSource>> sources,
            Map<String, Aggregation> measures, Consumer<CompositeBucket> each) {
        Progress progress = new Progress();
        Map<String, FieldValue> after = null;
        do {
            after = page(index, query, sources, measures, after, each, progress);
        } while (after != null);
        progress.log(index, sources, measures);
    }

    /**
     * A composite scan of the events of {@code [from, to)} (and of {@code filter}) whose key leads with their time,
     * {@code AT}, rounded to {@code unitMillis} (1: the exact time), read in ranges of time ({@link TimeSlices}) cut
     * from a histogram of the period's document counts: a page of buckets each, by as many documents as the ranges
     * read so far held per bucket. Every range is queried with the period and itself as two filters, so that
     * Elasticsearch collects it as any query rather than time after time in every segment. The buckets come in the
     * same order as from one scan.
     */
    private void timeOrdered(Instant from, Instant to, Query filter, long unitMillis,
            List<Map<String, CompositeAggregationSource>> sources, Map<String, Aggregation> measures,
            Consumer<CompositeBucket> each) {
        Progress progress = new Progress();
        Query period = filter == null ? period(TimelineFields.TIMESTAMP, from, to)
                : Query.of(q -> q.bool(b -> b.filter(period(TimelineFields.TIMESTAMP, from, to)).filter(filter)));
        TimeSlices slices = new TimeSlices(from.toEpochMilli(), counts(period,
                TimeSlices.interval(from.toEpochMilli(), to.toEpochMilli(), unitMillis)));
        progress.pages++;
        while (slices.hasNext()) {
            TimeSlices.Range range = slices.next(pageSize * Math.max(1, progress.documents / Math.max(1,
                    progress.buckets)));
            Query slice = Query.of(q -> q.bool(b -> b.filter(period).filter(f -> f.range(r -> r.untyped(u -> {
                u.field(TimelineFields.TIMESTAMP).format("epoch_millis").gte(JsonData.of(range.from()));
                return range.to() == null ? u : u.lt(JsonData.of(range.to()));
            })))));
            Map<String, FieldValue> after = null;
            do {
                after = page(events, slice, sources, measures, after, each, progress);
            } while (after != null);
        }
        progress.log(events, sources, measures);
    }

    /** The events {@code query} matches per time bucket of {@code intervalMillis}, by bucket start. */
    private SortedMap<Long, Long> counts(Query query, long intervalMillis) {
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(events).size(0)
                .ignoreUnavailable(true).allowNoIndices(true).trackTotalHits(t -> t.enabled(false)).query(query)
                .aggregations("counts", a -> a.dateHistogram(d -> d.field(TimelineFields.TIMESTAMP)
                        .fixedInterval(t -> t.time(intervalMillis + "ms")).minDocCount(1))), Void.class));
        SortedMap<Long, Long> counts = new TreeMap<>();
        if (response.aggregations().get("counts") != null) {
            response.aggregations().get("counts").dateHistogram().buckets().array()
                    .forEach(bucket -> counts.put(bucket.key(), bucket.docCount()));
        }
        return counts;
    }

    /**
     * Reads one page of a composite scan after {@code after} (null: the first) and hands its buckets to {@code each};
     * returns the key to read the next page after, or null when this was the last.
     */
    private Map<String, FieldValue> page(String index, Query query,
            List<Map<String, CompositeAggregationSource>> sources, Map<String, Aggregation> measures,
            Map<String, FieldValue> after, Consumer<CompositeBucket> each, Progress progress) {
        SearchResponse<Void> response = unchecked(() -> client.search(s -> s.index(index).size(0)
                .ignoreUnavailable(true).allowNoIndices(true).trackTotalHits(t -> t.enabled(false)).query(query)
                .aggregations("scan", a -> a.composite(c -> {
                    c.size(pageSize).sources(sources);
                    if (after != null) {
                        c.after(after);
                    }
                    return c;
                }).aggregations(measures)), Void.class));
        if (response.aggregations().get("scan") == null) {
            return null; // no index matches yet (no event stored this far): nothing to scan
        }
        CompositeAggregate scan = response.aggregations().get("scan").composite();
        scan.buckets().array().forEach(each);
        progress.pages++;
        progress.tookMillis += response.took();
        progress.buckets += scan.buckets().array().size();
        scan.buckets().array().forEach(bucket -> progress.documents += bucket.docCount());
        Map<String, FieldValue> next = scan.buckets().array().size() < pageSize ? null : scan.afterKey();
        return next == null || next.isEmpty() ? null : next;
    }

    /** What a scan read, for the log that says where a report's time goes. */
    private static final class Progress {
        private final long started = System.nanoTime();
        private int pages;
        private long buckets;
        private long documents;
        /** What Elasticsearch reports it took; the rest of the scan's time is the round trips and the reading. */
        private long tookMillis;

        /** Index, keys and measures name the scan; no values are logged. */
        void log(String index, List<Map<String, CompositeAggregationSource>> sources,
                Map<String, Aggregation> measures) {
            LOG.debug("scan of {} by {} with {}: {} buckets in {} searches, {} ms ({} ms in Elasticsearch)", index,
                    sources.stream().flatMap(source -> source.keySet().stream()).toList(), measures.keySet(), buckets,
                    pages, (System.nanoTime() - started) / 1_000_000, tookMillis);
        }
    }

    private static Map<String, CompositeAggregationSource> terms(String name, String field) {
        return Map.of(name, CompositeAggregationSource.of(s -> s.terms(t -> t.field(field))));
    }

    /** Instants compared as such, also against a field of dates only (spend's {@code strict_date}). */
    private static Query period(String field, Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.untyped(u -> u.field(field).format("strict_date_optional_time")
                .gte(JsonData.of(from.toString())).lt(JsonData.of(to.toString())))));
    }

    private static Query live() {
        return Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(TimelineFields.PROFILE_ERASED).value(false)))
                .mustNot(m -> m.exists(e -> e.field(TimelineFields.PROFILE_MERGED_INTO)))));
    }

    /** A slice key as text: a bucket start as an ISO instant, a keyword as is, a missing keyword as "". */
    private static String sliceKey(CompositeBucket bucket) {
        return sliceKey(bucket, SLICE);
    }

    private static String sliceKey(CompositeBucket bucket, String name) {
        FieldValue key = bucket.key().get(name);
        if (key == null || key.isNull()) {
            return ALL;
        }
        return key.isLong() ? Instant.ofEpochMilli(key.longValue()).toString() : key.stringValue();
    }

    private static long sum(CompositeBucket bucket, String name) {
        return Math.round(bucket.aggregations().get(name).sum().value());
    }
}
