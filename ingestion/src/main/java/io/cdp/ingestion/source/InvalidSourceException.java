package io.cdp.ingestion.source;

import java.net.URI;

import io.cdp.platform.web.InvalidRequestException;

/** A source definition that breaks a rule (400). */
class InvalidSourceException extends InvalidRequestException {

    private final String field;

    InvalidSourceException(String field, String message) {
        super(field, "sourceId", message);
        this.field = field;
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-source"));
        getBody().setTitle("Invalid source");
    }

    public String field() {
        return field;
    }
}
