package io.cdp.ingestion.source;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A source definition that breaks a rule (400). */
public class InvalidSourceException extends ErrorResponseException {

    private final String field;

    public InvalidSourceException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message), null);
        this.field = field;
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-source"));
        getBody().setTitle("Invalid source");
        getBody().setProperty("field", field);
        getBody().setProperty("rule", "sourceId");
    }

    public String field() {
        return field;
    }
}
