package io.cdp.reporting.compute;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import lombok.RequiredArgsConstructor;

import io.cdp.profile.TimelineFields;
import io.cdp.reporting.JourneyFunnel;
import io.cdp.reporting.KpiQuery;
import io.cdp.reporting.KpiReport;
import io.cdp.reporting.Kpis;
import io.cdp.reporting.RetentionTable;
import io.cdp.segmentation.JourneyStage;
import io.cdp.segmentation.LifecycleThresholds;

/**
 * {@link Kpis} over the timeline, the profiles, the spend and the memberships. A report reads the merge
 * redirects once, then scans each scope it needs: the period, the previous period, the series' buckets
 * (one sliced scan) and the groups (one sliced scan, or the period's per-profile activity split by
 * membership); profile counts and the churn window are read per bucket end.
 */
@RequiredArgsConstructor
public class ElasticsearchKpis implements Kpis {

    /** The group key of events without the grouped field (a touchpoint without a campaign). */
    public static final String NONE_KEY = "(none)";

    /**
     * Up to this many profile ids (a segment's people and the profiles merged into them), one segment's scans read
     * only their documents; beyond it, every document, as a report does. Well below Elasticsearch's
     * {@code index.max_terms_count} (65,536), and a terms filter this long still costs less than a full scan.
     */
    static final int ONLY_PROFILES_MAX = 20_000;

    private final ReportingSearches searches;
    private final LifecycleThresholds thresholds;

    @Override
    public KpiReport report(KpiQuery query) {
        KpiQuery previous = query.previous();
        Buckets calendar = new Buckets(query.interval());
        List<Buckets.Bucket> buckets = calendar.of(query.from(), query.to());
        Set<Instant> ends = new TreeSet<>(List.of(query.to(), previous.to()));
        buckets.forEach(bucket -> ends.add(bucket.to()));
        List<Instant[]> scopes = new ArrayList<>(List.of(new Instant[] {query.from(), query.to()},
                new Instant[] {previous.from(), previous.to()}));
        buckets.forEach(bucket -> scopes.add(new Instant[] {bucket.from(), bucket.to()}));
        Reads reads = new Reads(query, ends, scopes);
        KpiReport.Values totals = period(query.from(), query.to(), reads);
        KpiReport.Values before = period(previous.from(), previous.to(), reads);
        return new KpiReport(query, searches.reportingCurrency(), query.membership() == KpiQuery.Membership.EVENT
                ? KpiReport.MEMBERS_AT_EVENT_TIME : KpiReport.CURRENT_MEMBERS, definitions(), totals,
                before, series(query, buckets, reads), groups(query, reads));
    }

    @Override
    public String currency() {
        return searches.reportingCurrency();
    }

    @Override
    public KpiReport.Group segment(String segmentId, Instant from, Instant to) {
        KpiQuery query = new KpiQuery(from, to, KpiQuery.Interval.MONTH, KpiQuery.GroupBy.SEGMENT, null,
                KpiQuery.Membership.EVENT, segmentId);
        return groups(query, new Reads(query, List.of(to), List.of())).get(0);
    }

    /**
     * One report's reads: each scope is read once however many figures use it, and the states at the ends of the
     * period, the previous period and every bucket are read together.
     */
    private final class Reads {

        final Survivors survivors = searches.survivors();
        private final Map<List<Object>, Object> done = new HashMap<>();

        private final KpiQuery query;
        private final Collection<Instant> ends;
        private final Collection<Instant[]> scopes;

        /** @param scopes the {@code [from, to)} whose new customers and leads are counted (the period, its buckets …) */
        Reads(KpiQuery query, Collection<Instant> ends, Collection<Instant[]> scopes) {
            this.query = query;
            this.ends = ends;
            this.scopes = scopes;
        }

        /** Profiles, known profiles and churned profiles at {@code end}, one of the report's ends. */
        long[] endState(Instant end) {
            Map<Instant, long[]> states = once(() -> {
                // the events of the period and of the one before it are read anyway: the churn windows need only
                // those before them scanned
                KpiQuery previous = query.previous();
                Map<Instant, Long> recent = searches.recentVisitors(ends, Duration.ofDays(thresholds.churnDays()),
                        survivors, previous.from(), List.of(activity(previous.from(), previous.to()),
                                activity(query.from(), query.to())));
                Map<Instant, long[]> all = new HashMap<>();
                searches.profiles(ends).forEach((at, profiles) -> all.put(at,
                        new long[] {profiles[0], profiles[1], profiles[0] - recent.getOrDefault(at, 0L)}));
                return all;
            }, "endStates");
            return states.get(end);
        }

