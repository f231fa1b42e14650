package io.cdp.ingestion.csv;

/** The CSV as a whole cannot be read (no header, duplicate columns, broken quoting). */
public class InvalidCsvException extends RuntimeException {

    public InvalidCsvException(String message) {
        super(message);
    }
}
