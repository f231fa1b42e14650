package io.cdp.activation.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.cdp.platform.InvalidValueException;

/**
 * A configured destination. {@code settings} are shown to readers, {@code secrets} (passwords,
 * tokens, signing keys) are stored encrypted and never returned.
 */
public record Destination(String id, String name, DestinationKind kind, Map<String, String> settings,
        Map<String, String> secrets) {

    private static final Map<DestinationKind, List<String>> REQUIRED_SETTINGS = Map.of(
            DestinationKind.EMAIL, List.of("host", "port", "from"),
            DestinationKind.META, List.of("baseUrl", "audienceId"),
            DestinationKind.GOOGLE_ADS, List.of("baseUrl", "customerId", "userListId"),
            DestinationKind.CRM, List.of("baseUrl"),
            DestinationKind.WEBHOOK, List.of("url"),
            DestinationKind.KAFKA, List.of("topic"),
            DestinationKind.CSV, List.of());

    private static final Map<DestinationKind, List<String>> REQUIRED_SECRETS = Map.of(
            DestinationKind.META, List.of("accessToken"),
            DestinationKind.GOOGLE_ADS, List.of("accessToken", "developerToken"),
            DestinationKind.CRM, List.of("accessToken"),
            DestinationKind.WEBHOOK, List.of("signingKey"));

    /** Settings holding the URL a destination sends to. */
    public static final Set<String> URL_SETTINGS = Set.of("baseUrl", "url");

    /** Settings that say where a destination sends (with its kind): secrets are bound to them. */
    private static final Set<String> TARGET_SETTINGS = Set.of("url", "baseUrl", "host", "port", "username",
            "audienceId", "customerId", "userListId", "topic");

    public Destination {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "required", "a destination needs a name");
        }
        if (kind == null) {
            throw new InvalidValueException("kind", "required", "a destination needs a kind");
        }
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        for (String setting : REQUIRED_SETTINGS.get(kind)) {
            if (settings.getOrDefault(setting, "").isBlank()) {
                throw new InvalidValueException("settings." + setting, "required",
                        kind + " destinations need the setting " + setting);
            }
        }
        for (String secret : REQUIRED_SECRETS.getOrDefault(kind, List.of())) {
            if (secrets.getOrDefault(secret, "").isBlank()) {
                throw new InvalidValueException("secrets." + secret, "required",
                        kind + " destinations need the secret " + secret);
            }
        }
        settings.forEach((key, value) -> {
            if (URL_SETTINGS.contains(key) && !value.matches("https?://\\S+")) {
                throw new InvalidValueException("settings." + key, "httpUrl", key + " must be an http(s) URL");
            }
        });
    }

    public String setting(String key) {
        return settings.get(key);
    }

    public String secret(String key) {
        return secrets.get(key);
    }

    /**
     * Whether a destination of {@code otherKind} with {@code otherSettings} sends where this one does:
     * else this one's secrets must not go with it (a changed URL would carry a token to whoever
     * listens there).
     */
    public boolean sendsWhere(DestinationKind otherKind, Map<String, String> otherSettings) {
        Map<String, String> other = otherSettings == null ? Map.of() : otherSettings;
        return kind == otherKind && TARGET_SETTINGS.stream().allMatch(k -> Objects.equals(settings.get(k), other.get(k)));
    }

    public Destination withId(String newId) {
        return new Destination(newId, name, kind, settings, secrets);
    }
}
