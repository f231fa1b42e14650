package io.cdp.ingestion;

/** The currency orders are counted in ({@code cdp.ingestion.money.reporting-currency}), as a bean. */
public record ReportingCurrency(String code) {
}
