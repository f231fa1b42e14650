package io.cdp.ingestion.pipeline;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The request as a whole is refused (400): a problem naming the field and the rule;
 * {@link #rejections()} lists per-item reasons when there are items.
 */
public class InvalidRequestException extends ErrorResponseException {

    private final Violation violation;
    private final List<Rejection> rejections;

    public InvalidRequestException(Violation violation) {
        this(violation, List.of());
    }

    public InvalidRequestException(Violation violation, List<Rejection> rejections) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, violation.reason()),
                null);
        this.violation = violation;
        this.rejections = List.copyOf(rejections);
        getBody().setType(URI.create("urn:cdp:problem:ingestion:invalid-request"));
        getBody().setTitle("Invalid request");
        getBody().setProperty("field", violation.field());
        getBody().setProperty("rule", violation.rule());
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
