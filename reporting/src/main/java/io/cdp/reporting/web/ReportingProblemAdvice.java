package io.cdp.reporting.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.cdp.platform.InvalidValueException;

/** A query parameter {@link io.cdp.reporting.KpiQuery} refuses: 400 naming the field and the rule. */
@RestControllerAdvice(basePackages = "io.cdp.reporting.web")
class ReportingProblemAdvice {

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        problem.setProperty("rule", e.rule());
        return problem;
    }
}
