package io.cdp.activation.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EmailAddress;
import io.cdp.platform.InvalidValueException;
import io.cdp.platform.PhoneNumber;

class IdentifierNormalisationTest {

    @Test
    void emailsAreTrimmedAndLowercasedBeforeHashing() {
        EmailAddress email = EmailAddress.of("  Alice@Example.COM ");

        assertThat(email.value()).isEqualTo("alice@example.com");
        assertThat(AudienceHashes.email(email)).isEqualTo("ff8d9819fc0e12bf0d24892e45987e249a28dce836a85cad60e28eaaa8c6d976");
        assertThat(email.toString()).doesNotContain("alice");
    }

    @Test
    void metaHashesPhoneDigitsWithCountryCodeAndGoogleHashesE164() {
        PhoneNumber phone = PhoneNumber.of("0151 1234 5678", "DE");

        assertThat(phone.value()).isEqualTo("+4915112345678");
        assertThat(AudienceHashes.metaForm(phone)).isEqualTo("4915112345678");
        assertThat(AudienceHashes.metaPhone(phone)).isEqualTo("8efb96404be52f6109b9db0f687274a81e9e3cc23fabd6f0da5d38baa3d2facd");
        assertThat(AudienceHashes.googlePhone(phone)).isEqualTo("536afd523e19dc83fccba822ef5e4ca646111314aaf0aa286667c5bea18dd70b");
    }

    @Test
    void aStoredPhoneIsTakenAsItIsWhenAlreadyE164AndParsedOtherwise() {
        assertThat(PhoneNumber.stored("+4915112345678", "DE")).isEqualTo(PhoneNumber.of("0151 1234 5678", "DE"));
        assertThat(PhoneNumber.stored("0151 1234 5678", "DE").value()).isEqualTo("+4915112345678");
    }

    @Test
    void somethingThatIsNoPhoneNumberIsRejected() {
        assertThatThrownBy(() -> PhoneNumber.of("call me", "DE")).isInstanceOf(InvalidValueException.class);
    }
}
