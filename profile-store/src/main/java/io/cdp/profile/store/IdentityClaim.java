package io.cdp.profile.store;

/**
 * A document of {@code cdp-identities}: this identifier belongs to profileId. {@code userId} is the
 * userId the profile was created for, so that a profile whose creator crashed before writing it can
 * be completed by anyone who finds the claim.
 */
public record IdentityClaim(String type, String value, String profileId, String userId) {
}
