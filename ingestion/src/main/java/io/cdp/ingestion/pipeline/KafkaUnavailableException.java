package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Kafka did not acknowledge every event of a request in time: 503 with Retry-After, and the
 * client should retry the whole request (messageIds make the retry count once).
 */
class KafkaUnavailableException extends ErrorResponseException {

    private final Duration retryAfter;

    public KafkaUnavailableException(Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the events were not stored; retry the whole request later"), cause);
        this.retryAfter = retryAfter;
        getBody().setType(URI.create("urn:cdp:problem:ingestion:event-log-unavailable"));
        getBody().setTitle("Event log unavailable");
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
