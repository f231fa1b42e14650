package io.cdp.activation.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.platform.elasticsearch.Documents;
import io.cdp.platform.web.PageSlice;

/** The questions asked of the delivery log. */
@Component
public final class DeliveryStore {

    private final Documents<Delivery> deliveries;

    DeliveryStore(ActivationIndices indices) {
        this.deliveries = indices.deliveries();
    }

    /**
     * Pending deliveries due by now and claimed ones whose lease ran out, the longest due first. Pending ones
     * created after {@code createdBy} are left out: they were handed to the dispatcher as they were stored, and a
     * search seeing them before its index refreshed would try to claim them again.
     */
    public List<Documents.Versioned<Delivery>> due(Instant now, Instant createdBy, int max) {
        String at = now.toString();
        Query due = Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(s -> s.bool(p -> p.filter(f -> f.term(t -> t.field("state").value("PENDING")))
                        .filter(f -> f.range(r -> r.untyped(u -> u.field("dueAt").lte(JsonData.of(at)))))
                        .filter(f -> f.range(r -> r.untyped(u -> u.field("createdAt")
                                .lte(JsonData.of(createdBy.toString())))))))
                .should(s -> s.bool(p -> p.filter(f -> f.term(t -> t.field("state").value("SENDING")))
                        .filter(f -> f.range(r -> r.untyped(u -> u.field("leaseUntil").lte(JsonData.of(at)))))))));
        return deliveries.search(due, "dueAt", SortOrder.Asc, max);
    }

    /** Newest first; each filter applies when not null. */
    public List<Delivery> newest(String profileId, String activationId, DeliveryState state, int size) {
        return deliveries.search(filtered(profileId, activationId, state), "createdAt", SortOrder.Desc, size)
                .stream().map(Documents.Versioned::document).toList();
    }

    /** A page of the log, newest first, with how many deliveries match the filters in all. */
    public PageSlice<Delivery> page(String profileId, String activationId, DeliveryState state, int offset,
            int limit) {
        Query query = filtered(profileId, activationId, state);
        List<Delivery> items = deliveries.search(query, "createdAt", SortOrder.Desc, offset, limit).stream()
                .map(Documents.Versioned::document).toList();
        return new PageSlice<>(items, offset, limit, deliveries.count(query));
    }

    private static Query filtered(String profileId, String activationId, DeliveryState state) {
        List<Query> filters = new ArrayList<>();
        if (profileId != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("profileId").value(profileId))));
        }
        if (activationId != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("activationId").value(activationId))));
        }
        if (state != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("state").value(state.name()))));
        }
        return Query.of(q -> q.bool(b -> b.filter(filters)));
    }

    /** The activation's deliveries created in [from, to). */
    public void scanCreatedInPeriod(String activationId, Instant from, Instant to, int pageSize,
            Consumer<List<Delivery>> page) {
        deliveries.scan(Filters.inPeriod("activationId", activationId, "createdAt", from, to), "key", pageSize, page);
    }

    public void scanOfProfiles(Collection<String> profileIds, int pageSize, Consumer<List<Delivery>> page) {
        deliveries.scan(Filters.ofProfiles(profileIds), "key", pageSize, page);
    }

    public void deleteOfProfiles(Collection<String> profileIds) {
        deliveries.deleteMatching(Filters.ofProfiles(profileIds));
    }
}
