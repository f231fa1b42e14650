package io.cdp.ingestion.pipeline;

import java.util.List;

/** The request as a whole is refused (400); {@link #rejections()} lists per-item reasons when there are items. */
public class InvalidRequestException extends RuntimeException {

    private final Violation violation;
    private final List<Rejection> rejections;

    public InvalidRequestException(Violation violation) {
        this(violation, List.of());
    }

    public InvalidRequestException(Violation violation, List<Rejection> rejections) {
        super(violation.reason());
        this.violation = violation;
        this.rejections = List.copyOf(rejections);
    }

    public Violation violation() {
        return violation;
    }

    public List<Rejection> rejections() {
        return rejections;
    }
}
