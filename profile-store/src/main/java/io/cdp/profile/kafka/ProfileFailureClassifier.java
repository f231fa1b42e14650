package io.cdp.profile.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.cdp.platform.kafka.FailureClassifier;
import io.cdp.profile.resolution.EventBatchProcessor;
import io.cdp.profile.resolution.RetryLaterException;

/**
 * The one place that decides whether a failed event may succeed later (transient: Elasticsearch or
 * Kafka unavailable, overloaded, races that did not settle) or never will (permanent: unreadable or
 * invalid event, rejected document). Permanent failures go to the dead-letter topic at once;
 * transient ones are retried with backoff. Unknown failures are permanent: a bug must not stall
 * a partition forever, and the dead letter keeps the event for a replay.
 */
@Component("profileFailureClassifier")
final class ProfileFailureClassifier implements FailureClassifier {

    @Override
    public boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EventBatchProcessor.BatchFailure) {
                continue;
            }
            if (t instanceof ElasticsearchException es) {
                return es.status() == 408 || es.status() == 409 || es.status() == 429 || es.status() >= 500;
            }
            if (t instanceof DeserializationException || t instanceof IllegalArgumentException) {
                return false;
            }
            if (t instanceof RetryLaterException || t instanceof IOException || t instanceof UncheckedIOException
                    || t instanceof TransportException || t instanceof TimeoutException
                    || t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }

    /** The reason of the failure inside the batch and listener wrappers. */
    @Override
    public String reason(Throwable failure) {
        Throwable root = failure;
        while (root instanceof EventBatchProcessor.BatchFailure || root.getClass().getName().startsWith(
                "org.springframework.kafka.listener.") && root.getCause() != null) {
            root = root.getCause();
        }
        return FailureClassifier.super.reason(root);
    }
}
