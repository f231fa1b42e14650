package io.cdp.profile.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import io.cdp.profile.EventQuery;

/**
 * The searchable form of event properties: one keyword field holding {@code path \0 term} for every
 * property path, the term tagged with the value's type ({@code s} text, {@code n} number, {@code b}
 * boolean, {@code o} object, {@code l} list, {@code l}+tag for each scalar of a list). One field,
 * whatever the properties: no mapping explosion and no type conflicts between events, unlike dynamic
 * mapping. Numbers are written as order-preserving hex of their double value, so that a keyword range
 * is a numeric range; type tags keep "30" and 30 apart, as segmentation's trait operators do.
 * Public for the ingest benchmark, whose raw baseline indexes the same documents.
 */
public final class PropertyTerms {

    public static final String FIELD = "propertyTerms";

    private static final char SEPARATOR = '\u0000';
    private static final HexFormat HEX = HexFormat.of();

    private PropertyTerms() {
    }

    public static List<String> of(Map<String, Object> properties) {
        if (properties == null || properties.isEmpty()) {
            return List.of();
        }
        Set<String> paths = new LinkedHashSet<>();
        collectPaths("", properties, paths);
        Set<String> terms = new LinkedHashSet<>();
        for (String path : paths) {
            Object value = resolve(properties, path);
            String at = path + SEPARATOR;
            if (value instanceof Map<?, ?>) {
                terms.add(at + "o");
            } else if (value instanceof List<?> list) {
                terms.add(at + "l");
                for (Object element : list) {
                    String term = scalar(element);
                    if (term != null) {
                        terms.add(at + "l" + term);
                    }
                }
            } else {
                String term = scalar(value);
                if (term != null) {
                    terms.add(at + term);
                }
            }
        }
        return List.copyOf(terms);
    }

    /** The filter as a query on {@link #FIELD}. */
    static Query query(EventQuery.PropertyFilter filter) {
        String at = filter.property() + SEPARATOR;
        Object value = filter.value();
        return switch (filter.op()) {
            case EQUALS -> term(at + scalar(value));
            case NOT_EQUALS -> Query.of(q -> q.bool(b -> b.mustNot(term(at + scalar(value)))));
            case IN -> Query.of(q -> q.terms(t -> t.field(FIELD).terms(v -> v.value(((List<?>) value).stream()
                    .map(element -> FieldValue.of(at + scalar(element))).toList()))));
            case CONTAINS -> value instanceof String text
                    ? Query.of(q -> q.bool(b -> b.should(term(at + "l" + scalar(text)))
                            .should(s -> s.wildcard(w -> w.field(FIELD)
                                    .value(escape(at + "s") + "*" + escape(text) + "*")))
                            .minimumShouldMatch("1")))
                    : term(at + "l" + scalar(value));
            case EXISTS -> Query.of(q -> q.prefix(p -> p.field(FIELD).value(at)));
            case GT -> range(at + scalar(value), false, at + "o", false);
            case GTE -> range(at + scalar(value), true, at + "o", false);
            case LT -> range(at + "n", true, at + scalar(value), false);
            case LTE -> range(at + "n", true, at + scalar(value), true);
        };
    }

    /** Every path that leads somewhere: into objects, and through lists into the objects they hold. */
    private static void collectPaths(String prefix, Object value, Set<String> paths) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> {
                String path = prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key;
                paths.add(path);
                collectPaths(path, child, paths);
            });
        } else if (value instanceof List<?> list) {
            list.forEach(element -> {
                if (element instanceof Map<?, ?>) {
                    collectPaths(prefix, element, paths);
                }
            });
        }
    }

    /** The value at a dotted path; null when absent (a key containing a dot is never reached). */
    private static Object resolve(Map<String, Object> properties, String path) {
        Object current = properties;
        for (String name : path.split("\\.", -1)) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(name);
            } else if (current instanceof List<?> list) {
                List<Object> collected = new ArrayList<>();
                for (Object element : list) {
                    Object child = element instanceof Map<?, ?> map ? map.get(name) : null;
                    if (child instanceof List<?> children) {
                        collected.addAll(children);
                    } else if (child != null) {
                        collected.add(child);
                    }
                }
                current = collected.isEmpty() ? null : collected;
            } else {
                return null;
            }
        }
        return current;
    }

    private static String scalar(Object value) {
        if (value instanceof String text) {
            return "s" + text;
        }
        if (value instanceof Boolean flag) {
            return "b" + flag;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return "n" + sortable(number.doubleValue());
        }
        return null;
    }

    /** 16 hex digits whose text order is the numeric order (negative numbers first, -0.0 = 0.0). */
    private static String sortable(double value) {
        long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
        return HEX.toHexDigits(bits ^ ((bits >> 63) | Long.MIN_VALUE));
    }

    private static Query term(String value) {
        return Query.of(q -> q.term(t -> t.field(FIELD).value(value)));
    }

    private static Query range(String from, boolean includeFrom, String to, boolean includeTo) {
        return Query.of(q -> q.range(r -> r.term(t -> {
            t.field(FIELD);
            if (includeFrom) {
                t.gte(from);
            } else {
                t.gt(from);
            }
            return includeTo ? t.lte(to) : t.lt(to);
        })));
    }

    private static String escape(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length());
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
