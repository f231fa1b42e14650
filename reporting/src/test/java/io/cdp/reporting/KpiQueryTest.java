package io.cdp.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.cdp.platform.InvalidValueException;

class KpiQueryTest {

    @Test
    void datesMeanTheirStartInUtcAndIntervalAndGroupingDefaultToDayAndNone() {
        KpiQuery query = KpiQuery.of("2026-11-01", "2026-12-01T06:00:00Z", null, " ");

        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(query.interval()).isEqualTo(KpiQuery.Interval.DAY);
        assertThat(query.groupBy()).isEqualTo(KpiQuery.GroupBy.NONE);
        assertThat(query.attribution()).isEqualTo(KpiQuery.Attribution.TOUCHPOINT);
        assertThat(query.membership()).isEqualTo(KpiQuery.Membership.CURRENT);
        assertThat(KpiQuery.of("2026-11-01", "2026-12-01", null, "segment", null, "Event").membership())
                .isEqualTo(KpiQuery.Membership.EVENT);
    }

    @Test
    void firstOrLastTouchAttributionAppliesToChannelAndCampaignGroupsAndCarriesToThePreviousPeriod() {
        KpiQuery query = KpiQuery.of("2026-11-01", "2026-12-01", null, "campaign", "Last");

        assertThat(query.attribution()).isEqualTo(KpiQuery.Attribution.LAST);
        assertThat(query.previous().attribution()).isEqualTo(KpiQuery.Attribution.LAST);
        assertThat(KpiQuery.of("2026-11-01", "2026-12-01", null, "channel", "first").attribution())
                .isEqualTo(KpiQuery.Attribution.FIRST);
    }

    @Test
    void intervalAndGroupingAreReadWhateverTheirCase() {
        KpiQuery query = KpiQuery.of("2026-11-01", "2026-12-01", "Month", "CAMPAIGN");

        assertThat(query.interval()).isEqualTo(KpiQuery.Interval.MONTH);
        assertThat(query.groupBy()).isEqualTo(KpiQuery.GroupBy.CAMPAIGN);
    }

    @Test
    void thePreviousPeriodHasTheSameLengthAndEndsWhereThisOneStarts() {
        KpiQuery previous = KpiQuery.of("2026-11-10", "2026-11-17", "week", "channel").previous();

        assertThat(previous.from()).isEqualTo(Instant.parse("2026-11-03T00:00:00Z"));
        assertThat(previous.to()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));
        assertThat(previous.interval()).isEqualTo(KpiQuery.Interval.WEEK);
    }

    @Test
    void badInputNamesTheFieldAndTheRule() {
        assertRefused(() -> KpiQuery.of(null, "2026-12-01", null, null), "from", "required");
        assertRefused(() -> KpiQuery.of("2026-11-01", "", null, null), "to", "required");
        assertRefused(() -> KpiQuery.of("yesterday", "2026-12-01", null, null), "from", "instant");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-13-01", null, null), "to", "instant");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-11-01", null, null), "from", "beforeTo");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", "hour", null), "interval", "oneOf");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "country"), "groupBy", "oneOf");
        assertRefused(() -> KpiQuery.of("2020-01-01", "2026-01-01", "day", null), "interval", "buckets.max");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "channel", "middle"), "attribution",
                "oneOf");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "segment", "first"), "attribution",
                "groupBy");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "segment", null, "past"), "membership",
                "oneOf");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "stage", null, "event"), "membership",
                "groupBy");
        assertRefused(() -> KpiQuery.of("2026-11-01", "2026-12-01", null, "channel").onlySegment("vip"), "segment",
                "groupBy");
    }

    @Test
    void oneSegmentAloneNeedsSegmentGroupsAndCarriesToThePreviousPeriod() {
        KpiQuery vip = KpiQuery.of("2026-11-10", "2026-11-17", null, "segment", null, "event").onlySegment(" vip ");

        assertThat(vip.segment()).isEqualTo("vip");
        assertThat(vip.previous().segment()).isEqualTo("vip");
        assertThat(vip.onlySegment("").segment()).as("blank means every segment").isNull();
        assertThat(KpiQuery.of("2026-11-10", "2026-11-17", null, null).onlySegment(null).segment()).isNull();
    }

    @Test
    void aLongPeriodIsFineInLargerBuckets() {
        assertThat(KpiQuery.of("2020-01-01", "2026-01-01", "month", null).interval())
                .isEqualTo(KpiQuery.Interval.MONTH);
    }

    private static void assertRefused(Runnable build, String field, String rule) {
        assertThatThrownBy(build::run).isInstanceOfSatisfying(InvalidValueException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
        });
    }
}
