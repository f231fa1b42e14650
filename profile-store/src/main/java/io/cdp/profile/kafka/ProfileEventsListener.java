package io.cdp.profile.kafka;

import java.util.ArrayList;
import java.util.List;

import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.cdp.platform.EventIngested;
import io.cdp.platform.Topics;
import io.cdp.platform.kafka.BatchListener;
import io.cdp.profile.resolution.EventBatchProcessor;

/**
 * Consumes {@code cdp.events} in batches. Offsets are committed by the container only after this
 * returns, i.e. after the batch is durable in Elasticsearch. A failing record is handed to the
 * error handler by index: records before it are committed, it is retried or dead-lettered.
 */
@Component
@ConditionalOnProperty(prefix = "cdp.profile", name = "listener-enabled", matchIfMissing = true)
@RequiredArgsConstructor
class ProfileEventsListener {

    private final EventBatchProcessor processor;
    private final ProfileFailureClassifier classifier;

    @BatchListener(id = "profileEventsContainer",
            topics = "${cdp.profile.events-topic:" + Topics.EVENTS + "}",
            containerFactory = "profileEventsContainerFactory")
    void onMessage(List<ConsumerRecord<String, EventIngested>> records) {
        List<EventIngested> events = new ArrayList<>(records.size());
        records.forEach(r -> events.add(r.value()));
        try {
            processor.process(events);
        } catch (EventBatchProcessor.BatchFailure failure) {
            Throwable cause = failure.getCause();
            String reason = classifier.reason(cause);
            Throwable handed = classifier.isTransient(cause) ? cause : new PermanentEventFailure(reason, cause);
            throw new BatchListenerFailedException(reason, handed, failure.index());
        }
    }
}
