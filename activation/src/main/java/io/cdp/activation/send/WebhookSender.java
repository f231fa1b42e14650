package io.cdp.activation.send;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.cdp.activation.domain.Activation;
import io.cdp.activation.domain.Delivery;
import io.cdp.activation.domain.Destination;
import io.cdp.activation.domain.Hashing;
import io.cdp.profile.ProfileSnapshot;

import lombok.RequiredArgsConstructor;

/**
 * A signed JSON POST. The receiver verifies {@code X-CDP-Signature: sha256=<hex>} =
 * HMAC-SHA256(signing key, {@code <X-CDP-Timestamp>.<body>}) and rejects old timestamps against
 * replay; {@code Idempotency-Key} lets it drop our retries.
 */
@Component
@RequiredArgsConstructor
final class WebhookSender implements TriggeredSender {

    private final HttpTransport http;
    private final Clock clock;

    public static String signature(String signingKey, String timestamp, String body) {
        return "sha256=" + Hashing.hmacSha256Hex(signingKey.getBytes(StandardCharsets.UTF_8), timestamp + "." + body);
    }

    @Override
    public void send(Destination destination, Activation activation, Delivery delivery, ProfileSnapshot profile) {
        String body = JsonBodies.write(MembershipMessage.of(activation, delivery, profile));
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        http.send("POST", destination.setting("url"), Map.of(
                "X-CDP-Timestamp", timestamp,
                "X-CDP-Signature", signature(destination.secret("signingKey"), timestamp, body),
                "Idempotency-Key", delivery.key()), body, "webhook");
    }
}
