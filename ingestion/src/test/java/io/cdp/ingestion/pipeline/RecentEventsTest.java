package io.cdp.ingestion.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;

class RecentEventsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    @Test
    void keepsTheNewestEventsOfEachSourceFirstAndNoMoreThanItsBound() {
        RecentEvents recent = new RecentEvents(2, 10);

        recent.add(List.of(event("web", "m1"), event("app", "a1"), event("web", "m2")));
        recent.add(List.of(event("web", "m3")));

        assertThat(recent.latest("web")).extracting(EventIngested::messageId).containsExactly("m3", "m2");
        assertThat(recent.latest("app")).extracting(EventIngested::messageId).containsExactly("a1");
        assertThat(recent.latest("pos")).isEmpty();
    }

    @Test
    void forgetsTheSourceLeastRecentlyUsedBeyondItsSourceBoundAndADeletedSource() {
        RecentEvents recent = new RecentEvents(5, 2);

        recent.add(List.of(event("web", "w1"), event("app", "a1")));
        recent.add(List.of(event("web", "w2")));
        recent.add(List.of(event("pos", "p1")));

        assertThat(recent.latest("app")).isEmpty();
        assertThat(recent.latest("web")).hasSize(2);
        recent.forget("web");
        assertThat(recent.latest("web")).isEmpty();
        assertThat(recent.latest("pos")).hasSize(1);
    }

    private static EventIngested event(String source, String messageId) {
        return new EventIngested(messageId, source, EventType.TRACK, "Signed Up", null, "u-1", null, null, null, NOW,
                NOW, null, null, null, null);
    }
}
