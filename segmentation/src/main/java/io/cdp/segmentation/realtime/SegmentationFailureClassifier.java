package io.cdp.segmentation.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.stereotype.Component;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import io.cdp.platform.kafka.FailureClassifier;
import io.cdp.segmentation.membership.MembershipPublisher.MembershipPublishException;
import io.cdp.segmentation.membership.MembershipUpdater.MembershipConflictException;
import io.cdp.segmentation.store.MembershipStore.MembershipStoreBusyException;

/**
 * The one place that decides whether a failed batch of profile changes may succeed later
 * (transient: Elasticsearch or Kafka unavailable or overloaded, memberships racing) or never
 * (permanent: an unreadable record, a rejected document, a bug). Transient failures are retried
 * with backoff until they succeed; permanent ones go to the dead-letter topic with the reason,
 * and the next scheduled run evaluates those profiles anyway.
 */
@Component
final class SegmentationFailureClassifier implements FailureClassifier {

    @Override
    public boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException es) {
                return es.status() == 408 || es.status() == 409 || es.status() == 429 || es.status() >= 500;
            }
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TransportException
                    || t instanceof TimeoutException || t instanceof RetriableException
                    || t instanceof MembershipPublishException || t instanceof MembershipConflictException
                    || t instanceof MembershipStoreBusyException) {
                return true;
            }
        }
        return false;
    }
}
