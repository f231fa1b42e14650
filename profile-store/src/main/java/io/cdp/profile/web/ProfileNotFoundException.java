package io.cdp.profile.web;

/** No live profile for the id or identifier asked for. */
public class ProfileNotFoundException extends RuntimeException {

    public ProfileNotFoundException(String what) {
        super("no profile for " + what);
    }
}
