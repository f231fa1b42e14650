package io.cdp.ingestion;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The time windows over orders that definitions outside ingestion (segments, personas and stages of the
 * segmentation module) look at, so that an import summary can say where the imported history falls. Ingestion
 * cannot read segment definitions (the segmentation module is not among its dependencies): the app provides
 * this as a bean; without one, an import states no window.
 */
@FunctionalInterface
public interface OrderHistoryWindows {

    /** No definition looks at a window of orders. */
    OrderHistoryWindows NONE = now -> List.of();

    /** The windows in force at {@code now}, each computed from the definitions' calendar days. */
    List<Window> at(Instant now);

    /**
     * One window of one definition.
     *
     * @param kind   what defines it, in words: segment, persona, stage
     * @param id     the definition's id
     * @param name   the definition's name as marketers see it
     * @param rule   the window's rule in words, e.g. "last order within the last 30 days"
     * @param days   N of "within the last N days" / "more than N days ago"
     * @param day    the window's first day ("within the last") or the day after its last ("more than ... ago"):
     *               {@code days} days before today, in the calendar of segmentation's zone
     * @param since  the start of {@code day} in that zone, the window's edge
     * @param recent true when the window holds orders at or after {@code since} ("within the last"), false
     *               when it holds those before ("more than N days ago")
     * @param byFirstOrder true when a customer is placed by their earliest order (first seen), false by their
     *               latest (last order, last seen, an order event within the window)
     */
    record Window(String kind, String id, String name, String rule, int days, LocalDate day, Instant since,
                  boolean recent, boolean byFirstOrder) {

        public boolean holds(Instant at) {
            return recent != at.isBefore(since);
        }
    }
}
