package io.cdp.profile.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cdp.platform.EmailAddress;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.PhoneNumber;

class IdentifierExtractorTest {

    private final IdentifierExtractor extractor = new IdentifierExtractor(
            List.of("", "null", "undefined", "anonymous", "0", "-1", "guest", "test@test.com"), "DE");

    @Test
    void normalizesEmailAndPhoneAndOrdersByPriority() {
        EventIngested event = new EventIngested("m", "web", EventType.IDENTIFY, null, null, "u-1", "a-1", null, null,
                Instant.EPOCH, Instant.EPOCH, Map.of("email", "  Ann@Example.COM ", "phone", "0151 2345 6789"), null,
                Map.of("externalIds", List.of(Map.of("id", "LC-1", "type", "loyalty_card"))), null);
        assertThat(extractor.extract(event)).containsExactly(new Identifier("user_id", "u-1"),
                new Identifier("email", "ann@example.com"), new Identifier("phone", "+4915123456789"),
                new Identifier("ext:loyalty_card", "LC-1"), new Identifier("anonymous_id", "a-1"));
    }

    @Test
    void blocksJunkValuesCaseInsensitively() {
        EventIngested event = new EventIngested("m", "web", EventType.IDENTIFY, null, null, "NULL", " Guest ", null,
                null, Instant.EPOCH, Instant.EPOCH, Map.of("email", "TEST@test.com", "phone", "-1"), null, null, null);
        assertThat(extractor.extract(event)).isEmpty();
    }

    @Test
    void valueObjectsValidateInTheirFactories() {
        assertThat(EmailAddress.of(" A@B.de ").value()).isEqualTo("a@b.de");
        assertThatThrownBy(() -> EmailAddress.of("not-an-email")).isInstanceOf(IllegalArgumentException.class);
        assertThat(PhoneNumber.of("+1 (415) 555-2671", "DE").value()).isEqualTo("+14155552671");
        assertThatThrownBy(() -> PhoneNumber.of("12", "DE")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Identifier("email", "a@b.de").hash()).hasSize(64).doesNotContain("a@b.de");
    }
}