        /** Net amount of all orders and customers with an order before {@code end}, one of the report's ends. */
        long[] ordersBefore(Instant end) {
            Map<Instant, long[]> before = once(() -> searches.ordersBefore(ends), "ordersBefore");
            return before.get(end);
        }

        /** The period's activity per bucket and channel or campaign: its totals, series and groups in one scan. */
        ActivityCube period() {
            KpiQuery.GroupBy grouping = query.groupBy() == KpiQuery.GroupBy.CHANNEL
                    || query.groupBy() == KpiQuery.GroupBy.CAMPAIGN ? query.groupBy() : KpiQuery.GroupBy.NONE;
            return once(() -> searches.activity(query.from(), query.to(), query.interval(), grouping, survivors),
                    "period");
        }

        /** Each unified profile's activity in {@code [from, to)}. */
        Map<String, Activity> activity(Instant from, Instant to) {
            if (from.equals(query.from()) && to.equals(query.to())) {
                return period().whole();
            }
            return once(() -> searches.activity(from, to, null, KpiQuery.GroupBy.NONE, survivors).whole(),
                    "activity", from, to);
        }

        /** New customers, leads and converted leads of {@code [from, to)}, one of the report's scopes. */
        ReportingSearches.CustomerCounts customers(Instant from, Instant to) {
            Map<String, ReportingSearches.CustomerCounts> counts = once(() -> {
                Map<String, Instant[]> byKey = new LinkedHashMap<>();
                scopes.forEach(scope -> byKey.put(scopeKey(scope[0], scope[1]), scope));
                return searches.customerCounts(byKey);
            }, "customerCounts");
            return counts.get(scopeKey(from, to));
        }

        Map<String, Instant> newCustomers(Instant from, Instant to) {
            return once(() -> searches.newCustomers(from, to), "newCustomers", from, to);
        }

        Map<String, Instant[]> leads(Instant from, Instant to) {
            return once(() -> searches.leads(from, to), "leads", from, to);
        }

        /** The read under {@code key}, done the first time; a read may use others (the end states the activity). */
        @SuppressWarnings("unchecked")
        private <T> T once(Supplier<T> read, Object... key) {
            List<Object> name = List.of(key);
            Object value = done.get(name);
            if (value == null) {
                value = read.get();
                done.put(name, value);
            }
            return (T) value;
        }
    }

    private static String scopeKey(Instant from, Instant to) {
        return from + ".." + to;
    }

    @Override
    public RetentionTable retention(KpiQuery query) {
        Survivors survivors = searches.survivors();
        Map<String, Map<String, Activity>> byMonth = searches.activity(query.from(), query.to(),
                KpiQuery.Interval.MONTH, KpiQuery.GroupBy.NONE, survivors).byBucket();
        Map<YearMonth, Set<String>> buyers = new TreeMap<>();
        byMonth.forEach((start, activity) -> buyers.put(month(Instant.parse(start)), activity.entrySet().stream()
                .filter(e -> !e.getValue().orders.isEmpty()).map(Map.Entry::getKey).collect(Collectors.toSet())));
        Map<YearMonth, Set<String>> cohorts = new TreeMap<>();
        searches.newCustomers(query.from(), query.to()).forEach((profile, first) ->
                cohorts.computeIfAbsent(month(first), m -> new HashSet<>()).add(profile));
        YearMonth last = month(query.to().minusMillis(1));
        List<RetentionTable.Cohort> table = new ArrayList<>();
        cohorts.forEach((month, customers) -> {
            List<Long> active = new ArrayList<>();
            List<BigDecimal> retention = new ArrayList<>();
            for (YearMonth m = month; !m.isAfter(last); m = m.plusMonths(1)) {
                long count = buyers.getOrDefault(m, Set.of()).stream().filter(customers::contains).count();
                active.add(count);
                retention.add(BigDecimal.valueOf(count * 100).divide(BigDecimal.valueOf(customers.size()), 2,
                        RoundingMode.HALF_UP));
            }
            table.add(new RetentionTable.Cohort(month, customers.size(), active, retention));
        });
        return new RetentionTable(query.from().toString(), query.to().toString(), table);
    }

    private static YearMonth month(Instant at) {
        return YearMonth.from(at.atOffset(ZoneOffset.UTC));
    }

    private KpiReport.Values period(Instant from, Instant to, Reads reads) {
        long[] spend = searches.spend(from, to, ReportingSearches.Slicing.NONE)
                .getOrDefault(ReportingSearches.ALL, new long[3]);
        ReportingSearches.CustomerCounts customers = reads.customers(from, to);
        long[] base = customerBase(customers.leads(), customers.convertedLeads(), reads.ordersBefore(to));
        return new KpiReport.Values(from, to, KpiFormulas.values(figures(reads.activity(from, to).values(),
                reads.endState(to), customers.newCustomers(), spend, base)));
    }

