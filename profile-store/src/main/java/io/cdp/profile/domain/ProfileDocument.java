package io.cdp.profile.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A person's profile as stored in {@code cdp-profiles}. Mutable on purpose: it is the unit of
 * optimistic-concurrency writes and {@link ProfileFolding} folds events and merged profiles into it.
 */
public class ProfileDocument {

    public String id;
    /** The one known userId (merge protection: never two). */
    public String userId;
    /** Set when this profile was merged away; the document is then frozen. */
    public String mergedInto;
    public List<String> pendingMerges = new ArrayList<>();
    public List<String> absorbedProfiles = new ArrayList<>();
    public List<IdentityRef> identities = new ArrayList<>();
    public Map<String, Trait> traits = new TreeMap<>();
    public Instant firstSeen;
    public Instant lastSeen;
    public TreeSet<String> sources = new TreeSet<>();
    public TreeSet<String> devices = new TreeSet<>();
    public TreeSet<String> channels = new TreeSet<>();
    public Map<String, Consent> consent = new TreeMap<>();
    public Commerce commerce = new Commerce();
    public SessionState sessions = new SessionState();
    /** The latest NPS answer, null until the person answers one. */
    public Nps nps;
    public TreeMap<String, DayRollup> rollups = new TreeMap<>();
    public List<Conflict> conflicts = new ArrayList<>();
    /** Keys of the most recently applied events: the exactly-once guard, kept across merges. */
    public List<String> recentEvents = new ArrayList<>();
    public long eventCount;
    public Instant createdAt;
    public Instant updatedAt;
    public boolean erased;

    public record IdentityRef(String type, String value) {
    }

    public record Consent(boolean granted, Instant updatedAt) {
    }

    public record Conflict(String otherProfileId, String identifierType, String identifierHash, String reason,
            String messageId, Instant at) {
    }

    public static class DayRollup {
        public TreeMap<String, Long> events = new TreeMap<>();
        public BigDecimal revenue = BigDecimal.ZERO;
    }

    public static ProfileDocument create(String id, Instant now) {
        ProfileDocument profile = new ProfileDocument();
        profile.id = id;
        profile.createdAt = now;
        profile.updatedAt = now;
        return profile;
    }

    public boolean isRoot() {
        return mergedInto == null;
    }
}
