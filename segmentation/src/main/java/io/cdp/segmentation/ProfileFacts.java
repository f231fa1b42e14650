package io.cdp.segmentation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What segmentation knows about one profile. Deliberately independent of the profile store's
 * document layout so that the store can evolve; the store maps its profiles to this record.
 *
 * @param rollups per-day event counts keyed by the calendar day in the segmentation time zone,
 *                so windowed conditions never need a per-profile event query
 * @param segments the memberships currently stored for the profile (to compute enter / exit);
 *                 segment conditions use the memberships computed in the same evaluation instead
 * @param eventCounts how many timeline events each filtered event condition of the evaluated
 *                    definitions selects ({@code Evaluator.Rules#eventSelections()}); evaluating a
 *                    filtered condition whose count is missing fails rather than reading 0
 */
public record ProfileFacts(
        String profileId,
        boolean known,
        Map<String, Object> traits,
        Metrics metrics,
        boolean hasEmail,
        Map<String, Boolean> consent,
        Set<String> segments,
        Map<LocalDate, Map<String, DayCount>> rollups,
        Map<Condition.EventSelection, Long> eventCounts) {

    /** Facts for definitions without filtered event conditions. */
    public ProfileFacts(String profileId, boolean known, Map<String, Object> traits, Metrics metrics,
                        boolean hasEmail, Map<String, Boolean> consent, Set<String> segments,
                        Map<LocalDate, Map<String, DayCount>> rollups) {
        this(profileId, known, traits, metrics, hasEmail, consent, segments, rollups, Map.of());
    }

    public ProfileFacts {
        if (profileId == null || profileId.isBlank()) {
            throw new IllegalArgumentException("profileId is required");
        }
        traits = traits == null ? Map.of() : traits;
        metrics = metrics == null ? Metrics.NONE : metrics;
        consent = consent == null ? Map.of() : Map.copyOf(consent);
        segments = segments == null ? Set.of() : Set.copyOf(segments);
        rollups = rollups == null ? Map.of() : Map.copyOf(rollups);
        eventCounts = eventCounts == null ? Map.of() : Map.copyOf(eventCounts);
    }

    public boolean consentedTo(String channel) {
        return Boolean.TRUE.equals(consent.get(channel));
    }

    /**
     * Computed metrics; instants are null when the profile never did the thing.
     *
     * @param npsScore the latest NPS answer (0–10), null when the person never answered
     */
    public record Metrics(
            long orders,
            BigDecimal revenue,
            BigDecimal aov,
            long sessions,
            double bounceRate,
            Instant firstSeen,
            Instant lastSeen,
            Instant lastOrderAt,
            Integer npsScore,
            Instant npsAnsweredAt) {

        public static final Metrics NONE =
                new Metrics(0, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, null, null, null);

        /** Metrics of a person who never answered an NPS survey. */
        public Metrics(long orders, BigDecimal revenue, BigDecimal aov, long sessions, double bounceRate,
                       Instant firstSeen, Instant lastSeen, Instant lastOrderAt) {
            this(orders, revenue, aov, sessions, bounceRate, firstSeen, lastSeen, lastOrderAt, null, null);
        }

        public Metrics {
            revenue = revenue == null ? BigDecimal.ZERO : revenue;
            aov = aov == null ? BigDecimal.ZERO : aov;
            if (!Double.isFinite(bounceRate)) {
                throw new IllegalArgumentException("bounceRate must be a finite number");
            }
        }
    }
}
