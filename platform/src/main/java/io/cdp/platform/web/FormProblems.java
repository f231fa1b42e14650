package io.cdp.platform.web;

import java.util.Map;
import java.util.Optional;

import org.springframework.web.ErrorResponseException;

import io.cdp.platform.InvalidValueException;

/**
 * The console's side of problem details: the field a refused request names, and the words to show
 * next to it. A console form catches the same exceptions the REST API turns into 400 problems and
 * shows their detail in place, keeping what the user typed.
 */
public final class FormProblems {

    private FormProblems() {
    }

    /** field → message for a refusal that names a field; empty when the exception names none. */
    public static Optional<Map<String, String>> of(RuntimeException refusal) {
        if (refusal instanceof InvalidValueException invalid && invalid.field() != null) {
            return Optional.of(Map.of(invalid.field(), invalid.getMessage()));
        }
        if (refusal instanceof ErrorResponseException response && response.getBody().getProperties() != null
                && response.getBody().getProperties().get("field") instanceof String field) {
            String detail = response.getBody().getDetail();
            return Optional.of(Map.of(field, detail == null ? field + " is invalid" : detail));
        }
        return Optional.empty();
    }
}
