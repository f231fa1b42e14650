package io.cdp.ingestion.web;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import io.cdp.ingestion.csv.InvalidCsvException;
import io.cdp.ingestion.pipeline.IngestionMetrics;
import io.cdp.ingestion.pipeline.InvalidRequestException;
import io.cdp.ingestion.pipeline.KafkaUnavailableException;
import io.cdp.ingestion.source.InvalidSourceException;
import io.cdp.ingestion.source.SourceExistsException;
import io.cdp.ingestion.source.SourceNotFoundException;
import io.cdp.ingestion.source.UnknownWriteKeyException;

/** RFC 9457 problem details for the ingestion module's errors. */
@RestControllerAdvice(basePackages = "io.cdp.ingestion")
class IngestionProblemAdvice {

    private static final String TYPE_PREFIX = "urn:cdp:problem:ingestion:";

    private final IngestionMetrics metrics;

    IngestionProblemAdvice(IngestionMetrics metrics) {
        this.metrics = metrics;
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        if (e.rejections().isEmpty()) {
            // Per-item rejections were counted by the pipeline; request-level ones are counted here.
            metrics.rejected("unresolved", e.violation().rule(), 1);
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                e.violation().reason());
        problem.setProperty("field", e.violation().field());
        problem.setProperty("rule", e.violation().rule());
        if (!e.rejections().isEmpty()) {
            problem.setProperty("rejected", e.rejections());
        }
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(UnknownWriteKeyException.class)
    ResponseEntity<ProblemDetail> unknownWriteKey(UnknownWriteKeyException e) {
        metrics.rejected("unresolved", "writeKey", 1);
        ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "unknown-write-key", "Unknown write key",
                e.getMessage());
        problem.setProperty("field", "writeKey");
        problem.setProperty("rule", "knownWriteKey");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
    }

    @ExceptionHandler(KafkaUnavailableException.class)
    ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException e) {
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "event-log-unavailable",
                "Event log unavailable", "the events were not stored; retry the whole request later");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(problem);
    }

    @ExceptionHandler(InvalidSourceException.class)
    ResponseEntity<ProblemDetail> invalidSource(InvalidSourceException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-source", "Invalid source", e.getMessage());
        problem.setProperty("field", e.field());
        problem.setProperty("rule", "sourceId");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(InvalidCsvException.class)
    ResponseEntity<ProblemDetail> invalidCsv(InvalidCsvException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-csv", "Invalid CSV", e.getMessage());
        problem.setProperty("field", "body");
        problem.setProperty("rule", "csv");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(SourceNotFoundException.class)
    ResponseEntity<ProblemDetail> sourceNotFound(SourceNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, "source-not-found", "Source not found", e.getMessage()));
    }

    @ExceptionHandler(SourceExistsException.class)
    ResponseEntity<ProblemDetail> sourceExists(SourceExistsException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(HttpStatus.CONFLICT, "source-exists", "Source exists", e.getMessage()));
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        problem.setTitle(title);
        return problem;
    }
}
