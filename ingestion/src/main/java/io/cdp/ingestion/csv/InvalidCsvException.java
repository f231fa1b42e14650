package io.cdp.ingestion.csv;

import java.net.URI;

import io.cdp.platform.web.InvalidRequestException;

/** The CSV as a whole cannot be read (no header, duplicate columns, broken quoting): 400. */
class InvalidCsvException extends InvalidRequestException {

    InvalidCsvException(String message) {
        super("body", "csv", message);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-csv"));
        getBody().setTitle("Invalid CSV");
    }
}
