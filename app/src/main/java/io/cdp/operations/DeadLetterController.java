package io.cdp.operations;

import lombok.RequiredArgsConstructor;

import io.cdp.platform.web.InvalidRequestException;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cdp.platform.Topics;


/**
 * Admin API over the dead-letter topics: what failed and why, and a replay once it is fixed.
 * {@code topic} picks one of {@link DeadLetters#topics()}, the events' by default.
 */
@RestController
@RequiredArgsConstructor
class DeadLetterController {

    private static final int MAX_LIMIT = 10_000;

    private final DeadLetters deadLetters;

    @GetMapping("/api/admin/dead-letters")
    List<DeadLetters.DeadLetter> pending(@RequestParam(defaultValue = Topics.EVENTS_DEAD_LETTER) String topic,
            @RequestParam(defaultValue = "100") int limit) {
        return deadLetters.pending(known(topic), Math.min(Math.max(limit, 1), MAX_LIMIT));
    }

    @PostMapping("/api/admin/dead-letters/replay")
    DeadLetters.ReplayResult replay(@RequestParam(defaultValue = Topics.EVENTS_DEAD_LETTER) String topic,
            @RequestParam(defaultValue = "1000") int limit) throws Exception {
        return deadLetters.replay(known(topic), Math.min(Math.max(limit, 1), MAX_LIMIT));
    }

    /** Only dead-letter topics: this API reads and re-sends records, it must not reach any other topic. */
    private String known(String topic) {
        if (!deadLetters.topics().contains(topic)) {
            throw new InvalidRequestException("topic", "must be one of " + String.join(", ", deadLetters.topics()));
        }
        return topic;
    }
}
