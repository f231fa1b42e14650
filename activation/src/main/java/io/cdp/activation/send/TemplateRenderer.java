package io.cdp.activation.send;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.cdp.profile.ProfileSnapshot;

/** Fills {@code {{trait}}}, {@code {{trait|fallback}}}, {@code {{lastProducts}}} and {@code {{unsubscribeUrl}}}. */
final class TemplateRenderer {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*(?:\\|([^}]*))?}}");
    private static final int CROSS_SELL_PRODUCTS = 3;

    public String render(String template, ProfileSnapshot profile, String unsubscribeUrl) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String fallback = matcher.group(2) == null ? "" : matcher.group(2).trim();
            String value = switch (name) {
                case "lastProducts" -> lastProducts(profile);
                case "unsubscribeUrl" -> unsubscribeUrl;
                default -> trait(profile.traits(), name);
            };
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null || value.isBlank() ? fallback : value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String trait(Map<String, Object> traits, String path) {
        Object value = traits;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return value == null || value instanceof Map ? null : String.valueOf(value);
    }

    /** Distinct names of the latest purchases, newest first. */
    private static String lastProducts(ProfileSnapshot profile) {
        return profile.commerce().lastProducts().stream()
                .map(ProfileSnapshot.PurchasedProduct::name)
                .filter(n -> n != null && !n.isBlank())
                .distinct().limit(CROSS_SELL_PRODUCTS)
                .collect(Collectors.joining(", "));
    }
}
