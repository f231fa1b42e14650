package io.cdp.activation.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Delivery;
import io.cdp.platform.elasticsearch.Documents;

/**
 * Deliveries due at once, handed from the membership consumer that stored them to this instance's dispatch loop,
 * which sends them right away: found by the dispatcher's search they would wait for the index's refresh and the
 * loop's next poll, a second or more. The handoff only saves time: a delivery is claimed by compare-and-set
 * whoever takes it, so one handed over and found too is sent once, and one the handoff drops (the queue full,
 * this instance stopped, its dispatcher off) is found by any instance's search {@link #GRACE} after it was
 * created.
 */
@Component
final class DeliveryHandoff {

    /** Deliveries waiting at most: beyond, the dispatcher is behind and the search finds them anyway. */
    static final int CAPACITY = 10_000;
    /**
     * How long the dispatcher's search leaves a new delivery to the handoff: long enough for the loop to take and
     * claim it, short enough that one the handoff dropped still goes out within seconds.
     */
    static final Duration GRACE = Duration.ofSeconds(5);

    private final BlockingQueue<Documents.Versioned<Delivery>> due = new ArrayBlockingQueue<>(CAPACITY);

    /** Hands over what is due now; what does not fit is left to the search. */
    void offer(List<Documents.Versioned<Delivery>> stored) {
        for (Documents.Versioned<Delivery> delivery : stored) {
            if (!due.offer(delivery)) {
                return;
            }
        }
    }

    /**
     * Up to {@code max} deliveries handed over, waiting up to {@code wait} for the first one; none if nothing came.
     *
     * @throws InterruptedException when the loop is stopped while waiting
     */
    List<Documents.Versioned<Delivery>> take(int max, Duration wait) throws InterruptedException {
        List<Documents.Versioned<Delivery>> taken = new ArrayList<>();
        Documents.Versioned<Delivery> first = wait.isZero() ? due.poll() : due.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
            taken.add(first);
            due.drainTo(taken, max - 1);
        }
        return taken;
    }
}
