package io.cdp.profile.store;

import static io.cdp.platform.elasticsearch.ElasticsearchClients.unchecked;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.cdp.platform.IsoTime;
import io.cdp.platform.elasticsearch.PointInTimeScan;
import io.cdp.profile.ProfileId;
import io.cdp.profile.ProfileSnapshot;
import io.cdp.profile.Profiles;
import io.cdp.profile.domain.PredictedValue;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.identity.IdentifierExtractor;

/** {@link Profiles} on the profile store's indices. Follows merge redirects without writing. */
@Component
@RequiredArgsConstructor
public final class StoredProfiles implements Profiles {

    private static final int MAX_REDIRECTS = 256;
    private static final Query LIVE = Query.of(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("erased").value(false)))
            .mustNot(m -> m.exists(e -> e.field("mergedInto")))));

    /** What {@link #findIdentities} reads: resolution (redirect, erasure), identifiers and consent. */
    private static final List<String> IDENTITIES = List.of("id", "userId", "mergedInto", "erased", "identities",
            "consent", "absorbedProfiles");

    private final ProfileStore store;
    private final IdentifierExtractor extractor;

    /** The live document an id resolves to (itself, or its merge survivor); empty when unknown or erased. */
    public Optional<ProfileDocument> live(String id) {
        return live(id, List.of());
    }

    private Optional<ProfileDocument> live(String id, List<String> only) {
        String current = id;
        for (int i = 0; i < MAX_REDIRECTS; i++) {
            Optional<Versioned<ProfileDocument>> found = only.isEmpty() ? store.profile(current)
                    : Optional.ofNullable(store.profiles(List.of(current), only).get(current));
            if (found.isEmpty() || found.get().document().erased) {
                return Optional.empty();
            }
            ProfileDocument doc = found.get().document();
            if (doc.mergedInto == null) {
                return Optional.of(doc);
            }
            current = doc.mergedInto;
        }
        throw new IllegalStateException("merge redirects too deep");
    }

    /** The live document holding this identifier; empty when nobody holds it. */
    public Optional<ProfileDocument> liveByIdentifier(Identifier identifier) {
        IdentityClaim claim = store.claims(List.of(identifier)).get(identifier);
        return claim == null ? Optional.empty() : live(claim.profileId());
    }

    @Override
    public Optional<ProfileSnapshot> find(ProfileId id) {
        return live(id.value()).map(StoredProfiles::snapshot);
    }

    @Override
    public List<ProfileSnapshot> findAll(Collection<ProfileId> ids) {
        return findAll(ids, List.of());
    }

    @Override
    public List<ProfileSnapshot> findIdentities(Collection<ProfileId> ids) {
        return findAll(ids, IDENTITIES);
    }

    private List<ProfileSnapshot> findAll(Collection<ProfileId> ids, List<String> only) {
        Map<String, ProfileSnapshot> survivors = new LinkedHashMap<>();
        List<String> wanted = ids.stream().map(ProfileId::value).distinct().toList();
        Map<String, Versioned<ProfileDocument>> found = store.profiles(wanted, only);
        for (String id : wanted) {
            if (!found.containsKey(id)) {
                continue;
            }
            ProfileDocument doc = found.get(id).document();
            Optional<ProfileDocument> live = doc.mergedInto == null ? Optional.of(doc) : live(doc.mergedInto, only);
            live.filter(d -> !d.erased).ifPresent(d -> survivors.putIfAbsent(d.id, snapshot(d)));
        }
        return List.copyOf(survivors.values());
    }

    @Override
    public Optional<ProfileSnapshot> findByIdentifier(String type, String value) {
        return extractor.normalize(type, value).flatMap(this::liveByIdentifier).map(StoredProfiles::snapshot);
    }

    @Override
    public long count() {
        return unchecked(() -> store.client().count(c -> c.index(store.names().profiles()).query(LIVE))).count();
    }

    @Override
    public List<ProfileSnapshot> sample(int size, long seed) {
        SearchResponse<ProfileDocument> response = unchecked(() -> store.client().search(s -> s
                .index(store.names().profiles())
                // replace, not multiply: LIVE is a filter that scores 0, and 0 times anything would
                // leave the hits in index order, i.e. always the oldest profiles whatever the seed
                .size(size).query(q -> q.functionScore(f -> f.query(LIVE).boostMode(FunctionBoostMode.Replace)
                        .functions(fn -> fn.randomScore(r -> r.seed(String.valueOf(seed)).field("_seq_no"))))),
                ProfileDocument.class));
        return response.hits().hits().stream().map(h -> snapshot(h.source())).toList();
    }

    @Override
    public void scan(ProfileId afterId, int pageSize, Consumer<List<ProfileSnapshot>> page) {
        PointInTimeScan.pages(store.client(), store.names().profiles(), LIVE, "id",
                afterId == null ? null : List.of(FieldValue.of(afterId.value())), pageSize, ProfileDocument.class,
                hits -> page.accept(hits.stream().map(h -> snapshot(h.source())).toList()));
    }

    public static ProfileSnapshot snapshot(ProfileDocument doc) {
        List<ProfileSnapshot.Identity> identities = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        doc.identities.forEach(ref -> {
            if (seen.add(ref.type() + "\u0000" + ref.value())) {
                identities.add(new ProfileSnapshot.Identity(ref.type(), ref.value()));
            }
        });
        Map<String, Object> traits = new LinkedHashMap<>();
        doc.traits.forEach((name, trait) -> {
            if (trait.value() != null) {
                traits.put(name, trait.value());
            }
        });
        Map<String, Boolean> consent = new LinkedHashMap<>();
        doc.consent.forEach((channel, c) -> consent.put(channel, c.granted()));
        Map<LocalDate, ProfileSnapshot.DayActivity> rollups = new LinkedHashMap<>();
        doc.rollups.forEach((day, rollup) -> rollups.put(IsoTime.date(day),
                new ProfileSnapshot.DayActivity(rollup.events, rollup.revenue)));
        ProfileSnapshot.Commerce commerce = new ProfileSnapshot.Commerce(doc.commerce.orders, doc.commerce.revenue,
                doc.commerce.firstOrderAt, doc.commerce.lastOrderAt, doc.commerce.lastProducts.stream()
                        .map(p -> new ProfileSnapshot.PurchasedProduct(p.productId(), p.sku(), p.name(), p.price(),
                                p.quantity(), p.orderedAt()))
                        .toList(), doc.commerce.refunds, doc.commerce.revenueByCurrency(),
                doc.commerce.unconvertedOrders);
        ProfileSnapshot.Sessions sessions = new ProfileSnapshot.Sessions(doc.sessions.count(),
                doc.sessions.averageDurationSeconds(), doc.sessions.bounceRate());
        return new ProfileSnapshot(ProfileId.of(doc.id), doc.userId, identities, traits, consent, doc.channels,
                doc.sources, doc.firstSeen, doc.lastSeen, commerce, sessions, rollups,
                doc.absorbedProfiles.stream().map(ProfileId::of).toList(), doc.nps == null ? null
                        : new ProfileSnapshot.Nps(doc.nps.latestScore(), doc.nps.answeredAt(), doc.nps.category()),
                predictedValue(doc.predictedValue));
    }

    private static ProfileSnapshot.PredictedValue predictedValue(PredictedValue v) {
        return v == null ? null : new ProfileSnapshot.PredictedValue(v.predictedClv(), v.probabilityAlive(),
                v.expectedOrders(), v.expectedOrderValue(), v.predictedClvDecile(), v.basis(), v.runId(), v.scoredAt());
    }
}
