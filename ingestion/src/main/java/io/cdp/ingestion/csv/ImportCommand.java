package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.web.ErrorResponse;

/**
 * {@code import <contacts|orders> <file> [--source=crm]}: runs a CSV import without the web
 * server (see {@link ImportModeEnvironmentPostProcessor}), prints progress and a per-row error
 * report, then exits 0 when every row was accepted, 2 when some were rejected, 1 on failure.
 */
public class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String COMMAND = "import";

    private final CsvImporter importer;
    private final ApplicationContext context;
    private final boolean exitWhenDone;
    private final PrintStream out;
    private int exitCode;

    public ImportCommand(CsvImporter importer, ApplicationContext context, boolean exitWhenDone, PrintStream out) {
        this.importer = importer;
        this.context = context;
        this.exitWhenDone = exitWhenDone;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> command = args.getNonOptionArgs();
        if (command.isEmpty() || !COMMAND.equals(command.get(0))) {
            return;
        }
        exitCode = execute(command, args.containsOption("source") ? args.getOptionValues("source").get(0) : "crm");
        if (exitWhenDone) {
            System.exit(SpringApplication.exit(context, this));
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private int execute(List<String> command, String sourceId) {
        if (command.size() != 3 || !List.of("contacts", "orders").contains(command.get(1))) {
            out.println("usage: import <contacts|orders> <file> [--source=crm]");
            return 1;
        }
        Path file = Path.of(command.get(2));
        try {
            long total = countDataRows(file);
            ImportReport report;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                report = importer.importCsv(CsvImporter.Kind.valueOf(command.get(1).toUpperCase(Locale.ROOT)), reader,
                        sourceId, total, (done, all, rate) -> out.printf(Locale.ROOT,
                                "import %s: %d/%d rows (%.0f rows/s)%n", command.get(1), done, all, rate));
            }
            out.printf(Locale.ROOT, "import %s from source %s: %d rows, %d accepted, %d rejected%n",
                    report.kind(), report.source(), report.rows(), report.accepted(), report.rejected());
            for (ImportReport.RowError error : report.errors()) {
                out.printf(Locale.ROOT, "  row %d: %s: %s%n", error.row(), error.field(), error.reason());
            }
            return report.rejected() == 0 ? 0 : 2;
        } catch (IOException | RuntimeException e) {
            out.println("import failed: " + (e instanceof ErrorResponse problem ? problem.getBody().getDetail()
                    : e.getMessage()));
            return 1;
        }
    }

    /** Lines minus the header; quoted multi-line cells make it an estimate, good enough for progress. */
    private static long countDataRows(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.filter(line -> !line.isBlank()).count() - 1);
        }
    }
}
