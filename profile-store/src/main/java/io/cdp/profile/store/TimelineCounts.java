package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.FiltersBucket;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.cdp.platform.EventType;
import io.cdp.profile.EventCounts;
import io.cdp.profile.EventQuery;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;

/**
 * {@link EventCounts} on the timeline indices: per page of profiles, one search filtered on their
 * ids and the ids merged into them, with a {@code terms} aggregation on the profile id and, inside
 * it, one {@code filters} bucket per query.
 */
@Component
public final class TimelineCounts implements EventCounts {

    /** Profiles a search counts for at most, like a scheduled run's page. */
    static final int PAGE = 5_000;
    /** Below Elasticsearch's default {@code search.max_buckets} (65,536). */
    static final int MAX_BUCKETS = 50_000;

    private final ProfileStore store;
    private final int page;

    @Autowired
    public TimelineCounts(ProfileStore store) {
        this(store, PAGE);
    }

    TimelineCounts(ProfileStore store, int page) {
        this.store = store;
        this.page = page;
    }

    @Override
    public Map<ProfileId, long[]> countEvents(Collection<ProfileSnapshot> profiles, List<EventQuery> queries,
            boolean refreshFirst) {
        // each profile's own id and the ids merged into it: their timeline events kept those ids
        Map<ProfileId, List<String>> timelineIds = new LinkedHashMap<>();
        profiles.forEach(profile -> timelineIds.computeIfAbsent(profile.id(), id -> {
            List<String> own = new ArrayList<>();
            own.add(id.value());
            profile.mergedIds().forEach(merged -> own.add(merged.value()));
            return own;
        }));
        Map<ProfileId, long[]> counts = new LinkedHashMap<>();
        timelineIds.keySet().forEach(id -> counts.put(id, new long[queries.size()]));
        if (timelineIds.isEmpty() || queries.isEmpty()) {
            return counts;
        }
        // only the months the queries span: the others' shards stay search-idle, unrefreshed and unsearched
        List<String> indices = store.names().eventsBetween(
                queries.stream().map(EventQuery::from).min(Comparator.naturalOrder()).orElseThrow(),
                queries.stream().map(EventQuery::to).max(Comparator.naturalOrder()).orElseThrow());
        if (refreshFirst) {
            refresh(indices);
        }
        List<ProfileId> wanted = List.copyOf(timelineIds.keySet());
        for (int from = 0; from < wanted.size(); from += page) {
            Map<ProfileId, List<String>> pageIds = new LinkedHashMap<>();
            wanted.subList(from, Math.min(wanted.size(), from + page))
                    .forEach(id -> pageIds.put(id, timelineIds.get(id)));
            for (Map<ProfileId, List<String>> part : withinBucketBudget(pageIds, queries.size())) {
                count(indices, part, queries, counts);
            }
        }
        return counts;
    }

    private void refresh(List<String> indices) {
        unchecked(() -> store.client().indices().refresh(r -> r.index(indices)
                .ignoreUnavailable(true).allowNoIndices(true)));
    }

    /** Splits so that no search can make more buckets than allowed: (timeline ids) x (queries + 1). */
    private static List<Map<ProfileId, List<String>>> withinBucketBudget(Map<ProfileId, List<String>> timelineIds,
            int queries) {
        List<Map<ProfileId, List<String>>> parts = new ArrayList<>();
        Map<ProfileId, List<String>> part = new LinkedHashMap<>();
        long buckets = 0;
        for (Map.Entry<ProfileId, List<String>> profile : timelineIds.entrySet()) {
            long more = (long) profile.getValue().size() * (queries + 1);
            if (!part.isEmpty() && buckets + more > MAX_BUCKETS) {
                parts.add(part);
                part = new LinkedHashMap<>();
                buckets = 0;
            }
            part.put(profile.getKey(), profile.getValue());
            buckets += more;
        }
        parts.add(part);
        return parts;
    }

    private void count(List<String> indices, Map<ProfileId, List<String>> timelineIds, List<EventQuery> queries,
            Map<ProfileId, long[]> counts) {
        Map<String, List<ProfileId>> owners = new LinkedHashMap<>();
        timelineIds.forEach((owner, own) -> own.forEach(id -> owners.computeIfAbsent(id, i -> new ArrayList<>())
                .add(owner)));
        List<FieldValue> terms = owners.keySet().stream().map(FieldValue::of).toList();
        Instant from = queries.stream().map(EventQuery::from).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = queries.stream().map(EventQuery::to).max(Comparator.naturalOrder()).orElseThrow();
        Set<String> events = new LinkedHashSet<>(queries.stream().map(EventQuery::event).toList());
        List<Query> perQuery = queries.stream().map(TimelineCounts::query).toList();
        SearchResponse<Void> response = unchecked(() -> store.client().search(s -> s
                .index(indices)
                .ignoreUnavailable(true).allowNoIndices(true).size(0).trackTotalHits(t -> t.enabled(false))
                .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("profileId").terms(v -> v.value(terms))))
                        .filter(within(from, to))
                        .filter(f -> f.bool(any -> any.should(events.stream().map(TimelineCounts::named).toList())
                                .minimumShouldMatch("1")))))
                .aggregations("profiles", a -> a.terms(t -> t.field("profileId").size(terms.size()))
                        .aggregations("queries", q -> q.filters(f -> f.filters(b -> b.array(perQuery))))),
                Void.class));
        for (StringTermsBucket bucket : response.aggregations().get("profiles").sterms().buckets().array()) {
            List<FiltersBucket> matched = bucket.aggregations().get("queries").filters().buckets().array();
            for (ProfileId owner : owners.getOrDefault(bucket.key().stringValue(), List.of())) {
                long[] sums = counts.get(owner);
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += matched.get(i).docCount();
                }
            }
        }
    }

    private static Query query(EventQuery query) {
        List<Query> filters = new ArrayList<>();
        filters.add(named(query.event()));
        filters.add(within(query.from(), query.to()));
        query.where().forEach(filter -> filters.add(PropertyTerms.query(filter)));
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    private static Query within(Instant from, Instant to) {
        return Query.of(q -> q.range(r -> r.date(d -> d.field("timestamp").gte(from.toString()).lt(to.toString()))));
    }

    /**
     * Events the rollups count under this name: track calls of that event, or calls of that type
     * ({@code page}, {@code identify} ...); {@code track} also counts track calls without an event name.
     */
    private static Query named(String event) {
        List<Query> any = new ArrayList<>();
        any.add(Query.of(q -> q.bool(b -> b.filter(type(EventType.TRACK)).filter(f -> f.term(t -> t.field("event")
                .value(event))))));
        for (EventType type : EventType.values()) {
            if (type.name().toLowerCase(Locale.ROOT).equals(event)) {
                any.add(type == EventType.TRACK
                        ? Query.of(q -> q.bool(b -> b.filter(type(type)).mustNot(m -> m.exists(e -> e.field("event")))))
                        : type(type));
            }
        }
        return Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    }

    private static Query type(EventType type) {
        return Query.of(q -> q.term(t -> t.field("type").value(type.name())));
    }
}
