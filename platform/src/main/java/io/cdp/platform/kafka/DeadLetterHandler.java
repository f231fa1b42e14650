package io.cdp.platform.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The error handler of every consumer: transient failures retried with exponential backoff, the rest
 * published to a dead-letter topic with the reason in header {@value #REASON_HEADER}, from where the
 * admin API replays them.
 */
public final class DeadLetterHandler {

    public static final String REASON_HEADER = "cdp-failure-reason";

    private DeadLetterHandler() {
    }

    /**
     * @param permanent failures (thrown by the listener after asking the classifier) that are not retried
     */
    @SafeVarargs
    public static DefaultErrorHandler create(KafkaOperations<?, ?> template, String deadLetterTopic,
            FailureClassifier classifier, Duration retryInitial, Duration retryMax,
            Class<? extends Exception>... permanent) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(deadLetterTopic, -1));
        // exception messages and stack traces may quote the payload: only class names and our reason go out
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_MSG,
                DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        recoverer.addHeadersFunction((record, failure) -> {
            RecordHeaders headers = new RecordHeaders();
            headers.add(REASON_HEADER, classifier.reason(listenersOwn(failure)).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        ExponentialBackOff backOff = new ExponentialBackOff(retryInitial.toMillis(), 2.0);
        backOff.setMaxInterval(retryMax.toMillis());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(permanent);
        return handler;
    }

    /** The listener's own failure, not the container's wrappers around it. */
    private static Throwable listenersOwn(Throwable failure) {
        Throwable own = failure;
        while (own instanceof KafkaException && own.getCause() != null) {
            own = own.getCause();
        }
        return own;
    }
}
