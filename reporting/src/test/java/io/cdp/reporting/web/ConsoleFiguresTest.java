package io.cdp.reporting.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cdp.localstack.MutableClock;

class ConsoleFiguresTest {

    private static final Instant NOON = Instant.parse("2026-12-06T12:00:00Z");

    /** Runs the background computations when the test says so, whatever their delay. */
    private final Queue<Runnable> background = new ArrayDeque<>();
    /** The delay of each computation started, in order. */
    private final List<Duration> delays = new ArrayList<>();
    private final ConsoleFigures.Scheduler scheduler = (computation, delay) -> {
        background.add(computation);
        delays.add(delay);
    };
    private final MutableClock clock = new MutableClock(NOON);
    /** Figures are never cheap here: a computation in these tests takes no time at all. */
    private final ConsoleFigures figures = new ConsoleFigures(scheduler, Duration.ofMinutes(5), Duration.ZERO, clock);
    private final AtomicInteger computations = new AtomicInteger();

    @Test
    void figuresNeverComputedAreComputedInTheBackgroundOnceHoweverOftenThePageAsks() {
        ConsoleFigures.Shown<Integer> first = figures.show("30d", false, computations::incrementAndGet);
        ConsoleFigures.Shown<Integer> again = figures.show("30d", false, computations::incrementAndGet);

        assertThat(first.latest()).isNull();
        assertThat(first.computing()).isTrue();
        assertThat(first.computingSince()).isEqualTo(NOON);
        assertThat(again.computing()).isTrue();
        assertThat(background).hasSize(1);

        runBackground();
        ConsoleFigures.Shown<Integer> done = figures.show("30d", false, computations::incrementAndGet);

        assertThat(done.computing()).isFalse();
        assertThat(done.latest().figures()).isEqualTo(1);
        assertThat(done.latest().failed()).isFalse();
        assertThat(done.latest().at()).isEqualTo(NOON);
        assertThat(background).isEmpty();
    }

    @Test
    void freshFiguresAreShownAsTheyAreAndOlderOnesWhileNewOnesAreComputed() {
        figures.show("30d", false, computations::incrementAndGet);
        runBackground();

        clock.set(NOON.plus(Duration.ofMinutes(4)));
        assertThat(figures.show("30d", false, computations::incrementAndGet).computing()).isFalse();
        assertThat(background).isEmpty();

        clock.set(NOON.plus(Duration.ofMinutes(5)));
        ConsoleFigures.Shown<Integer> stale = figures.show("30d", false, computations::incrementAndGet);
        assertThat(stale.latest().figures()).isEqualTo(1);
        assertThat(stale.computing()).isTrue();

        runBackground();
        assertThat(figures.show("30d", false, computations::incrementAndGet).latest().figures()).isEqualTo(2);
    }

    @Test
    void aMarketerCanAskForFreshFiguresAndEachPeriodIsASetOfItsOwn() {
        figures.show("30d", false, computations::incrementAndGet);
        runBackground();

        assertThat(figures.show("30d", true, computations::incrementAndGet).computing()).isTrue();
        assertThat(figures.show("7d", false, () -> 70).latest()).isNull();
        runBackground();

        assertThat(figures.show("30d", false, computations::incrementAndGet).latest().figures()).isEqualTo(2);
        assertThat(figures.show("7d", false, () -> 71).latest().figures()).isEqualTo(70);
    }

    @Test
    void aFailedComputationIsShownAsFailedUntilTheNextOne() {
        figures.show("30d", false, () -> {
            throw new IllegalStateException("Elasticsearch is unreachable");
        });
        runBackground();

        ConsoleFigures.Shown<Integer> failed = figures.show("30d", false, computations::incrementAndGet);
        assertThat(failed.latest().failed()).isTrue();
        assertThat(failed.latest().figures()).isNull();
        assertThat(failed.computing()).isFalse();

        figures.show("30d", true, computations::incrementAndGet);
        runBackground();
        assertThat(figures.show("30d", false, computations::incrementAndGet).latest().figures()).isEqualTo(1);
    }

    @Test
    void cheapFiguresAreComputedAgainOnEveryViewOnceTenTimesAsOldAsTheyTookButNotOnThePagesPolls() {
        ConsoleFigures cheap = new ConsoleFigures(scheduler, Duration.ofMinutes(5), Duration.ofDays(1), clock);
        cheap.show("segment", false, computations::incrementAndGet);
        runBackground();
        Duration took = cheap.poll("segment", computations::incrementAndGet).latest().took();

        ConsoleFigures.Shown<Integer> viewed = cheap.show("segment", false, computations::incrementAndGet);
        assertThat(viewed.latest().figures()).isEqualTo(1);
        assertThat(viewed.computing()).as("the page polls for the newer figures").isTrue();
        assertThat(delays).containsExactly(Duration.ZERO, took.multipliedBy(ConsoleFigures.SPACING));
        assertThat(cheap.show("segment", false, computations::incrementAndGet).computing()).isTrue();
        assertThat(cheap.poll("segment", computations::incrementAndGet).latest().figures()).isEqualTo(1);
        assertThat(background).as("one computation per set, however often it is viewed").hasSize(1);
        runBackground();

        ConsoleFigures.Shown<Integer> polled = cheap.poll("segment", computations::incrementAndGet);
        assertThat(polled.latest().figures()).isEqualTo(2);
        assertThat(polled.computing()).isFalse();
        assertThat(background).isEmpty();

        Duration tookAgain = polled.latest().took();
        clock.set(NOON.plus(tookAgain.multipliedBy(ConsoleFigures.SPACING)));
        assertThat(cheap.show("segment", false, computations::incrementAndGet).computing()).isTrue();
        assertThat(delays).last().as("old enough: at once").isEqualTo(Duration.ZERO);
    }

    @Test
    void aPollForASetNobodyComputesStartsIt() {
        ConsoleFigures.Shown<Integer> polled = figures.poll("dropped", computations::incrementAndGet);

        assertThat(polled.computing()).isTrue();
        runBackground();
        assertThat(figures.poll("dropped", computations::incrementAndGet).latest().figures()).isEqualTo(1);
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }
}
