package io.cdp.segmentation.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request parameter broke a rule: a 400 problem naming the field and the rule. */
class InvalidParameterException extends ErrorResponseException {

    InvalidParameterException(String field, String rule, String message) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message), null);
        getBody().setTitle("Invalid request");
        getBody().setProperty("field", field);
        getBody().setProperty("rule", rule);
    }
}
