package io.cdp.activation.store;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.platform.elasticsearch.Documents;

/** The module's indices, all named {@code <prefix>act-*}, created with their mappings at start-up. */
public record ActivationIndices(Documents<StoredDestination> destinations, Documents<Activation> activations,
        Documents<Delivery> deliveries, Documents<Entry> entries, Documents<Conversion> conversions,
        Documents<ClvSnapshot> clv, Documents<SyncDeadLetter> syncDeadLetters, Documents<SyncStatus> syncs,
        Documents<CapLedger> capLedgers, Documents<ErasedProfile> erasedProfiles) {

    private static final String NO_INDEXING = "{\"dynamic\": false, \"properties\": {\"id\": {\"type\": \"keyword\"}}}";

    public static ActivationIndices create(ElasticsearchClient client, String prefix) {
        String p = prefix + "act-";
        return new ActivationIndices(
                new Documents<>(client, p + "destinations", StoredDestination.class, NO_INDEXING),
                new Documents<>(client, p + "activations", Activation.class, """
                        {"dynamic": false, "properties": {"id": {"type": "keyword"},
                          "segmentId": {"type": "keyword"}, "destinationId": {"type": "keyword"}}}"""),
                new Documents<>(client, p + "deliveries", Delivery.class, """
                        {"dynamic": false, "properties": {"key": {"type": "keyword"},
                          "activationId": {"type": "keyword"}, "destinationId": {"type": "keyword"},
                          "profileId": {"type": "keyword"}, "segmentId": {"type": "keyword"},
                          "entryId": {"type": "keyword"}, "change": {"type": "keyword"},
                          "state": {"type": "keyword"}, "channel": {"type": "keyword"},
                          "dueAt": {"type": "date"}, "leaseUntil": {"type": "date"},
                          "createdAt": {"type": "date"}, "updatedAt": {"type": "date"}, "sentAt": {"type": "date"},
                          "attempts": {"type": "integer"}, "inDoubt": {"type": "boolean"}}}"""),
                new Documents<>(client, p + "entries", Entry.class, """
                        {"dynamic": false, "properties": {"entryId": {"type": "keyword"},
                          "segmentId": {"type": "keyword"}, "profileId": {"type": "keyword"},
                          "enteredAt": {"type": "date"}, "exitedAt": {"type": "date"}}}"""),
                new Documents<>(client, p + "conversions", Conversion.class, """
                        {"dynamic": false, "properties": {"id": {"type": "keyword"},
                          "messageId": {"type": "keyword"}, "segmentId": {"type": "keyword"},
                          "entryId": {"type": "keyword"}, "profileId": {"type": "keyword"},
                          "event": {"type": "keyword"}, "at": {"type": "date"}, "revenue": {"type": "double"},
                          "orderId": {"type": "keyword"}}}"""),
                new Documents<>(client, p + "clv", ClvSnapshot.class, """
                        {"dynamic": false, "properties": {"segmentId": {"type": "keyword"}, "at": {"type": "date"}}}"""),
                new Documents<>(client, p + "sync-dead-letters", SyncDeadLetter.class, """
                        {"dynamic": false, "properties": {"id": {"type": "keyword"},
                          "activationId": {"type": "keyword"}, "at": {"type": "date"}}}"""),
                new Documents<>(client, p + "syncs", SyncStatus.class, NO_INDEXING),
                new Documents<>(client, p + "frequency-caps", CapLedger.class, "{\"dynamic\": false}"),
                new Documents<>(client, p + "erased-profiles", ErasedProfile.class, NO_INDEXING));
    }
}
