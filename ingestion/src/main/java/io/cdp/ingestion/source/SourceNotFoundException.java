package io.cdp.ingestion.source;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No source with that id (404). */
public class SourceNotFoundException extends ErrorResponseException {

    public SourceNotFoundException(String sourceId) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "no source with id " + sourceId), null);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:source-not-found"));
        getBody().setTitle("Source not found");
    }
}
