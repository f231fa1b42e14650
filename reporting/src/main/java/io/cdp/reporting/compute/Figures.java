package io.cdp.reporting.compute;

/**
 * The exact raw figures of one scope (a period, a bucket or a group) that the KPI formulas read. Money in
 * millionths of the reporting currency. A {@code null} figure does not apply to the scope (profile counts
 * by channel, spend by segment), and neither do the KPIs built on it.
 *
 * @param repeatCustomers active customers with at least the lifecycle's repeat-orders orders in the scope
 * @param churned         profiles first seen before the end with no event in the churn window before it
 * @param sessions        sessions of the scope's events: per unified profile, runs of events with no gap longer
 *                        than the session gap
 * @param bounces         sessions of exactly one event, a page or screen view
 * @param sessionEvents   the events of those sessions (all events of the scope)
 * @param sessionMillis   the sum over sessions of the time from their first to their last event
 * @param leads           live profiles with a userId first seen in the scope
 * @param convertedLeads  of those, the ones whose first order ever is in the scope
 * @param historicalRevenueMicros net amount of all order events before the scope's end
 * @param historicalCustomers     unified profiles with an Order Completed before the scope's end
 * @param storeVisits             Store Visited events of the scope
 * @param storeOrders             distinct orders of the scope whose Order Completed channel is {@code store}
 * @param ropoOrders              of those, the ones preceded by an online view of one of their products within the
 *                                ROPO window
 * @param ropoRevenueMicros       what the Order Completed events of those ROPO orders add, less their refunds of
 *                                the scope
 * @param goodsCostMicros         cost of goods of the scope's order lines with a cost, returned goods deducted
 * @param costedRevenueMicros     the revenue of those same lines (net of returned costed lines)
 * @param costedEvents            order and refund events of the scope carrying a cost of goods; none means "no
 *                                cost data"
 * @param costedCustomers         unified profiles with an Order Completed of the scope carrying a cost of goods
 */
record Figures(Long profiles, Long knownProfiles, Long churned, long uniqueVisitors, long pageViews,
        long activeCustomers, long repeatCustomers, long orders, long revenueMicros, Long newCustomers,
        Long impressions, Long clicks, Long costMicros, long npsAnswers, long npsPromoters, long npsDetractors,
        long reviews, long ratingMicros, long sessions, long bounces, long sessionEvents, long sessionMillis,
        Long leads, Long convertedLeads, Long historicalRevenueMicros, Long historicalCustomers, long storeVisits,
        long storeOrders, long ropoOrders, long ropoRevenueMicros, long goodsCostMicros,
        long costedRevenueMicros, long costedEvents, long costedCustomers) {

    /**
     * These figures with the conversions of a group replaced by the orders attributed to it (first- or last-touch):
     * its active and repeat customers, orders, their net revenue and its new customers. Cost of goods is not
     * attributed: the profit KPIs do not apply.
     */
    Figures attributed(long attributedCustomers, long attributedRepeat, long attributedOrders,
            long attributedRevenueMicros, long attributedNewCustomers) {
        return new Figures(profiles, knownProfiles, churned, uniqueVisitors, pageViews, attributedCustomers,
                attributedRepeat, attributedOrders, attributedRevenueMicros, attributedNewCustomers, impressions, clicks,
                costMicros, npsAnswers, npsPromoters, npsDetractors, reviews, ratingMicros, sessions, bounces,
                sessionEvents, sessionMillis, leads, convertedLeads, historicalRevenueMicros, historicalCustomers,
                storeVisits, storeOrders, ropoOrders, ropoRevenueMicros, 0, 0, 0, 0);
    }
}
