package io.cdp.ingestion.source;

/** The request carried no write key, or one that belongs to no source (401). */
public class UnknownWriteKeyException extends RuntimeException {

    public UnknownWriteKeyException() {
        super("missing or unknown write key");
    }
}
