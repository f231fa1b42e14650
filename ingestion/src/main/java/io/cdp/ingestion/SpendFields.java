package io.cdp.ingestion;

/**
 * The imported ad spend index, one document per date × channel × campaign (see the root README's
 * "Spend"), for modules that aggregate it (reporting's reach and cost KPIs).
 */
public final class SpendFields {

    public static final String INDEX = "cdp-spend";
    /** {@code yyyy-MM-dd}, the day the spend belongs to. */
    public static final String DATE = "date";
    /** Lower case. */
    public static final String CHANNEL = "channel";
    public static final String CAMPAIGN = "campaign";
    public static final String IMPRESSIONS = "impressions";
    public static final String CLICKS = "clicks";
    /** Cost in millionths of {@link #CURRENCY}. */
    public static final String COST_MICROS = "costMicros";
    public static final String CURRENCY = "currency";

    private SpendFields() {
    }
}