    private List<KpiReport.Values> series(KpiQuery query, List<Buckets.Bucket> buckets, Reads reads) {
        ReportingSearches.Slicing slicing = ReportingSearches.Slicing.of(query.interval());
        Map<String, Map<String, Activity>> activity = reads.period().byBucket();
        Map<String, long[]> spend = searches.spend(query.from(), query.to(), slicing);
        List<KpiReport.Values> series = new ArrayList<>();
        for (Buckets.Bucket bucket : buckets) {
            String key = bucket.start().toString();
            ReportingSearches.CustomerCounts customers = reads.customers(bucket.from(), bucket.to());
            series.add(new KpiReport.Values(bucket.from(), bucket.to(), KpiFormulas.values(figures(
                    activity.getOrDefault(key, Map.of()).values(), reads.endState(bucket.to()),
                    customers.newCustomers(), spend.getOrDefault(key, new long[3]), customerBase(customers.leads(),
                            customers.convertedLeads(), reads.ordersBefore(bucket.to()))))));
        }
        return series;
    }

    private List<KpiReport.Group> groups(KpiQuery query, Reads reads) {
        Survivors survivors = reads.survivors;
        // the profiles the scans may be limited to (null: all): those of one segment's history
        Set<String> only = null;
        Map<String, Map<String, Activity>> byGroup = new TreeMap<>();
        Map<String, long[]> spend = Map.of();
        Map<String, long[]> endStates = new TreeMap<>();
        Map<String, long[]> bases = new HashMap<>();
        switch (query.groupBy()) {
            case NONE -> {
                return List.of();
            }
            case CHANNEL, CAMPAIGN -> {
                ReportingSearches.Slicing slicing = ReportingSearches.Slicing.of(query.groupBy());
                byGroup.putAll(reads.period().byGroup());
                spend = searches.spend(query.from(), query.to(), slicing);
                spend.keySet().forEach(key -> byGroup.putIfAbsent(key, Map.of()));
            }
            default -> {
                Map<String, Set<String>> members;
                if (query.membership() == KpiQuery.Membership.EVENT) {
                    Map<String, Map<String, TreeMap<Long, Integer>>> membership = searches.membershipOverTime(survivors,
                            query.segment());
                    if (query.segment() != null) {
                        Set<String> applied = survivors.appliedTo(membership.keySet());
                        only = applied.size() <= ONLY_PROFILES_MAX ? applied : null;
                    }
                    members = membersAt(membership, query.to().toEpochMilli() - 1);
                    byGroup.putAll(searches.activity(query.from(), query.to(), survivors,
                            (profile, at) -> segmentsAt(membership.getOrDefault(profile, Map.of()), at), only));
                } else {
                    members = searches.members(query.groupBy(), query.segment());
                    Map<String, Activity> all = reads.activity(query.from(), query.to());
                    members.forEach((group, in) -> byGroup.put(group, all.entrySet().stream()
                            .filter(e -> in.contains(e.getKey()))
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
                }
                Map<String, Boolean> live = searches.liveProfiles(query.to(), only);
                Set<String> recent = searches.visitors(query.to().minus(Duration.ofDays(thresholds.churnDays())),
                        query.to(), survivors, only);
                Map<String, Instant[]> leads = only == null ? reads.leads(query.from(), query.to())
                        : searches.leads(query.from(), query.to(), only);
                Map<String, long[]> history = searches.orderHistory(query.to(), survivors, only);
                members.keySet().forEach(group -> byGroup.putIfAbsent(group, Map.of()));
                if (query.segment() != null) {
                    byGroup.putIfAbsent(query.segment(), Map.of());
                }
                byGroup.keySet().forEach(group -> {
                    Set<String> in = members.getOrDefault(group, Set.of());
                    List<String> counted = in.stream().filter(live::containsKey).toList();
                    endStates.put(group, new long[] {counted.size(), counted.stream().filter(live::get).count(),
                            counted.stream().filter(id -> !recent.contains(id)).count()});
                    List<long[]> histories = in.stream().map(history::get).filter(Objects::nonNull).toList();
                    bases.put(group, customerBase(in.stream().map(leads::get).filter(Objects::nonNull).toList(),
                            query.from(), query.to(), new long[] {histories.stream().mapToLong(h -> h[0]).sum(),
                                histories.stream().filter(h -> h[1] > 0).count()}));
                });
            }
        }
        Set<String> newCustomers = (only == null ? reads.newCustomers(query.from(), query.to())
                : searches.newCustomers(query.from(), query.to(), only)).keySet();
        boolean bySpendKey = query.groupBy() == KpiQuery.GroupBy.CHANNEL
                || query.groupBy() == KpiQuery.GroupBy.CAMPAIGN;
        Map<String, Attributed> attributed = query.attribution() == KpiQuery.Attribution.TOUCHPOINT ? null
                : attribute(query, reads);
        if (attributed != null) {
            attributed.keySet().forEach(key -> byGroup.putIfAbsent(key, Map.of()));
        }
        List<KpiReport.Group> groups = new ArrayList<>();
        Map<String, long[]> groupSpend = spend;
        byGroup.forEach((group, activity) -> {
            long fresh = activity.entrySet().stream()
                    .filter(e -> !e.getValue().orders.isEmpty() && newCustomers.contains(e.getKey())).count();
            long[] rows = bySpendKey ? groupSpend.getOrDefault(group, new long[3]) : null;
            Figures figures = figures(activity.values(), endStates.get(group), fresh, rows, bases.get(group));
            if (attributed != null) {
                Attributed a = attributed.getOrDefault(group, new Attributed());
                figures = figures.attributed(a.orders.size(), a.orders.values().stream()
                        .filter(o -> o.size() >= thresholds.repeatOrders()).count(),
                        a.orders.values().stream().flatMap(Set::stream).distinct().count(), a.revenueMicros,
                        a.newCustomers);
            }
            groups.add(new KpiReport.Group(group.isEmpty() ? NONE_KEY : group, KpiFormulas.values(figures)));
        });
        return groups;
    }

    /** Per segment, the unified profiles in it at {@code at} (epoch millis) by their membership history. */
    private static Map<String, Set<String>> membersAt(Map<String, Map<String, TreeMap<Long, Integer>>> membership,
            long at) {
        Map<String, Set<String>> members = new HashMap<>();
        membership.forEach((profile, segments) -> segmentsAt(segments, at)
                .forEach(segment -> members.computeIfAbsent(segment, k -> new HashSet<>()).add(profile)));
        return members;
    }

    /** The segments whose count of the person's profiles in it is above zero at {@code at}. */
    private static List<String> segmentsAt(Map<String, TreeMap<Long, Integer>> segments, long at) {
        List<String> in = new ArrayList<>();
        segments.forEach((segment, open) -> {
            Map.Entry<Long, Integer> last = open.floorEntry(at);
            if (last != null && last.getValue() > 0) {
                in.add(segment);
            }
        });
        return in;
    }

    /** The orders, their net revenue and the new customers a channel or campaign is attributed. */
    private static final class Attributed {

        /** Per unified profile, its orders of the period attributed to the group. */
        final Map<String, Set<String>> orders = new HashMap<>();
        long revenueMicros;
        long newCustomers;
    }

    /**
     * First- or last-touch attribution of the period's orders and new customers: each order goes to the channel or
     * campaign of the buyer's first or last touch within the attribution window before its first Order Completed of
     * the period ({@link ReportingSearches#ALL} without one), with its net revenue (its Order Completed amounts of the
     * period less its refunds of the period); each new customer to the touch before their first order ever.
     */
    private Map<String, Attributed> attribute(KpiQuery query, Reads reads) {
        Map<String, Activity> all = reads.activity(query.from(), query.to());
        Map<String, TreeMap<Long, TreeSet<String>>> touches = searches.touches(query.from(), query.to(),
                query.groupBy(), reads.survivors);
        long window = searches.attributionWindow().toMillis();
        Map<String, Attributed> result = new HashMap<>();
        all.forEach((profile, activity) -> activity.orderAt.forEach((order, at) -> {
            Attributed group = result.computeIfAbsent(touch(touches.get(profile), at, window, query.attribution()),
                    k -> new Attributed());
            group.orders.computeIfAbsent(profile, p -> new HashSet<>()).add(order);
            group.revenueMicros += activity.netMicros(order);
        }));
        reads.newCustomers(query.from(), query.to()).forEach((profile, first) -> result.computeIfAbsent(
                touch(touches.get(profile), first.toEpochMilli(), window, query.attribution()),
                k -> new Attributed()).newCustomers++);
        return result;
    }

    /** The key of the first or last touch in {@code [at − window, at)}; of touches at one instant the least key. */
    private static String touch(TreeMap<Long, TreeSet<String>> touches, long at, long window,
            KpiQuery.Attribution attribution) {
        if (touches == null) {
            return ReportingSearches.ALL;
        }
        NavigableMap<Long, TreeSet<String>> before = touches.subMap(at - window, true, at, false);
        if (before.isEmpty()) {
            return ReportingSearches.ALL;
        }
        return (attribution == KpiQuery.Attribution.FIRST ? before.firstEntry() : before.lastEntry()).getValue()
                .first();
    }

    /**
     * Leads of the scope and those whose first order is in it; net revenue of all orders to the scope's end and
     * the customers with an order by then.
     *
     * @param leads        first-seen and first-order times of the leads first seen in the scope
     * @param ordersBefore net amount in millionths of all orders before the end, and the customers with an order
     */
    private static long[] customerBase(Collection<Instant[]> leads, Instant from, Instant to, long[] ordersBefore) {
        long converted = leads.stream().filter(l -> l[1] != null && !l[1].isBefore(from) && l[1].isBefore(to)).count();
        return customerBase(leads.size(), converted, ordersBefore);
    }

    /** {@link #customerBase(Collection, Instant, Instant, long[])} of leads already counted. */
    private static long[] customerBase(long leads, long convertedLeads, long[] ordersBefore) {
        return new long[] {leads, convertedLeads, ordersBefore[0], ordersBefore[1]};
    }

    /**
     * @param endState profiles, known profiles, churned at the scope's end; null when profile counts do not
     *                 apply (channel and campaign groups)
     * @param spend    impressions, clicks, cost in millionths; null when spend does not apply (membership groups)
     * @param base     {@link #customerBase}; null when it does not apply (channel and campaign groups)
     */
    private Figures figures(Collection<Activity> activity, long[] endState, long newCustomers, long[] spend,
            long[] base) {
        long orders = activity.stream().flatMap(a -> a.orders.stream()).distinct().count();
        long customers = activity.stream().filter(a -> !a.orders.isEmpty()).count();
        long repeat = activity.stream().filter(a -> a.orders.size() >= thresholds.repeatOrders()).count();
        Activity.SessionTotals sessions = new Activity.SessionTotals();
        activity.forEach(a -> sessions.add(a.sessions(TimelineFields.SESSION_GAP.toMillis())));
        return new Figures(endState == null ? null : endState[0], endState == null ? null : endState[1],
                endState == null ? null : endState[2], activity.size(), sum(activity, a -> a.pageViews), customers,
                repeat, orders, sum(activity, a -> a.revenueMicros), newCustomers,
                spend == null ? null : spend[0], spend == null ? null : spend[1], spend == null ? null : spend[2],
                sum(activity, a -> a.npsAnswers), sum(activity, a -> a.npsPromoters),
                sum(activity, a -> a.npsDetractors), sum(activity, a -> a.reviews), sum(activity, a -> a.ratingMicros),
                sessions.sessions, sessions.bounces, sessions.events, sessions.millis,
                base == null ? null : base[0], base == null ? null : base[1], base == null ? null : base[2],
                base == null ? null : base[3], sum(activity, a -> a.storeVisits),
                activity.stream().flatMap(a -> a.storeOrders.stream()).distinct().count(),
                activity.stream().flatMap(a -> a.ropoOrders.stream()).distinct().count(),
                sum(activity, a -> a.ropoOrders.stream().mapToLong(a::netMicros).sum()),
                sum(activity, a -> a.goodsCostMicros), sum(activity, a -> a.costedRevenueMicros),
                sum(activity, a -> a.costedEvents), activity.stream().filter(a -> a.costedOrderEvents > 0).count());
    }

    private static long sum(Collection<Activity> activity, ToLongFunction<Activity> field) {
        return activity.stream().mapToLong(field).sum();
    }

    @Override
    public JourneyFunnel journeyFunnel() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JourneyStage stage : JourneyStage.values()) {
            counts.put(stage.id(), 0L);
        }
        new TreeMap<>(searches.memberCounts(KpiQuery.GroupBy.STAGE)).forEach((stage, n) -> counts.merge(stage, n, Long::sum));
        List<String> order = new ArrayList<>(counts.keySet());
        List<JourneyFunnel.Step> steps = new ArrayList<>();
        long previousReached = 0;
        for (int i = 0; i < order.size(); i++) {
            long reached = 0;
            for (int j = i; j < order.size(); j++) {
                reached += counts.get(order.get(j));
            }
            Double conversion = i == 0 || previousReached == 0 ? null : reached * 100.0 / previousReached;
            steps.add(new JourneyFunnel.Step(order.get(i), counts.get(order.get(i)), reached, conversion));
            previousReached = reached;
        }
        return new JourneyFunnel(steps);
    }
}
