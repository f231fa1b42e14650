package io.cdp.profile.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.DeserializationException;

import io.cdp.profile.resolution.RetryLaterException;
import io.cdp.profile.resolution.UnresolvableEventException;

class ProfileFailureClassifierTest {

    private final ProfileFailureClassifier classifier = new ProfileFailureClassifier();

    @Test
    void unavailableStoresAndUnsettledRacesAreTransient() {
        assertThat(classifier.isTransient(new UncheckedIOException(new IOException("connection refused")))).isTrue();
        assertThat(classifier.isTransient(new RetryLaterException("busy"))).isTrue();
        assertThat(classifier.isTransient(new IllegalStateException("wrapped", new IOException("reset")))).isTrue();
    }

    @Test
    void unreadableOrInvalidEventsArePermanent() {
        assertThat(classifier.isTransient(new DeserializationException("bad", new byte[0], false, null))).isFalse();
        assertThat(classifier.isTransient(new UnresolvableEventException("junk"))).isFalse();
        assertThat(classifier.isTransient(new IllegalArgumentException("not a number"))).isFalse();
    }

    @Test
    void reasonNamesTheFailureWithoutThePayload() {
        assertThat(classifier.reason(new IllegalArgumentException("ann@example.com is bad")))
                .isEqualTo("permanent IllegalArgumentException");
        assertThat(classifier.reason(new UnresolvableEventException("no usable identifier")))
                .isEqualTo("permanent UnresolvableEventException: no usable identifier");
    }
}
