package io.cdp.ingestion.source;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A source with that id already exists (409). */
public class SourceExistsException extends ErrorResponseException {

    public SourceExistsException(String sourceId) {
        super(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "a source with id " + sourceId + " already exists"), null);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:source-exists"));
        getBody().setTitle("Source exists");
    }
}
