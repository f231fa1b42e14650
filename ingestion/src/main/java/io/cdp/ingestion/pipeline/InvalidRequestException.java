package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.util.List;

/**
 * The request as a whole is refused (400): a problem naming the field and the rule;
 * {@link #rejections()} lists per-item reasons when there are items.
 */
public class InvalidRequestException extends io.cdp.platform.web.InvalidRequestException {

    private final Violation violation;
    private final List<Rejection> rejections;

    public InvalidRequestException(Violation violation) {
        this(violation, List.of());
    }

    public InvalidRequestException(Violation violation, List<Rejection> rejections) {
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
