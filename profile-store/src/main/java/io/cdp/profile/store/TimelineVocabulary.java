package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.cdp.platform.EventType;
import io.cdp.profile.SeenEvents;
import lombok.RequiredArgsConstructor;

/** {@link SeenEvents} from the timeline indices: a terms aggregation for names, the latest events for properties. */
@Component
@RequiredArgsConstructor
public final class TimelineVocabulary implements SeenEvents {

    /** Call types are few (track, page, screen, identify, group, alias). */
    private static final int TYPES = 20;

    private final ProfileStore store;

    @Override
    public List<String> names(int max) {
        SearchResponse<Void> response = unchecked(() -> store.client().search(s -> s
                .index(store.names().eventsPattern()).allowNoIndices(true).ignoreUnavailable(true).size(0)
                .aggregations("events", a -> a.terms(t -> t.field("event").size(max)))
                .aggregations("types", a -> a.terms(t -> t.field("type").size(TYPES))), Void.class));
        Set<String> names = new LinkedHashSet<>();
        if (response.aggregations().containsKey("events")) {
            response.aggregations().get("events").sterms().buckets().array()
                    .forEach(b -> names.add(b.key().stringValue()));
            // other call types by the lower-case name segment conditions give them ("page", not the stored "PAGE")
            response.aggregations().get("types").sterms().buckets().array().stream()
                    .map(b -> b.key().stringValue()).filter(type -> !type.equals(EventType.TRACK.name()))
                    .map(type -> type.toLowerCase(Locale.ROOT)).forEach(names::add);
        }
        return List.copyOf(names);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<Map<String, Object>> latestProperties(int max) {
        SearchResponse<Map> response = unchecked(() -> store.client().search(s -> s
                .index(store.names().eventsPattern()).allowNoIndices(true).ignoreUnavailable(true).size(max)
                .source(f -> f.filter(i -> i.includes("properties")))
                .sort(o -> o.field(f -> f.field("timestamp").order(SortOrder.Desc).unmappedType(FieldType.Date))),
                Map.class));
        List<Map<String, Object>> latest = new ArrayList<>();
        for (Hit<Map> hit : response.hits().hits()) {
            if (hit.source() != null && hit.source().get("properties") instanceof Map<?, ?> properties) {
                latest.add((Map<String, Object>) properties);
            }
        }
        return latest;
    }
}
