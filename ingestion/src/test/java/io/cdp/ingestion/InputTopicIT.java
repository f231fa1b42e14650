package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import io.cdp.ingestion.source.SourceStore;
import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;

@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InputTopicIT extends IngestionItSupport {

    @Autowired
    SourceStore sources;

    @Test
    void validatesInputRecordsDerivesReplayStableMessageIdsAndDeadLettersInvalidOnes() throws Exception {
        String sourceId = unique("server");
        String key = sources.create(sourceId, "Backend").writeKey();
        String marker = UUID.randomUUID().toString();
        try (TopicReader events = new TopicReader(Topics.EVENTS);
             TopicReader deadLetters = new TopicReader(Topics.EVENTS_DEAD_LETTER);
             KafkaProducer<String, byte[]> producer = inputProducer()) {
            ProducerRecord<String, byte[]> headerKey = inputRecord("""
                    {"type":"track","userId":"u-1","event":"Invoice Paid","properties":{"marker":"%s"}}"""
                    .formatted(marker));
            headerKey.headers().add("writeKey", key.getBytes(StandardCharsets.UTF_8));
            RecordMetadata first = producer.send(headerKey).get();
            producer.send(inputRecord("""
                    {"writeKey":"%s","type":"identify","anonymousId":"a-1","messageId":"given-1"}""".formatted(key)))
                    .get();
            producer.send(inputRecord("""
                    {"writeKey":"%s","type":"track","userId":"u-2","properties":{"marker":"%s"}}"""
                    .formatted(key, marker))).get();
            producer.send(inputRecord("""
                    {"writeKey":"not-a-key","type":"track","userId":"u-3","event":"X","properties":{"marker":"%s"}}"""
                    .formatted(marker))).get();

            List<EventIngested> accepted = events.events(sourceId, 2);
            assertThat(accepted).extracting(EventIngested::messageId).containsExactlyInAnyOrder(
                    UUID.nameUUIDFromBytes((Topics.EVENTS_INPUT + "/" + first.partition() + "/" + first.offset() + "/0")
                            .getBytes(StandardCharsets.UTF_8)).toString(),
                    "given-1");

            List<ConsumerRecord<String, byte[]>> dead = deadLetters.read(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker), 2);
            assertThat(dead).extracting(r -> TopicReader.headers(r).get("cdp-rule"))
                    .containsExactlyInAnyOrder("required", "knownWriteKey");
            assertThat(dead).allSatisfy(r -> assertThat(TopicReader.headers(r))
                    .containsKeys("cdp-reason", "cdp-field", "cdp-origin-topic", "cdp-origin-offset"));
        }
    }
}
