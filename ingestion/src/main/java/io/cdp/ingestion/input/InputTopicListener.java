package io.cdp.ingestion.input;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

import io.cdp.ingestion.pipeline.EventPublisher;
import io.cdp.ingestion.pipeline.IngestionService;
import io.cdp.ingestion.pipeline.InvalidTrackingRequestException;
import io.cdp.ingestion.pipeline.ParsedRequest;
import io.cdp.ingestion.pipeline.Rejection;
import io.cdp.ingestion.pipeline.RequestParser;
import io.cdp.ingestion.pipeline.Violation;
import io.cdp.ingestion.source.Source;
import io.cdp.ingestion.source.UnknownWriteKeyException;
import io.cdp.ingestion.source.WriteKeys;
import io.cdp.platform.Topics;

/**
 * Server-side producers write raw Segment-spec JSON (one call or a batch per record) to
 * {@link Topics#EVENTS_INPUT}. Records go through the same validation as HTTP calls; refused
 * ones land in {@link Topics#EVENTS_DEAD_LETTER}. A missing messageId is derived from the
 * record's position, so a replay of the topic produces the same ids and never counts twice.
 * If Kafka cannot take the output, or the write key cannot be checked because Elasticsearch does
 * not answer, the listener throws and the container retries the record
 * without committing its offset.
 */
@Component
@RequiredArgsConstructor
class InputTopicListener {

    static final String WRITE_KEY_HEADER = "writeKey";

    private final RequestParser parser;
    private final IngestionService ingestion;
    private final EventPublisher publisher;
    private final WriteKeys writeKeys;
    private final JsonMapper jsonMapper;
    private final Clock clock;

    @KafkaListener(id = "cdp-ingestion-input", topics = Topics.EVENTS_INPUT,
            containerFactory = "ingestionInputContainerFactory",
            autoStartup = "#{${cdp.ingestion.input.enabled:true} and ${spring.kafka.listener.auto-startup:true}}")
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        Instant receivedAt = clock.instant();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        ParsedRequest request;
        Source source;
        try {
            request = parser.parse(value, singleTypeOf(value));
            source = writeKeys.authenticate(headerWriteKey(record) != null ? headerWriteKey(record) : request.writeKey());
        } catch (InvalidTrackingRequestException e) {
            deadLetter(record, value, e.violation());
            return;
        } catch (UnknownWriteKeyException e) {
            deadLetter(record, value, Violation.of("writeKey", "knownWriteKey", e.getBody().getDetail()));
            return;
        }
        IngestionService.Outcome outcome = ingestion.ingest(request, source.id(), receivedAt,
                index -> UUID.nameUUIDFromBytes((record.topic() + '/' + record.partition() + '/' + record.offset()
                        + '/' + index).getBytes(StandardCharsets.UTF_8)).toString());
        for (Rejection rejection : outcome.rejections()) {
            deadLetter(record, jsonMapper.writeValueAsBytes(request.items().get(rejection.index())),
                    Violation.of(rejection.field(), rejection.rule(), rejection.reason()));
        }
    }

    /** A record holds one call (its own {@code type} names it) or a batch envelope. */
    private String singleTypeOf(byte[] value) {
        try {
            var root = jsonMapper.readTree(value);
            if (root == null || !root.isObject() || root.has("batch")) {
                return null;
            }
            return root.path("type").isString() ? root.path("type").stringValue() : "";
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static String headerWriteKey(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(WRITE_KEY_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, byte[] value, Violation violation) {
        publisher.publishDeadLetter(record.key(), value, violation, Map.of(
                "cdp-origin-topic", record.topic(),
                "cdp-origin-partition", String.valueOf(record.partition()),
                "cdp-origin-offset", String.valueOf(record.offset())));
    }
}
