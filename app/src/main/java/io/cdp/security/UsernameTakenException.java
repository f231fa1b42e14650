package io.cdp.security;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A user of that name exists already, whatever the case of its letters: 409 naming the field and the rule. */
class UsernameTakenException extends ErrorResponseException {

    UsernameTakenException() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "username is taken (names are compared ignoring case)");
        problem.setTitle("Username taken");
        problem.setProperty("field", "username");
        problem.setProperty("rule", "unique");
        return problem;
    }
}
