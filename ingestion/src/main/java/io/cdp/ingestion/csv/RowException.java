package io.cdp.ingestion.csv;

/**
 * A row of an import that breaks a rule: it becomes an {@link ImportReport.RowError} naming its
 * column and the rule, never the value (which may be personal data). No stack trace: it is an
 * answer about the file, not a failure of the importer.
 */
final class RowException extends RuntimeException {

    final String field;
    final String rule;

    RowException(String field, String rule, String reason) {
        super(reason, null, false, false);
        this.field = field;
        this.rule = rule;
    }
}
