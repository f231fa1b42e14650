package io.cdp.ingestion.csv;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The CSV as a whole cannot be read (no header, duplicate columns, broken quoting): 400. */
public class InvalidCsvException extends ErrorResponseException {

    public InvalidCsvException(String message) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message), null);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-csv"));
        getBody().setTitle("Invalid CSV");
        getBody().setProperty("field", "body");
        getBody().setProperty("rule", "csv");
    }
}
