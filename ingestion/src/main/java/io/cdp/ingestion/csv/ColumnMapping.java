package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * From a file's headers to the platform's fields. A column maps to a field ({@link #FIELDS}), to a
 * profile trait ({@code trait.country}), to an order property ({@code property.channel}) or is
 * ignored ({@code ignore}). Columns not named keep their header: a header that is a field name
 * (or {@code userId}) is that field; any other becomes a trait of a contact or a property of an order.
 *
 * <pre>
 * columns:
 *   Name: order_id
 *   Billing Country: trait.country
 * refunds: {statuses: [refunded, voided], id-prefix: C, negative-quantity: true}
 * timestamp-format: dd/MM/yyyy HH:mm
 * </pre>
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class ColumnMapping {

    /** The platform's fields for contacts and orders. */
    public static final Set<String> FIELDS = Set.of("user_id", "email", "phone", "crm_id", "loyalty_card",
            "order_id", "line_id", "timestamp", "revenue", "total", "currency", "product_id", "sku", "product_name",
            "category", "price", "quantity", "cost", "status", "refunded_amount", "cancelled_at");
    public static final List<String> PRESETS = List.of("shopify-orders", "pos-lines", "hubspot-contacts",
            "salesforce-contacts");
    static final ColumnMapping NONE = new ColumnMapping(Map.of(), Refunds.DEFAULT, null);

    private static final String TRAIT = "trait.";
    private static final String PROPERTY = "property.";
    private static final String IGNORE = "ignore";

    private final Map<String, String> columns;
    private final Refunds refunds;
    private final String timestampFormat;

    /**
     * When a row is a refund or cancellation: its order's status is one of {@code statuses}, its
     * order id starts with {@code idPrefix}, or (when {@code negativeQuantity}) its quantity or amount is negative.
     */
    public record Refunds(Set<String> statuses, String idPrefix, boolean negativeQuantity) {

        static final Refunds DEFAULT = new Refunds(Set.of("refunded", "cancelled", "canceled", "voided", "returned"),
                null, true);

        boolean refundStatus(String status) {
            return status != null && statuses.contains(status.trim().toLowerCase(Locale.ROOT));
        }
    }

    /** A row in the platform's terms. */
    record MappedRow(Map<String, String> fields, Map<String, String> traits, Map<String, String> properties,
                     Map<String, String> unmapped) {
    }

    /** @throws InvalidImportOptionException when there is no such preset */
    public static ColumnMapping preset(String name) {
        if (!PRESETS.contains(name.trim())) {
            throw new InvalidImportOptionException("mapping", "preset", "mapping must be one of " + PRESETS);
        }
        try (InputStream yaml = ColumnMapping.class.getResourceAsStream("presets/" + name.trim() + ".yaml")) {
            return read(new InputStreamReader(yaml, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws InvalidImportOptionException naming what in the mapping is wrong */
    public static ColumnMapping read(Reader yaml) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw invalid("the mapping is not YAML");
        }
        Map<?, ?> root = loaded instanceof Map<?, ?> map ? map : Map.of();
        Map<String, String> columns = new LinkedHashMap<>();
        if (root.get("columns") instanceof Map<?, ?> given) {
            given.forEach((header, target) -> columns.put(String.valueOf(header).trim(), target(String.valueOf(target))));
        } else {
            throw invalid("the mapping needs a columns: map from headers to fields");
        }
        Refunds refunds = Refunds.DEFAULT;
        if (root.get("refunds") instanceof Map<?, ?> rules) {
            Set<String> statuses = new TreeSet<>();
            if (rules.get("statuses") instanceof List<?> list) {
                list.forEach(status -> statuses.add(String.valueOf(status).trim().toLowerCase(Locale.ROOT)));
            } else {
                statuses.addAll(Refunds.DEFAULT.statuses());
            }
            Object prefix = rules.get("id-prefix");
            refunds = new Refunds(Set.copyOf(statuses), prefix == null ? null : prefix.toString(),
                    !Boolean.FALSE.equals(rules.get("negative-quantity")));
        }
        Object format = root.get("timestamp-format");
        return new ColumnMapping(Map.copyOf(columns), refunds,
                Timestamps.checkPattern(format == null ? null : format.toString()));
    }

    private static String target(String target) {
        String name = target.trim();
        if (FIELDS.contains(name) || name.equals(IGNORE)
                || (name.startsWith(TRAIT) || name.startsWith(PROPERTY)) && !name.endsWith(".")) {
            return name;
        }
        throw invalid("a column maps to one of " + new TreeSet<>(FIELDS) + ", trait.NAME, property.NAME or ignore, not "
                + name);
    }

    private static InvalidImportOptionException invalid(String message) {
        return new InvalidImportOptionException("mapping", "mapping", message);
    }

    Refunds refunds() {
        return refunds;
    }

    String timestampFormat() {
        return timestampFormat;
    }

    /** Blank cells count as absent. */
    MappedRow apply(Map<String, String> row) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> traits = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> unmapped = new LinkedHashMap<>();
        row.forEach((header, value) -> {
            if (header == null || header.isBlank() || value == null || value.isBlank()) {
                return;
            }
            String column = header.trim();
            String target = columns.getOrDefault(column, column.equals("userId") ? "user_id" : column);
            if (target.startsWith(TRAIT)) {
                traits.put(target.substring(TRAIT.length()), value.trim());
            } else if (target.startsWith(PROPERTY)) {
                properties.put(target.substring(PROPERTY.length()), value.trim());
            } else if (FIELDS.contains(target)) {
                fields.putIfAbsent(target, value.trim());
            } else if (!target.equals(IGNORE)) {
                unmapped.put(column, value.trim());
            }
        });
        return new MappedRow(fields, traits, properties, unmapped);
    }
}
