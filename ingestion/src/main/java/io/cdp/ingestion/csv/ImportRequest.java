package io.cdp.ingestion.csv;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Locale;

/**
 * What to import and how to read it; the CLI and the HTTP endpoint build it from the same options.
 *
 * @param zone            zone of date-times written without an offset
 * @param currency        currency of orders whose file has no currency column (none: such rows are errors)
 * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern, or null for the common formats
 * @param mapping         from the file's headers to the platform's fields
 */
public record ImportRequest(CsvImporter.Kind kind, String source, ZoneId zone, String currency,
                            String timestampFormat, ColumnMapping mapping) {

    public ImportRequest {
        zone = zone == null ? ZoneOffset.UTC : zone;
        mapping = mapping == null ? ColumnMapping.NONE : mapping;
        timestampFormat = timestampFormat != null ? timestampFormat : mapping.timestampFormat();
    }

    /**
     * From the options as typed; blank means not given.
     *
     * @param mapping the name of a preset ({@link ColumnMapping#PRESETS}) or null
     * @throws InvalidImportOptionException naming the option that is not usable
     */
    public static ImportRequest of(CsvImporter.Kind kind, String source, String zone, String currency,
                                   String timestampFormat, String mapping) {
        return new ImportRequest(kind, source, zone(zone), currency(currency), Timestamps.checkPattern(blank(timestampFormat)),
                blank(mapping) == null ? null : ColumnMapping.preset(mapping));
    }

    private static ZoneId zone(String zone) {
        if (blank(zone) == null) {
            return null;
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new InvalidImportOptionException("zone", "time-zone",
                    "zone must be a time-zone id such as Europe/London or +01:00");
        }
    }

    static String currency(String currency) {
        if (blank(currency) == null) {
            return null;
        }
        String code = currency.trim().toUpperCase(Locale.ROOT);
        try {
            return Currency.getInstance(code).getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidImportOptionException("currency", "iso-4217",
                    "currency must be an ISO 4217 code such as EUR");
        }
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
