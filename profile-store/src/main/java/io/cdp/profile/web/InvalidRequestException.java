package io.cdp.profile.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request parameter broke a rule: a 400 problem naming the field and the rule. */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String field, String rule) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + rule),
                null);
        getBody().setTitle("Invalid request");
        getBody().setProperty("field", field);
        getBody().setProperty("rule", rule);
    }
}
