package io.cdp.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request that breaks a rule on one field: a 400 problem (RFC 9457) naming the {@code field} and the
 * {@code rule}, so that a client can point at what to fix. Modules extend it for problems that carry more
 * (per-item rejections, a problem type of their own).
 */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String field, String rule) {
        this(field, rule, field + " " + rule);
    }

    public InvalidRequestException(String field, String rule, String detail) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
        getBody().setTitle("Invalid request");
        getBody().setProperty("field", field);
        getBody().setProperty("rule", rule);
    }
}
