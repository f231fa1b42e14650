package io.cdp.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

class MarkedRecordsTest {

    record Tracked(String type, String event, String note) {
    }

    private final MarkedRecords<Tracked> conversions = new MarkedRecords<>(List.of("Order Completed", "Commande payée"),
            new JacksonJsonDeserializer<>(Tracked.class, KafkaJson.MAPPER, false));

    private static byte[] json(Tracked value) {
        return KafkaJson.MAPPER.writeValueAsBytes(value);
    }

    @Test
    void parsesRecordsCarryingAMarkerAsTheProducerWroteIt() {
        Tracked order = new Tracked("track", "Order Completed", null);
        Tracked accented = new Tracked("track", "Commande payée", "\"quoted\"");

        assertThat(conversions.deserialize("events", json(order))).isEqualTo(order);
        assertThat(conversions.deserialize("events", json(accented))).isEqualTo(accented);
    }

    @Test
    void leavesRecordsWithoutAMarkerUnparsed() {
        assertThat(conversions.deserialize("events", json(new Tracked("track", "Page Viewed", null)))).isNull();
        assertThat(conversions.deserialize("events", json(new Tracked("track", "Order Completed Twice", null))))
                .as("a longer value is another value").isNull();
        assertThat(conversions.deserialize("events", null)).isNull();
    }

    @Test
    void aMarkerAnywhereInTheRecordIsParsedForTheListenerToDecide() {
        Tracked mention = new Tracked("track", "Page Viewed", "Order Completed");

        assertThat(conversions.deserialize("events", json(mention))).isEqualTo(mention);
    }
}
