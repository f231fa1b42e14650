package io.cdp.activation.domain;

import java.util.Map;

import io.cdp.platform.EmailAddress;
import io.cdp.platform.PhoneNumber;

/** A member as audiences see it: normalized identifiers (either may be null) and traits for CRMs. */
public record AudienceMember(String profileId, EmailAddress email, PhoneNumber phone, Map<String, Object> traits) {

    public AudienceMember {
        traits = traits == null ? Map.of() : traits;
    }

    public boolean addressable() {
        return email != null || phone != null;
    }
}
