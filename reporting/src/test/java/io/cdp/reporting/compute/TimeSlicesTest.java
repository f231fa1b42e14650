package io.cdp.reporting.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class TimeSlicesTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void rangesHoldAtMostTheBudgetAndFollowEachOtherFromTheStartToAnOpenEnd() {
        TreeMap<Long, Long> counts = counts(0, 4, 10, 3, 20, 2, 40, 5, 50, 1);

        assertThat(all(new TimeSlices(3, counts), 10)).containsExactly(new TimeSlices.Range(3, 40L),
                new TimeSlices.Range(40, null));
    }

    @Test
    void aBucketOfMoreThanTheBudgetIsARangeOfItsOwn() {
        TreeMap<Long, Long> counts = counts(0, 2, 10, 25, 20, 3);

        assertThat(all(new TimeSlices(0, counts), 10)).containsExactly(new TimeSlices.Range(0, 10L),
                new TimeSlices.Range(10, 20L), new TimeSlices.Range(20, null));
    }

    @Test
    void eachRangeTakesTheBudgetGivenForIt() {
        TimeSlices slices = new TimeSlices(0, counts(0, 5, 10, 5, 20, 5, 30, 5, 40, 5));

        assertThat(slices.next(5)).isEqualTo(new TimeSlices.Range(0, 10L));
        assertThat(slices.next(15)).isEqualTo(new TimeSlices.Range(10, 40L));
        assertThat(slices.next(15)).isEqualTo(new TimeSlices.Range(40, null));
        assertThat(slices.hasNext()).isFalse();
    }

    @Test
    void theFirstBucketStartingBeforeTheStartNeverMakesAnEmptyRange() {
        assertThat(all(new TimeSlices(50, counts(0, 30, 100, 1)), 10)).containsExactly(
                new TimeSlices.Range(50, 100L), new TimeSlices.Range(100, null));
    }

    @Test
    void nothingCountedIsOneOpenRange() {
        assertThat(all(new TimeSlices(7, new TreeMap<>()), 10)).containsExactly(new TimeSlices.Range(7, null));
    }

    @Test
    void theIntervalIsAWholeMultipleOfTheScansRoundingAndKeepsTheHistogramSmall() {
        long thirtyDays = 30 * DAY;

        assertThat(TimeSlices.interval(0, thirtyDays, 1)).isEqualTo(thirtyDays / TimeSlices.MAX_HISTOGRAM_BUCKETS);
        assertThat(TimeSlices.interval(0, thirtyDays, HOUR)).isEqualTo(HOUR);
        assertThat(TimeSlices.interval(0, 120 * DAY, DAY)).isEqualTo(DAY);
        assertThat(TimeSlices.interval(0, 3 * 365 * DAY, HOUR) % HOUR).isZero();
        assertThat(3 * 365 * DAY / TimeSlices.interval(0, 3 * 365 * DAY, HOUR))
                .isLessThanOrEqualTo(TimeSlices.MAX_HISTOGRAM_BUCKETS);
        assertThat(TimeSlices.interval(5, 5, 1)).isEqualTo(1);
    }

    private static TreeMap<Long, Long> counts(long... startAndCount) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (int i = 0; i < startAndCount.length; i += 2) {
            counts.put(startAndCount[i], startAndCount[i + 1]);
        }
        return counts;
    }

    private static List<TimeSlices.Range> all(TimeSlices slices, long budget) {
        List<TimeSlices.Range> ranges = new ArrayList<>();
        while (slices.hasNext()) {
            ranges.add(slices.next(budget));
        }
        return ranges;
    }
}
