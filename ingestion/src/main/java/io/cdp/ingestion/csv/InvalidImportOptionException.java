package io.cdp.ingestion.csv;

import java.net.URI;

import io.cdp.platform.web.InvalidRequestException;

/** An import option (time zone, currency, timestamp format, mapping) is not usable: 400 naming it. */
class InvalidImportOptionException extends InvalidRequestException {

    InvalidImportOptionException(String field, String rule, String message) {
        super(field, rule, message);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-import-option"));
        getBody().setTitle("Invalid import option");
    }
}
