package io.cdp.ingestion.csv;

import java.util.List;

/**
 * Outcome of a CSV import. Row numbers are file lines as a spreadsheet shows them (the header
 * is row 1); errors name the column and rule, never the value, which may be personal data.
 */
public record ImportReport(String kind, String source, long rows, long accepted, long rejected,
                           List<RowError> errors) {

    public record RowError(long row, String field, String reason) {
    }
}
