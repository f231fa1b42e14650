package io.cdp.bench.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

/**
 * {@code --name value} and {@code --name=value} options, each name from a known set: a typo
 * fails loudly instead of silently running with a default.
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class Arguments {

    private final Map<String, String> values;

    public static Arguments parse(String[] args, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options look like --name value");
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: --" + String.join(", --", known));
            }
            values.put(name, value);
        }
        return new Arguments(values);
    }

    /**
     * A benchmark's options from its command line; a wrong command line ends the JVM with its message on
     * standard error and exit code 2, before anything starts.
     */
    public static <T> T parseOrExit(String program, String[] args, Function<String[], T> parse) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage());
            System.exit(2);
            throw e;
        }
    }

    public String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public long number(String name, long defaultValue, long min) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(raw.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + raw + "'");
        }
        if (value < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    /** An environment variable, or the default when it is unset or blank. */
    public static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
