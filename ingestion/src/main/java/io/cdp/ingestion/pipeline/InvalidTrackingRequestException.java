package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.util.List;

import io.cdp.platform.web.InvalidRequestException;

/**
 * The request as a whole is refused (400): a problem naming the field and the rule;
 * {@link #rejections()} lists per-item reasons when there are items.
 */
public class InvalidTrackingRequestException extends InvalidRequestException {

    private final Violation violation;
    private final List<Rejection> rejections;

    public InvalidTrackingRequestException(Violation violation) {
        this(violation, List.of());
    }

    public InvalidTrackingRequestException(Violation violation, List<Rejection> rejections) {
        super(violation.field(), violation.rule(), violation.reason());
        this.violation = violation;
        this.rejections = List.copyOf(rejections);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-request"));
        if (!rejections.isEmpty()) {
            getBody().setProperty("rejected", this.rejections);
        }
    }

    public Violation violation() {
        return violation;
    }

    public List<Rejection> rejections() {
        return rejections;
    }
}
