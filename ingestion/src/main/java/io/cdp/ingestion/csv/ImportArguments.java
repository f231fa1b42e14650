package io.cdp.ingestion.csv;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The import command line: {@code import <orders|contacts|spend|rates|costs> FILE [--source S] [--zone Z]
 * [--currency C] [--mapping F] [--timestamp-format F]}, options as {@code --opt value} or
 * {@code --opt=value}. Options with a dot in their name are Spring properties and left to Spring.
 * Absent options are null.
 */
record ImportArguments(Kind kind, Path file, String source, ZoneId zone, Currency currency, String mapping,
                       String timestampFormat) {

    enum Kind {
        ORDERS, CONTACTS, SPEND, RATES, COSTS;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String USAGE = """
            usage: ./cdp import orders|contacts|spend|rates|costs FILE [--source S] [--zone Europe/Madrid] [--currency EUR] \
            [--mapping mapping.yml|PRESET] [--timestamp-format yyyy-MM-dd'T'HH:mm]
              presets: """ + String.join(", ", ColumnMapping.PRESETS);

    private static final List<String> OPTIONS = List.of("source", "zone", "currency", "mapping", "timestamp-format");
    /** Spend and cost rows carry plain dates and no identities: only a default currency applies; rates take none. */
    private static final Map<Kind, List<String>> LIMITED_OPTIONS = Map.of(Kind.SPEND, List.of("currency"),
            Kind.COSTS, List.of("currency"), Kind.RATES, List.of());

    /** The command line is wrong (exit 64, as sysexits' EX_USAGE). */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** A file named on the command line cannot be read (exit 66, as sysexits' EX_NOINPUT). */
    static final class NoInputException extends RuntimeException {
        NoInputException(String message) {
            super(message, null, false, false);
        }
    }

    /** @param args the raw arguments, starting with {@code import} */
    static ImportArguments parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.substring(2, equals < 0 ? arg.length() : equals);
            if (name.contains(".")) {
                continue;
            }
            if (!OPTIONS.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (value.isBlank()) {
                throw new UsageException("--" + name + " needs a value");
            }
            if (options.put(name, value.trim()) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        if (positional.size() != 2) {
            throw new UsageException(positional.isEmpty() ? "what to import is missing"
                    : positional.size() == 1 ? "the file to import is missing" : "too many arguments: " + positional);
        }
        Kind kind = kind(positional.get(0));
        List<String> applicable = LIMITED_OPTIONS.getOrDefault(kind, OPTIONS);
        options.keySet().stream().filter(option -> !applicable.contains(option)).findFirst().ifPresent(option -> {
            throw new UsageException("--" + option + " does not apply to " + kind.label());
        });
        return new ImportArguments(kind, readable(positional.get(1)), options.get("source"),
                zone(options.get("zone")), currency(options.get("currency")), mapping(options.get("mapping")),
                timestampFormat(options.get("timestamp-format")));
    }

    /** A preset's name as it is, or a mapping file that must be readable. */
    private static String mapping(String presetOrFile) {
        if (presetOrFile == null || ColumnMapping.PRESETS.contains(presetOrFile)) {
            return presetOrFile;
        }
        return readable(presetOrFile).toString();
    }

    private static Kind kind(String text) {
        try {
            return Kind.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("cannot import '" + text + "': orders, contacts, spend, rates or costs");
        }
    }

    private static Path readable(String name) {
        Path path = Path.of(name);
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new NoInputException("no readable file " + path.toAbsolutePath());
        }
        return path;
    }

    private static ZoneId zone(String text) {
        try {
            return text == null ? null : ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new UsageException("--zone " + text + " is not a time zone (e.g. Europe/Madrid, UTC, +01:00)");
        }
    }

    private static Currency currency(String text) {
        try {
            return text == null ? null : Currency.getInstance(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--currency " + text + " is not an ISO 4217 currency code (e.g. EUR)");
        }
    }

    private static String timestampFormat(String pattern) {
        if (pattern == null) {
            return null;
        }
        try {
            DateTimeFormatter.ofPattern(pattern);
            return pattern;
        } catch (IllegalArgumentException e) {
            throw new UsageException("--timestamp-format " + pattern + " is not a date-time pattern: " + e.getMessage());
        }
    }
}
