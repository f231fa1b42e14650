package io.cdp.activation.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.cdp.platform.InvalidValueException;

/**
 * Request bodies whose value objects refuse a value: Jackson wraps the domain's
 * {@link InvalidValueException} in an unreadable-body error, which Spring's generic handler would
 * report without the field and the rule. Every other error carries its own problem detail.
 */
@RestControllerAdvice(basePackages = "io.cdp.activation.web")
class ActivationProblemAdvice {

    @ExceptionHandler(InvalidValueException.class)
    ProblemDetail invalid(InvalidValueException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("field", e.field());
        problem.setProperty("rule", e.rule());
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        InvalidValueException cause = findInvalid(e);
        if (cause != null) {
            return invalid(cause);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "the body is not valid JSON "
                + "of the expected shape");
        problem.setTitle("Invalid request");
        problem.setProperty("field", "body");
        problem.setProperty("rule", "json");
        return problem;
    }

    private static InvalidValueException findInvalid(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InvalidValueException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
