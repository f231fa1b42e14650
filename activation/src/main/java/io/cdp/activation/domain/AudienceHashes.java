package io.cdp.activation.domain;

import io.cdp.platform.EmailAddress;
import io.cdp.platform.PhoneNumber;
import io.cdp.platform.Sha256;

/**
 * The forms the ad platforms match people by: SHA-256 (hex) of the normalised email, and of the phone
 * number as each platform writes it: Google E.164 with the plus, Meta the country code and digits without it.
 */
public final class AudienceHashes {

    private AudienceHashes() {
    }

    public static String email(EmailAddress email) {
        return Sha256.hex(email.value());
    }

    public static String googlePhone(PhoneNumber phone) {
        return Sha256.hex(phone.value());
    }

    public static String metaPhone(PhoneNumber phone) {
        return Sha256.hex(metaForm(phone));
    }

    static String metaForm(PhoneNumber phone) {
        return phone.value().substring(1);
    }
}
