package io.cdp.ingestion.source;

/** A source definition that breaks a rule (400). */
public class InvalidSourceException extends RuntimeException {

    private final String field;

    public InvalidSourceException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
