package io.cdp.ingestion.csv;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import io.cdp.platform.Sha256;
import io.cdp.platform.elasticsearch.Documents;

/**
 * Which customer an imported order id belongs to, across files and sources: the first import that
 * brings an order claims its id for its customer, create-only, like identity claims in the profile
 * store. A later row with that id and another customer is a row error instead of a silent drop
 * or a second order.
 */
@Repository
public class OrderClaims {

    public static final String INDEX = "cdp-order-claims";
    private static final int BATCH = 1_000;
    /** Only the ids are looked up; the customer is kept, not indexed. */
    private static final String MAPPINGS = """
            {"dynamic": false, "properties": {"orderId": {"type": "keyword"},
             "customer": {"type": "object", "enabled": false}, "source": {"type": "keyword"},
             "claimedAt": {"type": "date"}}}""";

    private final Documents<Claim> claims;

    OrderClaims(ElasticsearchClient client) {
        this.claims = new Documents<>(client, INDEX, Claim.class, MAPPINGS);
    }

    /** Stored form: the customer's identifiers by type (user_id, email, loyalty_card). */
    record Claim(String orderId, Map<String, String> customer, String source, Instant claimedAt) {
    }

    /** The customers of the order ids claimed already. */
    Map<String, Map<String, String>> find(Collection<String> orderIds) {
        Map<String, Map<String, String>> found = new HashMap<>();
        List<String> ids = List.copyOf(new HashSet<>(orderIds));
        for (int from = 0; from < ids.size(); from += BATCH) {
            claims.getAll(ids.subList(from, Math.min(ids.size(), from + BATCH)).stream().map(OrderClaims::id).toList())
                    .values().forEach(claim -> found.put(claim.document().orderId(), claim.document().customer()));
        }
        return found;
    }

    /**
     * Claims order ids for their customers, create-only.
     *
     * @return the ids another import claimed first (between {@link #find} and now)
     */
    Set<String> claim(Map<String, Map<String, String>> customers, String source, Instant now) {
        List<Documents.Write<Claim>> writes = customers.entrySet().stream()
                .map(entry -> Documents.Write.create(id(entry.getKey()),
                        new Claim(entry.getKey(), entry.getValue(), source, now)))
                .toList();
        Set<String> lost = new HashSet<>();
        for (int from = 0; from < writes.size(); from += BATCH) {
            List<Documents.Write<Claim>> batch = writes.subList(from, Math.min(writes.size(), from + BATCH));
            Set<String> written = claims.writeAll(batch).keySet();
            batch.stream().filter(write -> !written.contains(write.id()))
                    .forEach(write -> lost.add(write.document().orderId()));
        }
        return lost;
    }

    /** Order ids may be long or hold any character; document ids are bounded. */
    private static String id(String orderId) {
        return Sha256.hex(orderId.getBytes(StandardCharsets.UTF_8));
    }
}
