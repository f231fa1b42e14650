package io.cdp.profile.clv;

import lombok.RequiredArgsConstructor;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** CLV runs on demand and their progress (admins: {@code /api/admin/**}). */
@RestController
@RequestMapping("/api/admin/clv/runs")
@RequiredArgsConstructor
class ClvRunController {

    private final ClvRuns runs;

    /** Starts a run (202), or answers with the one already running in this instance. */
    @PostMapping
    ResponseEntity<ClvRun> start() {
        return ResponseEntity.accepted().body(runs.start("api"));
    }

    @GetMapping("/{id}")
    ClvRun get(@PathVariable String id) {
        return runs.find(id).orElseThrow(() -> new RunNotFoundException(id));
    }

    /** No CLV run with this id (404). */
    static final class RunNotFoundException extends ErrorResponseException {

        RunNotFoundException(String id) {
            super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "no CLV run " + id),
                    null);
            getBody().setTitle("CLV run not found");
        }
    }
}
