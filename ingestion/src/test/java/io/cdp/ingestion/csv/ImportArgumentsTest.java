package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportArgumentsTest {

    @TempDir
    Path dir;

    @Test
    void readsOptionsWrittenWithASpaceOrAnEqualsSignAndLeavesSpringPropertiesToSpring() throws IOException {
        Path file = Files.writeString(dir.resolve("orders.csv"), "order_id\n");

        assertThat(ImportArguments.parse(List.of("import", "orders", file.toString(), "--source", "pos",
                "--spring.main.web-application-type=none"))).isEqualTo(new ImportArguments(
                        ImportArguments.Kind.ORDERS, file, "pos", null, null, null, null));
        assertThat(ImportArguments.parse(List.of("import", "spend", file.toString(), "--currency=eur")))
                .isEqualTo(new ImportArguments(ImportArguments.Kind.SPEND, file, null, null,
                        Currency.getInstance("EUR"), null, null));
        assertThat(ImportArguments.parse(List.of("import", "costs", file.toString(), "--currency", "chf")))
                .isEqualTo(new ImportArguments(ImportArguments.Kind.COSTS, file, null, null,
                        Currency.getInstance("CHF"), null, null));
    }

    @Test
    void takesTheImportersOptionsWithAMappingFileOrPreset() throws IOException {
        Path file = Files.writeString(dir.resolve("orders.csv"), "order_id\n");
        String mapping = Files.writeString(dir.resolve("mapping.yml"), "{}\n").toString();

        assertThat(ImportArguments.parse(List.of("import", "contacts", file.toString(), "--zone=Europe/Madrid",
                "--currency", "EUR", "--mapping", mapping, "--timestamp-format", "dd/MM/yyyy HH:mm")))
                .isEqualTo(new ImportArguments(ImportArguments.Kind.CONTACTS, file, null,
                        ZoneId.of("Europe/Madrid"), Currency.getInstance("EUR"), mapping, "dd/MM/yyyy HH:mm"));
        assertThat(ImportArguments.parse(List.of("import", "orders", file.toString(), "--mapping", "shopify-orders"))
                .mapping()).isEqualTo("shopify-orders");
        assertUsage(List.of("import", "rates", file.toString(), "--currency", "EUR"), "--currency does not apply to rates");
    }

    @Test
    void aWrongCommandLineIsAnsweredBeforeTheContextStartsWithUsageAndExitCode() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);

        assertThat(ImportCommandLine.check(List.of("--spring.main.banner-mode=off", "import", "invoices", "x.csv"), out))
                .isEqualTo(64);
        assertThat(ImportCommandLine.check(List.of("import", "orders", dir.resolve("nope.csv").toString()), out))
                .isEqualTo(66);
        assertThat(ImportCommandLine.check(List.of("--server.port=8081"), out)).isZero();
        assertThat(ImportCommandLine.check(List.of("serve", "import"), out)).isZero();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("""
                import: cannot import 'invoices': orders, contacts, spend, rates or costs
                %s
                import: no readable file %s
                """.formatted(ImportArguments.USAGE, dir.resolve("nope.csv").toAbsolutePath()));
    }

    @Test
    void optionsAreOptional() throws IOException {
        Path file = Files.writeString(dir.resolve("spend.csv"), "date\n");

        assertThat(ImportArguments.parse(List.of("import", "spend", file.toString()))).isEqualTo(
                new ImportArguments(ImportArguments.Kind.SPEND, file, null, null, null, null, null));
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndWrongKindsAsUsageErrors() throws IOException {
        String file = Files.writeString(dir.resolve("orders.csv"), "order_id\n").toString();

        assertUsage(List.of("import", "orders", file, "--sorce", "pos"), "unknown option --sorce");
        assertUsage(List.of("import", "orders", file, "--source"), "--source needs a value");
        assertUsage(List.of("import", "orders", file, "--source="), "--source needs a value");
        assertUsage(List.of("import", "orders", file, "--source", "a", "--source", "b"), "--source given twice");
        assertUsage(List.of("import", "invoices", file), "cannot import 'invoices': orders, contacts, spend, rates or costs");
        assertUsage(List.of("import", "orders"), "the file to import is missing");
        assertUsage(List.of("import"), "what to import is missing");
        assertUsage(List.of("import", "orders", file, "extra"), "too many arguments");
        assertUsage(List.of("import", "orders", file, "--zone", "Mars/Olympus"), "is not a time zone");
        assertUsage(List.of("import", "orders", file, "--currency", "EURO"), "is not an ISO 4217 currency code");
        assertUsage(List.of("import", "orders", file, "--timestamp-format", "yyyy-MM-dd'T"), "is not a date-time pattern");
        assertUsage(List.of("import", "spend", file, "--zone", "UTC"), "--zone does not apply to spend");
        assertUsage(List.of("import", "costs", file, "--source", "pos"), "--source does not apply to costs");
    }

    @Test
    void aMissingFileIsNoInputNotAUsageError() {
        assertThatThrownBy(() -> ImportArguments.parse(List.of("import", "orders", dir.resolve("nope.csv").toString())))
                .isInstanceOf(ImportArguments.NoInputException.class).hasMessageContaining("no readable file");
        assertThatThrownBy(() -> ImportArguments.parse(List.of("import", "orders",
                dir.toString(), "--mapping", "missing.yml")))
                .isInstanceOf(ImportArguments.NoInputException.class);
    }

    private static void assertUsage(List<String> args, String message) {
        assertThatThrownBy(() -> ImportArguments.parse(args)).as(String.join(" ", args))
                .isInstanceOf(ImportArguments.UsageException.class).hasMessageContaining(message);
    }
}
