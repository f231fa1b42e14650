package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import lombok.Getter;
import lombok.RequiredArgsConstructor;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.cdp.platform.elasticsearch.ElasticsearchClients;
import io.cdp.platform.elasticsearch.MultiGet;
import io.cdp.profile.ProductCosts;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.identity.Identifier;

/**
 * Elasticsearch access for profiles, identity claims and timeline events. Only real-time reads
 * (get / mget) and conditional writes (if_seq_no, op_type=create) are used for resolution.
 */
@RequiredArgsConstructor
public final class ProfileStore {

    @Getter
    private final ElasticsearchClient client;
    @Getter
    private final IndexNames names;
    /** Unit costs for order lines without their own, when the timeline's cost of goods is computed. */
    private final ProductCosts costs;

    public ProfileStore(ElasticsearchClient client, IndexNames names) {
        this(client, names, ProductCosts.NONE);
    }

    public Optional<Versioned<ProfileDocument>> profile(String id) {
        GetResponse<ProfileDocument> response = unchecked(() -> client.get(g -> g.index(names.profiles()).id(id),
                ProfileDocument.class));
        return response.found()
                ? Optional.of(new Versioned<>(response.source(), response.seqNo(), response.primaryTerm()))
                : Optional.empty();
    }

    /** Real-time reads of many profiles in one round trip; absent ids are missing from the result. */
    public Map<String, Versioned<ProfileDocument>> profiles(Collection<String> ids) {
        return profiles(ids, List.of());
    }

    /**
     * Like {@link #profiles(Collection)}, each document holding only the fields {@code only} (all
     * when empty): reading a few fields of many profiles moves and parses a fraction of the bytes.
     */
    public Map<String, Versioned<ProfileDocument>> profiles(Collection<String> ids, List<String> only) {
        Map<String, Versioned<ProfileDocument>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        List<MultiGet.Doc> wanted = ids.stream().map(id -> new MultiGet.Doc(names.profiles(), id, only))
                .toList();
        for (MultiGet.Item<ProfileDocument> item : MultiGet.read(client, wanted, ProfileDocument.class)) {
            if (item.failed()) {
                throw new IllegalStateException("profile lookup failed: " + item.errorType());
            }
            if (item.found()) {
                found.put(item.id(), new Versioned<>(item.source(), item.seqNo(), item.primaryTerm()));
            }
        }
        return found;
    }

    /**
     * Many profile writes in one {@code _bulk}: {@code created} create-only, {@code updated} each as
     * changed in memory with the version it was read at. Returns the ids someone else wrote first (409).
     */
    public Set<String> writeProfiles(List<ProfileDocument> created, List<Versioned<ProfileDocument>> updated) {
        List<BulkOperation> operations = new ArrayList<>();
        created.forEach(p -> operations.add(BulkOperation.of(b -> b.create(c -> c.index(names.profiles())
                .id(p.id).document(p)))));
        updated.forEach(p -> operations.add(update(p)));
        Set<String> lost = new HashSet<>();
        conditionalBulk(operations).stream().filter(item -> item.status() == 409).forEach(item -> lost.add(item.id()));
        return lost;
    }

    /**
     * Optimistic writes of many profiles in one {@code _bulk}, each as changed in memory with the
     * version it was read at. Returns the new version of each profile written; the ids someone else
     * wrote first (409) are missing.
     */
    public Map<String, Versioned<ProfileDocument>> updateProfiles(List<Versioned<ProfileDocument>> updated) {
        Map<String, ProfileDocument> byId = new HashMap<>();
        List<BulkOperation> operations = new ArrayList<>();
        updated.forEach(p -> {
            byId.put(p.document().id, p.document());
            operations.add(update(p));
        });
        Map<String, Versioned<ProfileDocument>> written = new HashMap<>();
        for (BulkResponseItem item : conditionalBulk(operations)) {
            if (item.status() != 409) {
                written.put(item.id(), new Versioned<>(byId.get(item.id()), item.seqNo(), item.primaryTerm()));
            }
        }
        return written;
    }

    /** Create-only claims in one {@code _bulk}; returns the identifiers someone had claimed already. */
    public Set<Identifier> claimAll(Map<Identifier, IdentityClaim> claims) {
        List<BulkOperation> operations = new ArrayList<>();
        Map<String, Identifier> byHash = new HashMap<>();
        claims.forEach((identifier, claim) -> {
            byHash.put(identifier.hash(), identifier);
            operations.add(BulkOperation.of(b -> b.create(c -> c.index(names.identities()).id(identifier.hash())
                    .document(claim))));
        });
        Set<Identifier> taken = new HashSet<>();
        conditionalBulk(operations).stream().filter(item -> item.status() == 409)
                .forEach(item -> taken.add(byHash.get(item.id())));
        return taken;
    }

