package io.cdp.segmentation.membership;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.springframework.stereotype.Component;

import io.cdp.platform.elasticsearch.Documents.Versioned;
import io.cdp.segmentation.membership.MembershipDocument.Change;
import io.cdp.segmentation.store.RunDocument;
import io.cdp.segmentation.store.RunStore;

/**
 * Which outbox changes of scheduled runs are published. A run does not write each changed state a second time
 * to empty its outbox: its cursor says it. The run saves its cursor after a page's events are acknowledged and
 * its history appended, in scan (profile id) order, so a change caused by run X to profile P is published once
 * X has completed or its cursor has reached P. Anything else in an outbox is taken as unpublished, as before.
 */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public final class RunOutboxes {

    private static final String PREFIX = "run:";

    private final RunStore runs;
    /** Completed runs never change again: one read each. */
    private final Map<String, Boolean> completed = new ConcurrentHashMap<>();

    /** The cause of the changes a scheduled run makes. */
    public static String cause(String runId) {
        return PREFIX + runId;
    }

    static boolean isRun(String cause) {
        return cause.startsWith(PREFIX);
    }

    /** Runs read for one batch, so that a batch asks about each run at most once. */
    Lookup lookup() {
        return new Lookup();
    }

    /** The outbox changes of one batch's states that are still to be published. */
    final class Lookup {

        private final Map<String, Optional<RunDocument>> read = new HashMap<>();

        /** {@code state}'s outbox without the changes its runs have already published. */
        List<Change> unpublished(MembershipDocument state) {
            return state.outbox().stream().filter(c -> !published(state.profileId(), c)).toList();
        }

        private boolean published(String profileId, Change change) {
            if (!isRun(change.cause())) {
                return false;
            }
            String runId = change.cause().substring(PREFIX.length());
            if (completed.containsKey(runId)) {
                return true;
            }
            Optional<RunDocument> run = read.computeIfAbsent(runId, id -> runs.find(id).map(Versioned::document));
            if (run.isEmpty()) {
                return false;
            }
            if (RunDocument.COMPLETED.equals(run.get().status())) {
                completed.put(runId, true);
                return true;
            }
            // profile ids are lower-case hex of one length: their order is the scan's keyword order
            return run.get().cursor() != null && profileId.compareTo(run.get().cursor()) <= 0;
        }
    }
}
