package io.cdp.activation.send;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.cdp.activation.domain.Hashing;

/**
 * Signed one-click unsubscribe tokens: {@code base64url(profileId:channel:activationId).base64url(hmac)}.
 * Anyone holding the link may unsubscribe that person from that channel, nothing more.
 */
public final class UnsubscribeTokens {

    public record Unsubscribe(String profileId, String channel, String activationId) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    public UnsubscribeTokens(byte[] key) {
        this.key = key.clone();
    }

    public String token(String profileId, String channel, String activationId) {
        String payload = ENCODER.encodeToString((profileId + ":" + channel + ":" + activationId)
                .getBytes(StandardCharsets.UTF_8));
        return payload + "." + ENCODER.encodeToString(Hashing.hmacSha256(key, payload));
    }

    public Optional<Unsubscribe> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        try {
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, Hashing.hmacSha256(key, payload))) {
                return Optional.empty();
            }
            String[] parts = new String(DECODER.decode(payload), StandardCharsets.UTF_8).split(":", 3);
            return parts.length == 3 ? Optional.of(new Unsubscribe(parts[0], parts[1], parts[2])) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
