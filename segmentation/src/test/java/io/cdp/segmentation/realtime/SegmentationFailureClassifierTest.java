package io.cdp.segmentation.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

class SegmentationFailureClassifierTest {

    private final SegmentationFailureClassifier classifier = new SegmentationFailureClassifier();

    @Test
    void elasticsearchOrKafkaUnavailableIsTransient() {
        assertThat(classifier.isTransient(new UncheckedIOException(new IOException("connection refused")))).isTrue();
        assertThat(classifier.isTransient(new IllegalStateException("wrapped",
                new NotLeaderOrFollowerException("leader moved")))).isTrue();
    }

    @Test
    void bugsAndBadDataArePermanent() {
        assertThat(classifier.isTransient(new NullPointerException())).isFalse();
        assertThat(classifier.isTransient(new IllegalArgumentException("a profile id is 28 lowercase hex digits")))
                .isFalse();
    }

    @Test
    void reasonNamesKindAndClassButNotForeignMessagesThatMayQuotePayloads() {
        assertThat(classifier.reason(new IllegalArgumentException("jane@example.com")))
                .isEqualTo("permanent IllegalArgumentException");
        assertThat(classifier.reason(new UncheckedIOException(new IOException("x"))))
                .isEqualTo("transient UncheckedIOException");
    }
}
