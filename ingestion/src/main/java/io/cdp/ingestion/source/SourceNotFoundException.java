package io.cdp.ingestion.source;

/** No source with that id (404). */
public class SourceNotFoundException extends RuntimeException {

    public SourceNotFoundException(String sourceId) {
        super("no source with id " + sourceId);
    }
}
