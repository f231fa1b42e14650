package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Something a call needs from Elasticsearch could not be read because Elasticsearch did not
 * answer, and this instance has no last good answer for it: 503 with Retry-After, nothing was
 * stored, the client retries the whole request.
 */
public class StoreUnavailableException extends ErrorResponseException {

    private StoreUnavailableException(String problem, String title, String unavailable, Duration retryAfter,
                                      Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                unavailable + "; nothing was stored, retry the whole request later"), cause);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:" + problem));
        getBody().setTitle(title);
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    /** A write key without a last good answer. */
    public static StoreUnavailableException writeKeys(Duration retryAfter, Throwable cause) {
        return new StoreUnavailableException("sources-unavailable", "Write keys unavailable",
                "the write key could not be checked", retryAfter, cause);
    }

    /** An order in another currency than the reporting one, before this instance ever read the rates. */
    public static StoreUnavailableException exchangeRates(Duration retryAfter, Throwable cause) {
        return new StoreUnavailableException("rates-unavailable", "Exchange rates unavailable",
                "the exchange rates could not be read", retryAfter, cause);
    }
}
