package io.cdp.ingestion.source;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The request carried no write key, or one that belongs to no source (401). */
public class UnknownWriteKeyException extends ErrorResponseException {

    public UnknownWriteKeyException() {
        super(HttpStatus.UNAUTHORIZED, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "missing or unknown write key"), null);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:unknown-write-key"));
        getBody().setTitle("Unknown write key");
        getBody().setProperty("field", "writeKey");
        getBody().setProperty("rule", "knownWriteKey");
    }
}
