package io.cdp.profile.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cdp.platform.EmailAddress;
import io.cdp.platform.EventIngested;
import io.cdp.platform.PhoneNumber;

/**
 * Finds the identifiers of an event, normalized, with blocked junk values ("null", "guest",
 * test@test.com ...) dropped so that they never link two people.
 */
public final class IdentifierExtractor {

    private final Set<String> blocked;
    private final String defaultRegion;

    public IdentifierExtractor(Collection<String> blockedValues, String defaultRegion) {
        this.blocked = new LinkedHashSet<>();
        blockedValues.forEach(v -> blocked.add(v.trim().toLowerCase(Locale.ROOT)));
        this.defaultRegion = defaultRegion;
    }

    public boolean isBlocked(String value) {
        return value == null || value.isBlank() || blocked.contains(value.trim().toLowerCase(Locale.ROOT));
    }

    /** The event's identifiers, strongest first (see {@link Identifier#priority()}). */
    public List<Identifier> extract(EventIngested event) {
        Set<Identifier> found = new LinkedHashSet<>();
        plain(Identifier.USER_ID, event.userId()).ifPresent(found::add);
        email(event.traits().get("email")).ifPresent(found::add);
        email(nested(event.context(), "traits").get("email")).ifPresent(found::add);
        email(event.properties().get("email")).ifPresent(found::add);
        phone(event.traits().get("phone")).ifPresent(found::add);
        phone(nested(event.context(), "traits").get("phone")).ifPresent(found::add);
        phone(event.properties().get("phone")).ifPresent(found::add);
        if (event.context().get("externalIds") instanceof List<?> externalIds) {
            for (Object item : externalIds) {
                if (item instanceof Map<?, ?> ext && ext.get("type") instanceof String type && !type.isBlank()) {
                    plain(Identifier.canonicalType(type.trim().toLowerCase(Locale.ROOT)), stringOf(ext.get("id")))
                            .ifPresent(found::add);
                }
            }
        }
        plain(Identifier.ANONYMOUS_ID, event.anonymousId()).ifPresent(found::add);
        // alias: previousId is another id of the same person (Segment: an earlier userId or anonymousId).
        if (event.previousId() != null) {
            String type = event.previousId().equals(event.anonymousId()) ? Identifier.ANONYMOUS_ID
                    : event.userId() == null ? Identifier.USER_ID : Identifier.ANONYMOUS_ID;
            plain(type, event.previousId()).ifPresent(found::add);
        }
        List<Identifier> result = new ArrayList<>(found);
        result.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
        return result;
    }

    private Optional<Identifier> plain(String type, String value) {
        if (isBlocked(value)) {
            return Optional.empty();
        }
        return Optional.of(new Identifier(type, value.trim()));
    }

    private Optional<Identifier> email(Object raw) {
        String value = stringOf(raw);
        if (isBlocked(value)) {
            return Optional.empty();
        }
        try {
            EmailAddress email = EmailAddress.of(value);
            return isBlocked(email.value()) ? Optional.empty()
                    : Optional.of(new Identifier(Identifier.EMAIL, email.value()));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    private Optional<Identifier> phone(Object raw) {
        String value = stringOf(raw);
        if (isBlocked(value)) {
            return Optional.empty();
        }
        try {
            PhoneNumber phone = PhoneNumber.of(value, defaultRegion);
            return isBlocked(phone.value()) ? Optional.empty()
                    : Optional.of(new Identifier(Identifier.PHONE, phone.value()));
        } catch (IllegalArgumentException invalid) {
            return Optional.empty();
        }
    }

    /** Normalizes an identifier given through the API (lookup) the same way as one found in an event. */
    public Optional<Identifier> normalize(String type, String value) {
        String canonical = Identifier.canonicalType(type);
        return switch (canonical) {
            case Identifier.EMAIL -> email(value);
            case Identifier.PHONE -> phone(value);
            default -> plain(canonical, value);
        };
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> nested(Map<String, Object> map, String key) {
        return map.get(key) instanceof Map<?, ?> inner ? (Map<String, Object>) inner : Map.of();
    }

    private static String stringOf(Object raw) {
        return raw == null ? null : raw.toString();
    }
}
