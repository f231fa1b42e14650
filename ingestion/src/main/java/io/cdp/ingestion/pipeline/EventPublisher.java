package io.cdp.ingestion.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

import tools.jackson.databind.json.JsonMapper;

import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;

/**
 * Appends events to {@link Topics#EVENTS} and returns only once Kafka acknowledged all of them
 * (the producer runs with acks=all and idempotence). Also writes dead letters.
 */
@RequiredArgsConstructor
public class EventPublisher implements AutoCloseable {

    private final KafkaTemplate<String, byte[]> template;
    private final JsonMapper jsonMapper;
    private final Duration ackTimeout;
    private final Duration retryAfter;

    /** @throws KafkaUnavailableException when any event is not acknowledged in time */
    public void publishAll(List<EventIngested> events) {
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>(events.size());
        for (EventIngested event : events) {
            CompletableFuture<SendResult<String, byte[]>> send = send(
                    new ProducerRecord<>(Topics.EVENTS, event.partitionKey(), jsonMapper.writeValueAsBytes(event)));
            // A failed metadata fetch fails the send at once; stop instead of waiting max.block.ms per event.
            if (send.isCompletedExceptionally()) {
                await(send);
            }
            sends.add(send);
        }
        await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
    }

    /** Writes a refused record to {@link Topics#EVENTS_DEAD_LETTER}, the reason in headers. */
    public void publishDeadLetter(String key, byte[] value, Violation violation, Map<String, String> origin) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.EVENTS_DEAD_LETTER, key, value);
        record.headers().add("cdp-reason", bytes(violation.reason()));
        record.headers().add("cdp-field", bytes(violation.field()));
        record.headers().add("cdp-rule", bytes(violation.rule()));
        origin.forEach((name, text) -> record.headers().add(name, bytes(text)));
        await(send(record));
    }

    private CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
        try {
            return template.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void await(CompletableFuture<?> future) {
        try {
            future.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException(retryAfter, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException(retryAfter, e);
        }
    }

    @Override
    public void close() {
        template.getProducerFactory().reset();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
