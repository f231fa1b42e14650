package io.cdp.ingestion.csv;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An import option (time zone, currency, timestamp format, mapping) is not usable: 400 naming it. */
public class InvalidImportOptionException extends ErrorResponseException {

    public InvalidImportOptionException(String field, String rule, String message) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message), null);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-import-option"));
        getBody().setTitle("Invalid import option");
        getBody().setProperty("field", field);
        getBody().setProperty("rule", rule);
    }
}
