package io.cdp.activation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.DeliveryState;
import io.cdp.platform.elasticsearch.Documents;

class DeliveryHandoffTest {

    private final DeliveryHandoff handoff = new DeliveryHandoff();

    @Test
    void theLoopTakesWhatWasHandedOverInBatchesAndNothingWhenNothingCame() throws InterruptedException {
        handoff.offer(IntStream.range(0, 5).mapToObj(DeliveryHandoffTest::stored).toList());

        assertThat(handoff.take(3, Duration.ZERO)).extracting(Documents.Versioned::id).containsExactly("d0", "d1", "d2");
        assertThat(handoff.take(3, Duration.ofMillis(10))).extracting(Documents.Versioned::id).containsExactly("d3", "d4");
        assertThat(handoff.take(3, Duration.ofMillis(10))).isEmpty();
    }

    @Test
    void aWaitingLoopWakesAsSoonAsADeliveryIsHandedOver() throws InterruptedException {
        Thread consumer = new Thread(() -> handoff.offer(List.of(stored(7))));
        consumer.start();

        long started = System.nanoTime();
        List<Documents.Versioned<Delivery>> taken = handoff.take(10, Duration.ofMinutes(1));

        assertThat(taken).extracting(Documents.Versioned::id).containsExactly("d7");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void whatDoesNotFitIsLeftToTheSearch() throws InterruptedException {
        handoff.offer(IntStream.range(0, DeliveryHandoff.CAPACITY + 5).mapToObj(DeliveryHandoffTest::stored).toList());

        assertThat(handoff.take(DeliveryHandoff.CAPACITY + 5, Duration.ZERO)).hasSize(DeliveryHandoff.CAPACITY);
    }

    private static Documents.Versioned<Delivery> stored(int i) {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");
        Delivery delivery = new Delivery("d" + i, "a", "dest", "p" + i, "s", "e" + i, "entered", DeliveryState.PENDING,
                "email", now, null, 0, null, false, now, now, null);
        return new Documents.Versioned<>(delivery.key(), delivery, i, 1);
    }
}
