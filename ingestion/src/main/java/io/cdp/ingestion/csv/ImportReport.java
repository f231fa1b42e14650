package io.cdp.ingestion.csv;

import java.time.Instant;
import java.util.List;

/**
 * Outcome of a CSV import. Row numbers are file lines as a spreadsheet shows them (the header
 * is row 1); errors name the column and rule, never the value, which may be personal data.
 *
 * @param orders   orders accepted (an order's rows count once)
 * @param lines    order lines accepted
 * @param refunds  refunds and cancellations accepted, as Order Refunded events
 * @param profiles distinct customers (by their first identifier) the accepted rows are about
 * @param earliest the earliest order time accepted, null without orders
 * @param latest   the latest order time accepted, null without orders
 * @param history  where the imported orders fall among the time windows of segments, personas and stages;
 *                 null for contacts and rates
 */
public record ImportReport(String kind, String source, long rows, long accepted, long rejected,
                           List<RowError> errors, long orders, long lines, long refunds, long profiles,
                           Instant earliest, Instant latest, ImportHistory history) {

    /** @param rule the rule the row broke, as in the HTTP API's problem details */
    public record RowError(long row, String field, String reason, String rule) {
    }
}
