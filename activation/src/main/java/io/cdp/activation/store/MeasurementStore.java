package io.cdp.activation.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.platform.elasticsearch.Documents;

/** The questions asked of conversions and CLV snapshots. */
@Component
public final class MeasurementStore {

    private final Documents<Conversion> conversions;
    private final Documents<ClvSnapshot> clv;

    MeasurementStore(ActivationIndices indices) {
        this.conversions = indices.conversions();
        this.clv = indices.clv();
    }

    /** The segment's conversions at [from, to). */
    public List<Conversion> conversionsInPeriod(String segmentId, Instant from, Instant to, int pageSize) {
        List<Conversion> out = new ArrayList<>();
        conversions.scan(Filters.inPeriod("segmentId", segmentId, "at", from, to), "id", pageSize, out::addAll);
        return out;
    }

    /** The conversions of an order (one per entry it was attributed to), refunds left out. */
    public List<Conversion> conversionsOfOrder(String orderId, int max) {
        Query query = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("orderId").value(orderId)))
                .mustNot(m -> m.term(t -> t.field("event").value(Conversion.REFUND)))));
        return conversions.search(query, "id", SortOrder.Asc, max).stream().map(Documents.Versioned::document)
                .toList();
    }

    /** Makes every stored conversion searchable now: a refund can follow its order within a refresh interval. */
    public void refreshConversions() {
        conversions.refresh();
    }

    public void deleteConversionsOfProfiles(Collection<String> profileIds) {
        conversions.deleteMatching(Filters.ofProfiles(profileIds));
    }

    /** The segment's CLV snapshots taken in [from, to), oldest first. */
    public Optional<ClvSnapshot> latestClv(String segmentId) {
        return clv.search(Query.of(q -> q.term(t -> t.field("segmentId").value(segmentId))), "at",
                SortOrder.Desc, 1).stream()
                .map(Documents.Versioned::document).findFirst();
    }

    public List<ClvSnapshot> clvInPeriod(String segmentId, Instant from, Instant to, int max) {
        return clv.search(Filters.inPeriod("segmentId", segmentId, "at", from, to), "at", SortOrder.Asc, max).stream()
                .map(Documents.Versioned::document).toList();
    }
}
