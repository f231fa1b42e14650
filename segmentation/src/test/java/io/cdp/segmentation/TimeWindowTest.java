package io.cdp.segmentation;

import io.cdp.profile.EventQuery;
import io.cdp.profile.ProfileId;
import io.cdp.segmentation.membership.FilteredEventCounts;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final List<Condition.PropertyFilter> SHOES =
            List.of(new Condition.PropertyFilter("category", Condition.Op.EQUALS, "shoes"));

    private static Evaluator evaluatorAt(String now, ZoneId zone, Condition condition) {
        Evaluator evaluator = Evaluator.create(Clock.fixed(Instant.parse(now), zone), zone);
        evaluator.define(new Definitions(List.of(SegmentDefinition.of("s", "s", condition)), List.of(), List.of()));
        return evaluator;
    }

    private static ProfileFacts lastSeen(String instant) {
        return new ProfileFacts("p", true, Map.of(), new ProfileFacts.Metrics(0, BigDecimal.ZERO,
                BigDecimal.ZERO, 0, 0, null, Instant.parse(instant), null), false, Map.of(), Set.of(), Map.of());
    }

    private static ProfileFacts events(LocalDate day, int count) {
        return new ProfileFacts("p", true, Map.of(), null, false, Map.of(), Set.of(),
                Map.of(day, Map.of("Order Completed", DayCount.of(count))));
    }

    private static boolean member(Evaluator evaluator, ProfileFacts facts) {
        return evaluator.evaluate(facts).segments().contains("s");
    }

    @Test
    void withinLastDaysIncludesTheWholeDayExactlyNDaysAgoAndNothingBefore() {
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN,
                new Condition.Metric(Condition.MetricName.LAST_SEEN, Condition.Op.WITHIN_LAST_DAYS, 7));

        // 2026-06-08 00:00 in Berlin is 2026-06-07T22:00Z.
        assertThat(member(evaluator, lastSeen("2026-06-07T22:00:00Z"))).isTrue();
        assertThat(member(evaluator, lastSeen("2026-06-07T21:59:59Z"))).isFalse();
        assertThat(member(evaluator, lastSeen("2026-06-15T09:59:59Z"))).isTrue();
    }

    @Test
    void moreThanDaysAgoStartsTheDayBeforeTheWindow() {
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN,
                new Condition.Metric(Condition.MetricName.LAST_SEEN, Condition.Op.MORE_THAN_DAYS_AGO, 7));

        assertThat(member(evaluator, lastSeen("2026-06-07T22:00:00Z"))).isFalse();
        assertThat(member(evaluator, lastSeen("2026-06-07T21:59:59Z"))).isTrue();
    }

    @Test
    void daysAreCalendarDaysOfTheConfiguredZone() {
        // Seen at 23:30 UTC on the 14th: the 15th in Berlin, the 14th in New York. At 03:00 UTC
        // on the 15th it is the 15th in Berlin and still the 14th in New York: "today" in both.
        Condition today = new Condition.Metric(Condition.MetricName.LAST_SEEN, Condition.Op.WITHIN_LAST_DAYS, 0);
        String seen = "2026-06-14T23:30:00Z";
        String now = "2026-06-15T03:00:00Z";

        assertThat(member(evaluatorAt(now, BERLIN, today), lastSeen(seen))).isTrue();
        assertThat(member(evaluatorAt(now, ZoneId.of("America/New_York"), today), lastSeen(seen))).isTrue();
        assertThat(member(evaluatorAt(now, ZoneId.of("UTC"), today), lastSeen(seen))).isFalse();
    }

    @Test
    void aShortDstDayStillCountsAsOneDay() {
        // Berlin skipped 02:00-03:00 on 2026-03-29; a 7-day window is still 7 calendar days back,
        // not 7 x 24 hours (which would end an hour later, at 01:00 local time).
        Evaluator evaluator = evaluatorAt("2026-04-02T10:00:00Z", BERLIN,
                new Condition.Metric(Condition.MetricName.LAST_SEEN, Condition.Op.WITHIN_LAST_DAYS, 7));

        // 2026-03-26 00:00 in Berlin (winter time, +01:00) is 2026-03-25T23:00Z.
        assertThat(member(evaluator, lastSeen("2026-03-25T23:00:00Z"))).isTrue();
        assertThat(member(evaluator, lastSeen("2026-03-25T22:59:59Z"))).isFalse();
    }

    @Test
    void aLongDstDayEndsAtLocalMidnight() {
        // Berlin repeated 02:00-03:00 on 2026-10-25; "today" starts at 00:00 local (+02:00).
        Evaluator evaluator = evaluatorAt("2026-10-25T23:30:00Z", BERLIN,
                new Condition.Metric(Condition.MetricName.LAST_SEEN, Condition.Op.WITHIN_LAST_DAYS, 0));

        assertThat(member(evaluator, lastSeen("2026-10-25T23:00:00Z"))).isTrue();
        assertThat(member(evaluator, lastSeen("2026-10-25T22:59:59Z"))).isFalse();
    }

    @Test
    void eventWindowCountsRollupDaysFromExactlyNDaysAgoUpToToday() {
        Condition twiceInSevenDays = new Condition.Event("Order Completed", null, Condition.Frequency.AT_LEAST, 2, 7,
                null, null);
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN, twiceInSevenDays);

        assertThat(member(evaluator, events(LocalDate.parse("2026-06-08"), 2))).isTrue();
        assertThat(member(evaluator, events(LocalDate.parse("2026-06-07"), 2))).isFalse();
        assertThat(member(evaluator, events(LocalDate.parse("2026-06-15"), 2))).isTrue();
        assertThat(member(evaluator, events(LocalDate.parse("2026-06-16"), 2))).isFalse();
    }

    @Test
    void eventBetweenTwoDatesIncludesBothEnds() {
        Condition between = new Condition.Event("Order Completed", null, Condition.Frequency.EXACTLY, 1, null,
                LocalDate.parse("2026-05-01"), LocalDate.parse("2026-05-31"));
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN, between);

        assertThat(member(evaluator, events(LocalDate.parse("2026-05-01"), 1))).isTrue();
        assertThat(member(evaluator, events(LocalDate.parse("2026-05-31"), 1))).isTrue();
        assertThat(member(evaluator, events(LocalDate.parse("2026-06-01"), 1))).isFalse();
        assertThat(member(evaluator, events(LocalDate.parse("2026-05-15"), 2))).isFalse();
    }

    @Test
    void neverMeansNoOccurrenceInTheWindow() {
        Condition never = new Condition.Event("Order Completed", null, Condition.Frequency.NEVER, null, 30, null, null);
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN, never);

        assertThat(member(evaluator, events(LocalDate.parse("2026-05-15"), 3))).isTrue();
        assertThat(member(evaluator, events(LocalDate.parse("2026-05-16"), 1))).isFalse();
    }

    @Test
    void filteredEventWindowRunsFromLocalMidnightNDaysAgoToTheEndOfToday() {
        EventQuery query = queried("2026-06-15T10:00:00Z", new Condition.Event("Order Completed", SHOES,
                Condition.Frequency.AT_LEAST, 2, 7, null, null));

        // 2026-06-08 00:00 in Berlin is 2026-06-07T22:00Z; the end is the start of the 16th, exclusive.
        assertThat(query.from()).isEqualTo("2026-06-07T22:00:00Z");
        assertThat(query.to()).isEqualTo("2026-06-15T22:00:00Z");
        assertThat(query.where()).containsExactly(
                new EventQuery.PropertyFilter("category", EventQuery.Op.EQUALS, "shoes"));
    }

    @Test
    void filteredEventBetweenTwoDatesCoversBothWholeDaysAcrossDstChanges() {
        EventQuery query = queried("2026-11-15T10:00:00Z", new Condition.Event("Order Completed", SHOES,
                Condition.Frequency.EXACTLY, 1, null, LocalDate.parse("2026-03-29"), LocalDate.parse("2026-10-25")));

        // both days are DST change days: each starts at 00:00 in winter time (+01:00)
        assertThat(query.from()).isEqualTo("2026-03-28T23:00:00Z");
        assertThat(query.to()).isEqualTo("2026-10-25T23:00:00Z");
    }

    @Test
    void filteredEventWindowOfZeroDaysIsTodayInTheZone() {
        // 03:00 UTC on the 15th is the 15th in Berlin, still the 14th in New York
        Condition today = new Condition.Event("Order Completed", SHOES, Condition.Frequency.AT_LEAST, 1, 0, null, null);

        assertThat(queried("2026-06-15T03:00:00Z", today).from()).isEqualTo("2026-06-14T22:00:00Z");
        assertThat(queried("2026-06-15T03:00:00Z", ZoneId.of("America/New_York"), today).from())
                .isEqualTo("2026-06-14T04:00:00Z");
    }

    private static EventQuery queried(String now, Condition condition) {
        return queried(now, BERLIN, condition);
    }

    /** The one timeline query that loading facts for this condition makes. */
    private static EventQuery queried(String now, ZoneId zone, Condition condition) {
        List<EventQuery> queried = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.parse(now), zone);
        new FilteredEventCounts((ids, queries, refreshFirst) -> {
            queried.addAll(queries);
            return Map.of();
        }, clock, zone).load(evaluatorAt(now, zone, condition).rules(),
                List.of(ProfileSnapshots.of(ProfileId.newId(clock.instant()))), false);
        assertThat(queried).hasSize(1);
        return queried.get(0);
    }

    @Test
    void relativeTraitDatesAcceptIsoDatesAndInstants() {
        Evaluator evaluator = evaluatorAt("2026-06-15T10:00:00Z", BERLIN,
                new Condition.Trait("signup", Condition.Op.WITHIN_LAST_DAYS, 30));

        assertThat(member(evaluator, withTrait("signup", "2026-05-16"))).isTrue();
        assertThat(member(evaluator, withTrait("signup", "2026-05-15"))).isFalse();
        assertThat(member(evaluator, withTrait("signup", "2026-05-15T22:00:00Z"))).isTrue();
        assertThat(member(evaluator, withTrait("signup", "not a date"))).isFalse();
    }

    private static ProfileFacts withTrait(String key, Object value) {
        return new ProfileFacts("p", true, Map.of(key, value), null, false, Map.of(), Set.of(), Map.of());
    }
}
