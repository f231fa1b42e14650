package io.cdp.activation.send;

import io.cdp.activation.domain.AudienceMember;
import io.cdp.platform.EmailAddress;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.PhoneNumber;
import io.cdp.profile.ProfileSnapshot;

/** A profile's identifiers as audiences need them; unusable values are left out, not fatal. */
public final class AudienceMembers {

    private AudienceMembers() {
    }

    /** {@code defaultRegion} reads phones without a country code; null: such phones are left out. */
    public static AudienceMember of(ProfileSnapshot profile, String defaultRegion) {
        EmailAddress email = null;
        PhoneNumber phone = null;
        try {
            email = profile.email().map(EmailAddress::of).orElse(null);
        } catch (InvalidValueException e) {
            // the profile store accepted it; an audience cannot: leave it out
        }
        try {
            phone = profile.phone().map(p -> PhoneNumber.stored(p, defaultRegion == null ? "ZZ" : defaultRegion))
                    .orElse(null);
        } catch (InvalidValueException e) {
            // same as above
        }
        return new AudienceMember(profile.id().value(), email, phone, profile.traits());
    }
}
