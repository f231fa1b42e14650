package io.cdp.reporting.compute;

import java.util.HashSet;
import java.util.Set;

/** One unified profile's events within a scope, summed exactly (a profile and the profiles merged into it). */
final class Activity {

    final Set<String> orders = new HashSet<>();
    long revenueMicros;
    long pageViews;
    long npsAnswers;
    long npsPromoters;
    long npsDetractors;
    long reviews;
    long ratingMicros;
}
