package io.cdp.segmentation.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.cdp.segmentation.DefinitionError;
import io.cdp.segmentation.InvalidDefinitionsException;
import io.cdp.segmentation.catalog.CatalogExceptions;

/**
 * Segmentation API errors as RFC 9457 problem details. Invalid definitions list every error with
 * its JSON path and rule in {@code errors}; {@code field} and {@code rule} repeat the first one.
 */
@RestControllerAdvice(basePackageClasses = SegmentationApiAdvice.class)
class SegmentationApiAdvice {

    @ExceptionHandler(InvalidDefinitionsException.class)
    ProblemDetail invalid(InvalidDefinitionsException e) {
        List<DefinitionError> errors = e.errors();
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid definition", e.getMessage());
        problem.setProperty("field", errors.get(0).path());
        problem.setProperty("rule", errors.get(0).rule());
        problem.setProperty("errors", errors.stream()
                .map(err -> Map.of("path", err.path(), "rule", err.rule(), "message", err.message())).toList());
        return problem;
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage());
        problem.setProperty("field", e.field());
        problem.setProperty("rule", e.rule());
        return problem;
    }

    @ExceptionHandler(CatalogExceptions.RawDrlForbidden.class)
    ProblemDetail forbidden(CatalogExceptions.RawDrlForbidden e) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "Raw DRL is admin only", e.getMessage());
        problem.setProperty("field", "$.drl");
        problem.setProperty("rule", "drl.adminOnly");
        return problem;
    }

    @ExceptionHandler(CatalogExceptions.VersionConflict.class)
    ProblemDetail conflict(CatalogExceptions.VersionConflict e) {
        return problem(HttpStatus.CONFLICT, "Saved concurrently", e.getMessage());
    }

    @ExceptionHandler({NotFoundException.class, CatalogExceptions.DefinitionNotFound.class})
    ProblemDetail notFound(RuntimeException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
