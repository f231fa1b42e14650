package io.cdp.profile.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import io.cdp.platform.web.InvalidRequestException;
import io.cdp.profile.ProfileId;
import io.cdp.profile.domain.ProfileDocument;
import io.cdp.profile.identity.Identifier;
import io.cdp.profile.identity.IdentifierExtractor;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileRecords;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.StoredProfiles;

/** Read side of the profile API, plus the GDPR erase. Reads follow merge redirects without writing. */
@Service
public final class ProfileQueries {

    private final ProfileStore store;
    private final IdentifierExtractor extractor;
    private final StoredProfiles profiles;
    private final ProfileRecords records;
    private final ErasureSink erasures;

    /** Tells the other modules of an erasure; the news is durable when {@link #erased} returns. */
    public interface ErasureSink {
        void erased(ProfileId profileId, List<ProfileId> mergedIds);
    }

    public ProfileQueries(ProfileStore store, IdentifierExtractor extractor, ErasureSink erasures) {
        this.store = store;
        this.extractor = extractor;
        this.profiles = new StoredProfiles(store, extractor);
        this.records = new ProfileRecords(store);
        this.erasures = erasures;
    }

    /** The live profile an id resolves to (itself, or its merge survivor). */
    public ProfileDocument resolve(String id) {
        return profiles.live(id).orElseThrow(() -> new ProfileNotFoundException("id " + id));
    }

    public ProfileDocument lookup(String type, String value) {
        Identifier identifier = extractor.normalize(type, value)
                .orElseThrow(() -> new InvalidRequestException("value", "must be a valid, non-blocked " + type));
        return profiles.liveByIdentifier(identifier)
                .orElseThrow(() -> new ProfileNotFoundException("this " + identifier.type()));
    }

    /** @param event only events of this name (a track event or a call type such as {@code page}), or null for all */
    public Page<EventDocument> events(ProfileDocument profile, String event, int page, int size) {
        return page(records.timeline(profile, event, page, size), page, size);
    }

    public Page<ProfileView> search(Map<String, String> traits, Long minOrders, Double minRevenue, int page, int size) {
        return page(records.search(traits, minOrders, minRevenue, page, size, ProfileView::of), page, size);
    }

    private static <T> Page<T> page(ProfileRecords.Found<T> found, int page, int size) {
        return new Page<>(found.items(), page, size, found.total());
    }

    /** Everything held about the person: the profile, merged-away profiles, identities and events. */
    public Map<String, Object> export(ProfileDocument profile) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("profile", ProfileView.of(profile.id, profile));
        export.put("mergedProfiles", mergedProfiles(profile));
        export.put("identities", records.claims(profile));
        export.put("events", records.events(profile));
        return export;
    }

    /**
     * The profiles merged into this one, as they were frozen when merged: their identities, sources and
     * devices, and {@code updatedAt}, the time of the merge.
     */
    public List<ProfileDocument> mergedProfiles(ProfileDocument profile) {
        List<ProfileDocument> absorbed = new ArrayList<>();
        profile.absorbedProfiles.forEach(id -> store.profile(id).ifPresent(v -> absorbed.add(v.document())));
        return absorbed;
    }

    /**
     * GDPR erase: identities, timeline events and every profile document of the person. The surviving
     * document is overwritten with an empty tombstone last, so that a crash half way can simply be
     * repeated. The other modules are told (ProfileErased) before the tombstone: once it is written the
     * API no longer finds the profile, and an erase whose news was lost could not be repeated.
     */
    public void erase(ProfileDocument profile) {
        records.deleteAllButProfile(profile);
        erasures.erased(ProfileId.of(profile.id), profile.absorbedProfiles.stream().map(ProfileId::of).toList());
        records.tombstone(profile);
    }
}
