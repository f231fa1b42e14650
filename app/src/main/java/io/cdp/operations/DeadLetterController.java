package io.cdp.operations;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Admin API over the dead-letter topic: what failed and why, and a replay once it is fixed. */
@RestController
class DeadLetterController {

    private static final int MAX_LIMIT = 10_000;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/admin/dead-letters")
    List<DeadLetters.DeadLetter> pending(@RequestParam(defaultValue = "100") int limit) {
        return deadLetters.pending(Math.min(Math.max(limit, 1), MAX_LIMIT));
    }

    @PostMapping("/api/admin/dead-letters/replay")
    DeadLetters.ReplayResult replay(@RequestParam(defaultValue = "1000") int limit) throws Exception {
        return deadLetters.replay(Math.min(Math.max(limit, 1), MAX_LIMIT));
    }
}
