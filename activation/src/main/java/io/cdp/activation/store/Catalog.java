package io.cdp.activation.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Destination;
import io.cdp.platform.elasticsearch.Documents;

/** Activations and destinations as the engine reads them; writes refresh so the next read sees them. */
@Component
public final class Catalog {

    private static final int MAX_ACTIVATIONS = 1000;

    private final Documents<Activation> activations;
    private final DestinationStore destinations;

    Catalog(ActivationIndices indices, DestinationStore destinations) {
        this.activations = indices.activations();
        this.destinations = destinations;
    }

    public Optional<Activation> activation(String id) {
        return activations.get(id).map(Documents.Versioned::document);
    }

    public List<Activation> activations() {
        return activations.search(Query.of(q -> q.matchAll(m -> m)), "id", SortOrder.Asc, MAX_ACTIVATIONS).stream()
                .map(Documents.Versioned::document).toList();
    }

    public List<Activation> forSegment(String segmentId) {
        return forSegments(List.of(segmentId)).get(segmentId);
    }

    /**
     * The activations of each of these segments (one without any: an empty list), in one search: a batch of
     * membership events names a few dozen segments, and a search for each cost a scheduled run's consumer more than
     * storing the batch's entries did.
     */
    public Map<String, List<Activation>> forSegments(Collection<String> segmentIds) {
        Map<String, List<Activation>> bySegment = new HashMap<>();
        segmentIds.forEach(id -> bySegment.put(id, new ArrayList<>()));
        if (bySegment.isEmpty()) {
            return bySegment;
        }
        List<FieldValue> ids = bySegment.keySet().stream().map(FieldValue::of).toList();
        activations.search(Query.of(q -> q.terms(t -> t.field("segmentId").terms(v -> v.value(ids)))), "id",
                SortOrder.Asc, MAX_ACTIVATIONS).forEach(found -> bySegment.get(found.document().segmentId())
                        .add(found.document()));
        return bySegment;
    }

    public Activation save(Activation activation) {
        activations.put(activation.id(), activation);
        activations.refresh();
        return activation;
    }

    public boolean delete(String id) {
        return activations.delete(id);
    }

    public Optional<Destination> destination(String id) {
        return destinations.find(id);
    }

    public DestinationStore destinations() {
        return destinations;
    }
}