    private BulkOperation update(Versioned<ProfileDocument> profile) {
        return BulkOperation.of(b -> b.index(i -> i.index(names.profiles()).id(profile.document().id)
                .document(profile.document()).ifSeqNo(profile.seqNo()).ifPrimaryTerm(profile.primaryTerm())));
    }

    /** Runs conditional writes in one {@code _bulk}; an item may lose (409), any other error fails. */
    private List<BulkResponseItem> conditionalBulk(List<BulkOperation> operations) {
        if (operations.isEmpty()) {
            return List.of();
        }
        BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations)));
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null && item.status() != 409) {
                throw new IllegalStateException("bulk write failed: " + item.error().type()
                        + " (status " + item.status() + ")");
            }
        }
        return response.items();
    }

    /** Create-only write; false when a document with this id already exists. */
    public boolean createProfile(ProfileDocument profile) {
        return ElasticsearchClients.written(() -> client.index(i -> i.index(names.profiles()).id(profile.id)
                .document(profile).opType(OpType.Create)));
    }

    /** Optimistic write; false when someone else wrote the profile since it was read. */
    public boolean updateProfile(ProfileDocument profile, Versioned<ProfileDocument> readAt) {
        return ElasticsearchClients.written(() -> client.index(i -> i.index(names.profiles()).id(profile.id)
                .document(profile).ifSeqNo(readAt.seqNo()).ifPrimaryTerm(readAt.primaryTerm())));
    }

    /** The claims of these identifiers that exist. */
    public Map<Identifier, IdentityClaim> claims(List<Identifier> identifiers) {
        Map<Identifier, IdentityClaim> found = new LinkedHashMap<>();
        if (identifiers.isEmpty()) {
            return found;
        }
        List<MultiGet.Item<IdentityClaim>> items = MultiGet.read(client, identifiers.stream()
                .map(i -> MultiGet.Doc.of(names.identities(), i.hash())).toList(), IdentityClaim.class);
        for (int i = 0; i < identifiers.size(); i++) {
            MultiGet.Item<IdentityClaim> item = items.get(i);
            if (item.failed()) {
                throw new IllegalStateException("identity lookup failed: " + item.errorType());
            }
            if (item.found()) {
                found.put(identifiers.get(i), item.source());
            }
        }
        return found;
    }

    /** Claims an identifier for a profile; the existing claim when someone was first. */
    public Optional<IdentityClaim> claim(Identifier identifier, String profileId, String userId) {
        IdentityClaim claim = new IdentityClaim(identifier.type(), identifier.value(), profileId, userId);
        boolean created = ElasticsearchClients.written(() -> client.index(i -> i.index(names.identities())
                .id(identifier.hash()).document(claim).opType(OpType.Create)));
        return created ? Optional.empty() : Optional.ofNullable(claims(List.of(identifier)).get(identifier));
    }

    /** The events that are already on the timeline (fully applied): key to the profile id they were applied to. */
    public Map<String, String> existingEvents(List<EventDocument> events) {
        Map<String, String> existing = new HashMap<>();
        if (events.isEmpty()) {
            return existing;
        }
        List<MultiGet.Item<Applied>> items = MultiGet.read(client, events.stream().map(e -> new MultiGet.Doc(
                names.events(e.timestamp()), e.key(), List.of("profileId"))).toList(), Applied.class);
        for (int i = 0; i < events.size(); i++) {
            MultiGet.Item<Applied> item = items.get(i);
            if (item.found()) {
                existing.put(events.get(i).key(), item.source().profileId());
            } else if (item.failed() && !item.failedForMissingIndex()) {
                throw new IllegalStateException("event lookup failed: " + item.errorType());
            }
        }
        return existing;
    }

    /** The part of a timeline event that says where it was applied. */
    private record Applied(String profileId) {
    }

    /**
     * Writes timeline events create-only (an event already there is a replay and fine), with their
     * properties made searchable for {@link TimelineCounts} and their KPI measures aggregatable.
     */
    public void createEvents(List<EventDocument> events) {
        if (events.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>();
        events.forEach(e -> operations.add(BulkOperation.of(b -> b.create(c -> c.index(names.events(e.timestamp()))
                .id(e.key()).document(new Indexed(e, PropertyTerms.of(e.properties()), KpiMeasures.of(e, costs)))))));
        bulk(operations, Refresh.False);
    }

    /** A timeline event as indexed: the event, its {@link PropertyTerms} and its {@link KpiMeasures}. */
    private record Indexed(@JsonUnwrapped EventDocument event, List<String> propertyTerms, KpiMeasures kpi) {
    }

    public void bulk(List<BulkOperation> operations, Refresh refresh) {
        BulkResponse response = unchecked(() -> client.bulk(b -> b.operations(operations).refresh(refresh)));
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && item.status() != 409 && item.status() != 404) {
                    throw new IllegalStateException("bulk write failed: " + item.error().type()
                            + " (status " + item.status() + ")");
                }
            }
        }
    }
}
