package io.cdp.ingestion.pipeline;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The value rules of a call that the profile store relies on, checked at the door so that a value
 * it would refuse is answered with a 400 instead of being accepted and dead-lettered later:
 * numbers fit a double (JSON allows {@code 1e400}, which would turn into "Infinity"), identifiers
 * carry no control characters, trait values nest no deeper than {@link #MAX_TRAIT_DEPTH}, and money
 * amounts are numbers within {@link #MAX_AMOUNT}.
 */
final class ValueRules {

    /**
     * The largest amount of one order, refund or product price: far above any real single purchase,
     * and far from a double's limit, which the profile store's revenue sums (indexed as an
     * Elasticsearch double) must never reach; a double holds sums up to 9e13 exactly to the cent.
     */
    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    /** The largest quantity of one product line of an order. */
    static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000");

    /**
     * How deeply a trait value may nest objects and arrays: profiles keep traits in a {@code flattened}
     * field, and Elasticsearch refuses a whole profile document whose flattened field nests deeper
     * than 20 objects (the trait's name and its value wrapper take two of them).
     */
    static final int MAX_TRAIT_DEPTH = 10;

    /** C0 (NUL ...), DEL and C1 control characters. */
    private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
    private static final List<String> IDENTIFIERS = List.of("userId", "anonymousId", "previousId", "groupId",
            "messageId");
    private static final List<String> CONTACT_FIELDS = List.of("email", "phone");
    static final Set<String> ORDER_EVENTS = Set.of("Order Completed", "Order Refunded");
    private static final String PRODUCT_REVIEWED = "Product Reviewed";
    private static final String SURVEY_ANSWERED = "Survey Answered";
    /** A review's stars: 1 (worst) to 5 (best). */
    private static final BigDecimal MIN_RATING = BigDecimal.ONE;
    private static final BigDecimal MAX_RATING = new BigDecimal(5);
    private static final BigDecimal MAX_NPS_SCORE = BigDecimal.TEN;

    private ValueRules() {
    }

    /** The first rule a normalized call breaks, or null. */
    static Violation check(ObjectNode call) {
        Violation violation = finiteNumbers(call, "");
        if (violation == null) {
            violation = controlCharacters(call);
        }
        if (violation == null) {
            violation = traitDepth(call);
        }
        if (violation == null && "track".equals(call.path("type").asString())) {
            violation = amounts(call);
            if (violation == null) {
                violation = feedback(call);
            }
        }
        return violation;
    }

    private static Violation finiteNumbers(JsonNode node, String path) {
        if (node.isNumber()) {
            return Double.isFinite(node.doubleValue()) ? null
                    : Violation.of(path, "finite", path + " must be a finite number within the range of a double");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                Violation violation = finiteNumbers(entry.getValue(),
                        path.isEmpty() ? entry.getKey() : path + "." + entry.getKey());
                if (violation != null) {
                    return violation;
                }
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            Violation violation = finiteNumbers(node.get(i), path + "[" + i + "]");
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    /** Identifiers, emails, phones and external ids: the values identity resolution links people by. */
    private static Violation controlCharacters(ObjectNode call) {
        for (String field : IDENTIFIERS) {
            Violation violation = noControl(call.get(field), field);
            if (violation != null) {
                return violation;
            }
        }
        for (String object : List.of("traits", "context.traits", "properties")) {
            JsonNode values = call.at("/" + object.replace('.', '/'));
            for (String field : CONTACT_FIELDS) {
                Violation violation = noControl(values.get(field), object + "." + field);
                if (violation != null) {
                    return violation;
                }
            }
        }
        JsonNode externalIds = call.path("context").path("externalIds");
        for (int i = 0; externalIds.isArray() && i < externalIds.size(); i++) {
            for (String field : List.of("id", "type")) {
                Violation violation = noControl(externalIds.get(i).get(field),
                        "context.externalIds[" + i + "]." + field);
                if (violation != null) {
                    return violation;
                }
            }
        }
        return null;
    }

    private static Violation noControl(JsonNode value, String field) {
        return value != null && value.isString() && CONTROL.matcher(value.stringValue()).find()
                ? Violation.of(field, "noControlCharacters", field + " must not contain control characters")
                : null;
    }

    /** traits of identify and group calls, context.traits of the others: both become profile traits. */
    private static Violation traitDepth(ObjectNode call) {
        for (String object : List.of("traits", "context.traits")) {
            JsonNode traits = call.at("/" + object.replace('.', '/'));
            for (Map.Entry<String, JsonNode> trait : traits.properties()) {
                if (depth(trait.getValue()) > MAX_TRAIT_DEPTH) {
                    String field = object + "." + trait.getKey();
                    return Violation.of(field, "maxDepth",
                            field + " must not nest objects and arrays more than " + MAX_TRAIT_DEPTH + " levels deep");
                }
            }
        }
        return null;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainer() ? 1 + deepest : 0;
    }

    /**
     * revenue and total of any track call (the profile store and conversion measurement add them up);
     * orders and refunds carry non-negative amounts (a refund's amount is subtracted), and so do the
     * prices of their products.
     */
    private static Violation amounts(ObjectNode call) {
        JsonNode properties = call.path("properties");
        boolean order = call.path("event").isString() && ORDER_EVENTS.contains(call.path("event").stringValue());
        for (String field : List.of("revenue", "total")) {
            Violation violation = bounded(properties.get(field), "properties." + field, MAX_AMOUNT, order);
            if (violation != null) {
                return violation;
            }
        }
        JsonNode currency = properties.path("currency");
        boolean absent = currency.isMissingNode() || currency.isNull()
                || currency.isString() && currency.stringValue().isBlank();
        if (order && !absent && currency(currency.isString() ? currency.stringValue() : null) == null) {
            return Violation.of("properties.currency", "iso4217",
                    "properties.currency of an order must be an ISO 4217 code such as EUR");
        }
        JsonNode products = properties.path("products");
        for (int i = 0; order && products.isArray() && i < products.size(); i++) {
            String at = "properties.products[" + i + "].";
            Violation violation = bounded(products.get(i).get("price"), at + "price", MAX_AMOUNT, true);
            if (violation == null) {
                violation = bounded(products.get(i).get("quantity"), at + "quantity", MAX_QUANTITY, true);
            }
            if (violation != null) {
                return violation;
            }
        }
        return null;
    }

    /**
     * Reviews and NPS answers feed the satisfaction KPIs, the profile's NPS and the loyalty stage: a rating
     * or score that is missing or off its scale would be counted as a real answer, so it is refused.
     */
    private static Violation feedback(ObjectNode call) {
        String event = call.path("event").asString();
        JsonNode properties = call.path("properties");
        if (PRODUCT_REVIEWED.equals(event)) {
            return onScale(properties.get("rating"), "properties.rating", MIN_RATING, MAX_RATING, false);
        }
        if (SURVEY_ANSWERED.equals(event) && isNps(properties.get("survey"))) {
            return onScale(properties.get("score"), "properties.score", BigDecimal.ZERO, MAX_NPS_SCORE, true);
        }
        return null;
    }

    /** {@code survey} names an NPS survey ("nps" in any case): the profile store reads it the same way. */
    private static boolean isNps(JsonNode survey) {
        return survey != null && survey.isString() && "nps".equalsIgnoreCase(survey.stringValue().trim());
    }

    private static Violation onScale(JsonNode value, String field, BigDecimal min, BigDecimal max, boolean integer) {
        if (value == null || value.isNull()) {
            return Violation.of(field, Violation.REQUIRED, field + " is required");
        }
        BigDecimal number = decimal(value);
        if (number == null) {
            return Violation.of(field, "number", field + " must be a number");
        }
        if (integer && number.stripTrailingZeros().scale() > 0) {
            return Violation.of(field, "integer", field + " must be a whole number");
        }
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            return Violation.of(field, "range", field + " must be between " + min.toPlainString() + " and "
                    + max.toPlainString());
        }
        return null;
    }

    private static Violation bounded(JsonNode value, String field, BigDecimal max, boolean nonNegative) {
        if (value == null || value.isNull()) {
            return null;
        }
        BigDecimal number = decimal(value);
        if (number == null) {
            return Violation.of(field, "number", field + " must be a number");
        }
        if (number.abs().compareTo(max) > 0) {
            return Violation.of(field, "max", field + " must not exceed " + max.toPlainString() + " in absolute value");
        }
        if (nonNegative && number.signum() < 0) {
            return Violation.of(field, "nonNegative", field + " must not be negative");
        }
        return null;
    }

    /**
     * An order's currency as an upper-case ISO 4217 code (analytics.js sends {@code "eur"} as well),
     * null when absent or blank (the order is then in the reporting currency) or not a code.
     */
    static String currency(Object value) {
        if (!(value instanceof String text) || text.isBlank()) {
            return null;
        }
        try {
            return Currency.getInstance(text.trim().toUpperCase(Locale.ROOT)).getCurrencyCode();
        } catch (IllegalArgumentException notACode) {
            return null;
        }
    }

    /** A JSON number or a string holding one, as the profile store reads amounts. */
    private static BigDecimal decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (!value.isString()) {
            return null;
        }
        try {
            return new BigDecimal(value.stringValue().trim());
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
