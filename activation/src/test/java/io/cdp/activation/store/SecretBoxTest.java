package io.cdp.activation.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(new byte[32]);

    @Test
    void aSecretOpensOnlyForWhatItWasBoundTo() {
        String sealed = box.seal("crm-token", "destination/a/accessToken");

        assertThat(sealed).doesNotContain("crm-token");
        assertThat(box.open(sealed, "destination/a/accessToken")).isEqualTo("crm-token");
        assertThatThrownBy(() -> box.open(sealed, "destination/b/accessToken")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> box.open(sealed, "destination/a/signingKey")).isInstanceOf(IllegalStateException.class);
    }
}
