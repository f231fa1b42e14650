package io.cdp.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A request that breaks a rule on one field: a 400 problem naming the field and the rule. */
public class InvalidRequestException extends ErrorResponseException {

    public InvalidRequestException(String field, String rule) {
        super(HttpStatus.BAD_REQUEST, problem(field, rule), null);
    }

    private static ProblemDetail problem(String field, String rule) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + " " + rule);
        problem.setTitle("Invalid request");
        problem.setProperty("field", field);
        problem.setProperty("rule", rule);
        return problem;
    }
}
