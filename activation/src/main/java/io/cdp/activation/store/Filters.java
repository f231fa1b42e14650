package io.cdp.activation.store;

import java.time.Instant;
import java.util.Collection;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;

/** The filters the stores share: one value of a field within [from, to) of a time field, or some people. */
final class Filters {

    private Filters() {
    }

    static Query inPeriod(String field, String value, String timeField, Instant from, Instant to) {
        return Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field(field).value(value)))
                .filter(f -> f.range(r -> r.untyped(u -> u.field(timeField)
                        .gte(JsonData.of(from.toString())).lt(JsonData.of(to.toString())))))));
    }

    static Query ofProfiles(Collection<String> profileIds) {
        return Query.of(q -> q.terms(t -> t.field("profileId")
                .terms(v -> v.value(profileIds.stream().map(FieldValue::of).toList()))));
    }
}
