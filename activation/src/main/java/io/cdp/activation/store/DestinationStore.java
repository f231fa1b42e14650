package io.cdp.activation.store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.activation.domain.Destination;
import io.cdp.platform.elasticsearch.Documents;

/** Destinations with their secrets sealed at rest. */
@Component
public final class DestinationStore {

    private final Documents<StoredDestination> documents;
    private final SecretBox box;

    DestinationStore(ActivationIndices indices, SecretBox box) {
        this.documents = indices.destinations();
        this.box = box;
    }

    public Destination save(Destination destination) {
        Map<String, String> sealed = new HashMap<>();
        destination.secrets().forEach((k, v) -> sealed.put(k, box.seal(v, boundTo(destination.id(), k))));
        documents.put(destination.id(), new StoredDestination(destination.id(), destination.name(),
                destination.kind(), destination.settings(), sealed));
        documents.refresh();
        return find(destination.id()).orElseThrow();
    }

    public Optional<Destination> find(String id) {
        return documents.get(id).map(v -> open(v.document()));
    }

    public List<Destination> list() {
        return documents.search(Query.of(q -> q.matchAll(m -> m)), "id", SortOrder.Asc, 1000).stream()
                .map(v -> open(v.document())).toList();
    }

    public boolean delete(String id) {
        return documents.delete(id);
    }

    private static String boundTo(String destinationId, String secretName) {
        return "destination/" + destinationId + "/" + secretName;
    }

    private Destination open(StoredDestination stored) {
        Map<String, String> secrets = new HashMap<>();
        stored.sealedSecrets().forEach((k, v) -> secrets.put(k, box.open(v, boundTo(stored.id(), k))));
        return new Destination(stored.id(), stored.name(), stored.kind(), stored.settings(), secrets);
    }
}
