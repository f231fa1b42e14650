package io.cdp.ingestion.csv;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Repository;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;

import io.cdp.ingestion.pipeline.Sha256;

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

    private final ElasticsearchClient client;

    OrderClaims(ElasticsearchClient client) {
        this.client = client;
        installTemplate();
    }

    /** Stored form: the customer's identifiers by type (user_id, email, loyalty_card). */
    record Claim(String orderId, Map<String, String> customer, String source, Instant claimedAt) {
    }

    /** The customers of the order ids claimed already. */
    Map<String, Map<String, String>> find(Collection<String> orderIds) {
        Map<String, Map<String, String>> found = new HashMap<>();
        List<String> ids = List.copyOf(new HashSet<>(orderIds));
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            MgetResponse<Claim> response = unchecked(() -> client.mget(
                    m -> m.index(INDEX).ids(batch.stream().map(OrderClaims::id).toList()), Claim.class));
            for (MultiGetResponseItem<Claim> item : response.docs()) {
                if (item.isResult() && item.result().found()) {
                    found.put(item.result().source().orderId(), item.result().source().customer());
                } else if (item.isFailure() && !"index_not_found_exception".equals(item.failure().error().type())) {
                    throw new IllegalStateException("order claims could not be read: " + item.failure().error().type());
                }
            }
        }
        return found;
    }

    /**
     * Claims order ids for their customers, create-only.
     *
     * @return the ids another import claimed first (between {@link #find} and now)
     */
    Set<String> claim(Map<String, Map<String, String>> customers, String source, Instant now) {
        Set<String> lost = new HashSet<>();
        List<Map.Entry<String, Map<String, String>>> entries = new ArrayList<>(customers.entrySet());
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<BulkOperation> operations = entries.subList(from, Math.min(entries.size(), from + BATCH)).stream()
                    .map(entry -> BulkOperation.of(b -> b.create(c -> c.index(INDEX).id(id(entry.getKey()))
                            .document(new Claim(entry.getKey(), entry.getValue(), source, now)))))
                    .toList();
            BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations)));
            for (int i = 0; i < response.items().size(); i++) {
                BulkResponseItem item = response.items().get(i);
                if (item.status() == 409) {
                    lost.add(entries.get(from + i).getKey());
                } else if (item.error() != null) {
                    throw new IllegalStateException("an order claim could not be written: " + item.error().type());
                }
            }
        }
        return lost;
    }

    /** Order ids may be long or hold any character; document ids are bounded. */
    private static String id(String orderId) {
        return Sha256.hex(orderId.getBytes(StandardCharsets.UTF_8));
    }

    private void installTemplate() {
        SingleIndexTemplate.install(client, INDEX, m -> m
                .properties("orderId", p -> p.keyword(k -> k))
                .properties("customer", p -> p.object(o -> o.enabled(false)))
                .properties("source", p -> p.keyword(k -> k))
                .properties("claimedAt", p -> p.date(d -> d)));
    }
}
