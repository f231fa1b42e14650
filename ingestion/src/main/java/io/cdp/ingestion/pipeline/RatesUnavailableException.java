package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An order in another currency than the reporting one arrived before this instance ever read the
 * exchange rates, and Elasticsearch did not answer: 503 with Retry-After rather than an order
 * stored without the rate it may have; nothing was stored, the client retries.
 */
public class RatesUnavailableException extends ErrorResponseException {

    public RatesUnavailableException(Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the exchange rates could not be read; nothing was stored, retry the whole request later"), cause);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:rates-unavailable"));
        getBody().setTitle("Exchange rates unavailable");
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }
}
