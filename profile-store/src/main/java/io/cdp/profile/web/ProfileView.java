package io.cdp.profile.web;

import java.math.BigDecimal;

import io.cdp.profile.domain.ProfileDocument;

/**
 * A profile as the API shows it: the stored document plus derived metrics, and whether the id
 * asked for was merged into this one.
 */
record ProfileView(String requestedId, String profileId, boolean redirected, ProfileDocument profile,
        BigDecimal averageOrderValue, long sessionCount, double averageSessionSeconds, double bounceRate) {

    static ProfileView of(String requestedId, ProfileDocument profile) {
        return new ProfileView(requestedId, profile.id, !profile.id.equals(requestedId), profile,
                profile.commerce.averageOrderValue(), profile.sessions.count(),
                profile.sessions.averageDurationSeconds(), profile.sessions.bounceRate());
    }
}
