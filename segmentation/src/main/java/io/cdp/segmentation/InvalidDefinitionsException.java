package io.cdp.segmentation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Definitions that cannot be used: a 400 problem listing the errors with their JSON path and rule
 * in {@code errors}; {@code field} and {@code rule} repeat the first one. At most the first
 * {@value #MAX_ERRORS} are kept, so that a large broken definition still gets a short answer.
 */
public class InvalidDefinitionsException extends ErrorResponseException {

    private static final int MAX_ERRORS = 20;

    private final transient List<DefinitionError> errors;

    public InvalidDefinitionsException(List<DefinitionError> errors) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                first(errors).stream().map(DefinitionError::toString).collect(Collectors.joining("; "))), null);
        this.errors = first(errors);
        getBody().setTitle("Invalid definition");
        getBody().setProperty("field", errors.get(0).path());
        getBody().setProperty("rule", errors.get(0).rule());
        getBody().setProperty("errors", this.errors.stream()
                .map(err -> Map.of("path", err.path(), "rule", err.rule(), "message", err.message())).toList());
    }

    private static List<DefinitionError> first(List<DefinitionError> errors) {
        return List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS)));
    }

    public List<DefinitionError> errors() {
        return errors;
    }

    /** The errors themselves, as callers outside the web layer read them. */
    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
