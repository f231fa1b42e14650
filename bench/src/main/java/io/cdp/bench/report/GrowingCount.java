package io.cdp.bench.report;

import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Waits for a count the platform makes grow (documents stored, records consumed, members entered) to reach its
 * target; a count that stops growing for {@code stall} ends the wait too, so that a benchmark whose platform lost
 * or refused part of the work reports what it got instead of hanging.
 */
public final class GrowingCount {

    /** Reads the count; {@code last} is the previous reading (0 before the first), for a read that must skip a turn. */
    @FunctionalInterface
    public interface Reading<E extends Exception> {
        long read(long last) throws E, InterruptedException;
    }

    private GrowingCount() {
    }

    /** Reads every {@code every} until {@code target} or a stall; returns the last count, which {@code progress} saw too. */
    public static <E extends Exception> long await(long target, Duration stall, Duration every, Reading<E> reading,
            LongConsumer progress) throws E, InterruptedException {
        long best = 0;
        long lastGrowth = System.nanoTime();
        while (true) {
            long count = reading.read(best);
            progress.accept(count);
            if (count > best) {
                best = count;
                lastGrowth = System.nanoTime();
            }
            if (count >= target || System.nanoTime() - lastGrowth > stall.toNanos()) {
                return count;
            }
            Thread.sleep(every.toMillis());
        }
    }
}
