package io.cdp.ingestion.source;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A write key that this instance has no last good answer for could not be looked up because
 * Elasticsearch did not answer: 503 with Retry-After, nothing was stored, the client retries.
 */
public class SourcesUnavailableException extends ErrorResponseException {

    public SourcesUnavailableException(Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the write key could not be checked; nothing was stored, retry the whole request later"), cause);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:sources-unavailable"));
        getBody().setTitle("Write keys unavailable");
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }
}
