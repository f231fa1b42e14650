package io.cdp.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cdp.profile.EventCounts;
import io.cdp.profile.EventQuery;
import io.cdp.profile.ProfileId;
import io.cdp.segmentation.membership.FilteredEventCounts;

/** Loading the timeline counts of filtered event conditions: once per selection and batch, never guessed. */
class FilteredEventConditionsTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final List<Condition.PropertyFilter> SHOES =
            List.of(new Condition.PropertyFilter("category", Condition.Op.EQUALS, "shoes"));

    private final Evaluator evaluator = Evaluator.create(CLOCK, ZoneOffset.UTC);
    private final List<List<EventQuery>> calls = new ArrayList<>();

    /** Answers each query with its position: 0 events for the first, 1 for the second ... */
    private final EventCounts timeline = (profiles, queries, refreshFirst) -> {
        calls.add(queries);
        Map<ProfileId, long[]> counts = new java.util.HashMap<>();
        profiles.forEach(p -> counts.put(p.id(), java.util.stream.LongStream.range(0, queries.size()).toArray()));
        return counts;
    };

    private static SegmentDefinition segment(String id, Condition.Frequency frequency, Integer count, int days,
            List<Condition.PropertyFilter> where) {
        return SegmentDefinition.of(id, id, new Condition.Event("Order Completed", where, frequency, count, days,
                null, null));
    }

    @Test
    void countsEachSelectionOnceForAllConditionsAndProfilesOfABatch() {
        evaluator.define(new Definitions(List.of(
                segment("twice", Condition.Frequency.AT_LEAST, 2, 30, SHOES),
                segment("never", Condition.Frequency.NEVER, null, 30, SHOES),
                segment("once-this-week", Condition.Frequency.EXACTLY, 1, 7, SHOES),
                segment("unfiltered", Condition.Frequency.NEVER, null, 7, null)), List.of(), List.of()));
        Evaluator.Rules rules = evaluator.rules();
        List<ProfileId> ids = List.of(ProfileId.newId(NOW), ProfileId.newId(NOW));

        Map<String, Map<Condition.EventSelection, Long>> counts =
                new FilteredEventCounts(timeline, CLOCK, ZoneOffset.UTC).load(rules, ProfileSnapshots.of(ids), true);

        assertThat(calls).singleElement().satisfies(queries -> assertThat(queries).hasSize(2));
        ProfileFacts facts = new ProfileFacts(ids.get(0).value(), true, Map.of(), null, false, Map.of(), Set.of(),
                Map.of(), counts.get(ids.get(0).value()));
        // the 30-day selection was asked first (0 events), the 7-day one second (1 event)
        assertThat(rules.evaluate(facts).segments()).containsExactlyInAnyOrder("never", "once-this-week",
                "unfiltered");
    }

    @Test
    void asksNothingWhenNoConditionFiltersProperties() {
        evaluator.define(new Definitions(List.of(segment("unfiltered", Condition.Frequency.AT_LEAST, 1, 7, null)),
                List.of(), List.of()));

        Map<String, Map<Condition.EventSelection, Long>> counts = new FilteredEventCounts(timeline, CLOCK,
                ZoneOffset.UTC).load(evaluator.rules(), List.of(ProfileSnapshots.of(ProfileId.newId(NOW))), true);

        assertThat(counts).isEmpty();
        assertThat(calls).isEmpty();
    }

    @Test
    void refusesToEvaluateAFilteredConditionWhoseCountWasNotLoaded() {
        evaluator.define(new Definitions(List.of(segment("never", Condition.Frequency.NEVER, null, 30, SHOES)),
                List.of(), List.of()));
        ProfileFacts unloaded = new ProfileFacts(ProfileId.newId(NOW).value(), true, Map.of(), null, false, Map.of(),
                Set.of(), Map.of());

        Throwable failure = catchThrowable(() -> evaluator.evaluate(unloaded));

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("event count of a filtered event condition");
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
