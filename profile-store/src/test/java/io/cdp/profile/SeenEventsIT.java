package io.cdp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.profile.store.EventDocument;
import io.cdp.profile.store.ProfileStore;
import io.cdp.profile.store.TimelineVocabulary;

/** What the segment builder's pickers are offered, read from a real timeline. */
class SeenEventsIT {

    private static final Instant T0 = Instant.parse("2026-10-01T10:00:00Z");
    private static final TestKit KIT = new TestKit("seen-events", 1);
    private static final ProfileStore STORE = KIT.store();
    private static final SeenEvents SEEN = new TimelineVocabulary(STORE);

    @AfterAll
    static void cleanUp() {
        KIT.cleanUp();
    }

    @Test
    void offersTrackNamesByFrequencyThenOtherCallTypesAsConditionsNameThemAndTheLatestProperties() throws Exception {
        ProfileId id = ProfileId.newId(T0);
        write(id, event(EventType.TRACK, "Product Viewed", Map.of("sku", "a"), T0));
        write(id, event(EventType.TRACK, "Order Completed", Map.of("revenue", 10), T0.plusSeconds(1)));
        write(id, event(EventType.TRACK, "Order Completed", Map.of("revenue", 20), T0.plusSeconds(2)));
        write(id, event(EventType.PAGE, null, Map.of("path", "/shoes"), T0.plusSeconds(3)));
        write(id, event(EventType.IDENTIFY, null, Map.of(), T0.minusSeconds(60)));
        KIT.elasticsearch.indices().refresh(r -> r.index(KIT.prefix + "*"));

        assertThat(SEEN.names(10)).containsExactly("Order Completed", "Product Viewed", "identify", "page");
        assertThat(SEEN.names(1)).startsWith("Order Completed").doesNotContain("Product Viewed");
        assertThat(SEEN.latestProperties(2)).containsExactly(Map.of("path", "/shoes"), Map.of("revenue", 20));
    }

    private static EventIngested event(EventType type, String name, Map<String, Object> properties, Instant at) {
        return TestKit.event("seen-" + UUID.randomUUID(), type, name, null, "anon", at, null, properties, null);
    }

    private static void write(ProfileId id, EventIngested event) {
        STORE.createEvents(List.of(EventDocument.of(event, id.value(), Instant.now())));
    }
}
