package io.cdp.profile.resolution;

/** The event can never be processed (for example every identifier is a blocked junk value). */
public class UnresolvableEventException extends RuntimeException {

    public UnresolvableEventException(String message) {
        super(message);
    }
}
