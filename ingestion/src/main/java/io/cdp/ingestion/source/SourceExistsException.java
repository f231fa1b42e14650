package io.cdp.ingestion.source;

/** A source with that id already exists (409). */
public class SourceExistsException extends RuntimeException {

    public SourceExistsException(String sourceId) {
        super("a source with id " + sourceId + " already exists");
    }
}
