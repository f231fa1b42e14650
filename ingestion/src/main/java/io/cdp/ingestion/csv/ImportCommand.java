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

import io.cdp.ingestion.source.SourceExistsException;
import io.cdp.ingestion.source.SourceStore;

/**
 * {@code import orders|contacts|spend|rates|costs FILE [options]} (see {@link ImportArguments}): runs an import
 * in a JVM without web server, consumers or timers (see {@link ImportModeEnvironmentPostProcessor}),
 * shows progress, prints a summary with every rejected row, and exits with
 * {@value #EXIT_OK} when every row was accepted, {@value #EXIT_REJECTED_ROWS} when some were rejected,
 * {@value #EXIT_USAGE} on a wrong command line, {@value #EXIT_NO_INPUT} when a file cannot be read and
 * {@value #EXIT_FAILED} when the import could not run.
 */
public class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String COMMAND = "import";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_REJECTED_ROWS = 2;
    static final int EXIT_USAGE = 64;
    static final int EXIT_NO_INPUT = 66;

    private final CsvImporter importer;
    private final SpendImporter spend;
    private final ProductCostImporter costs;
    private final SourceStore sources;
    private final BackgroundWork background;
    private final ApplicationContext context;
    private final String defaultSource;
    private final boolean exitWhenDone;
    private final PrintStream out;
    private final boolean terminal;
    private int exitCode;

    public ImportCommand(CsvImporter importer, SpendImporter spend, ProductCostImporter costs, SourceStore sources,
                         ApplicationContext context, String defaultSource, boolean exitWhenDone, PrintStream out,
                         boolean terminal) {
        this.importer = importer;
        this.spend = spend;
        this.costs = costs;
        this.sources = sources;
        this.background = new BackgroundWork(context);
        this.context = context;
        this.defaultSource = defaultSource;
        this.exitWhenDone = exitWhenDone;
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> command = args.getNonOptionArgs();
        if (command.isEmpty() || !COMMAND.equals(command.get(0))) {
            return;
        }
        exitCode = execute(List.of(args.getSourceArgs()));
        out.flush();
        if (exitWhenDone) {
            System.exit(SpringApplication.exit(context, this));
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private int execute(List<String> args) {
        // ImportCommandLine refused a wrong command line before the context started
        ImportArguments arguments = ImportArguments.parse(args.subList(args.indexOf(COMMAND), args.size()));
        try {
            out.println("import " + arguments.kind().label() + " from " + arguments.file() + ": "
                    + background.census().describe());
            return switch (arguments.kind()) {
                case SPEND -> importSpend(arguments);
                case COSTS -> importCosts(arguments);
                default -> importCsv(arguments);
            };
        } catch (IOException | RuntimeException e) {
            out.println();
            out.println("import failed: " + (e instanceof ErrorResponse problem ? problem.getBody().getDetail()
                    : e.getMessage()));
            return EXIT_FAILED;
        }
    }

    private int importCsv(ImportArguments arguments) throws IOException {
        boolean rates = arguments.kind() == ImportArguments.Kind.RATES;
        String source = rates ? null : arguments.source() != null ? arguments.source() : defaultSource();
        ImportRequest request = new ImportRequest(CsvImporter.Kind.valueOf(arguments.kind().name()), source,
                arguments.zone(), arguments.currency() == null ? null : arguments.currency().getCurrencyCode(),
                arguments.timestampFormat(), mapping(arguments.mapping()));
        ImportProgress progress = progress(arguments);
        ImportReport report;
        try (Reader reader = Files.newBufferedReader(arguments.file(), StandardCharsets.UTF_8)) {
            report = importer.importCsv(request, reader, countDataRows(arguments.file()), progress);
        } finally {
            progress.finish();
        }
        out.println(rates ? "imported exchange rates"
                : "imported " + arguments.kind().label() + " into source " + source
                        + (arguments.source() == null ? " (the default; --source S picks another)" : ""));
        summaryLine("rows", report.rows());
        summaryLine("accepted", report.accepted());
        summaryLine("rejected", report.rejected());
        if (arguments.kind() == ImportArguments.Kind.ORDERS) {
            summaryLine("orders", report.orders());
            summaryLine("lines", report.lines());
            summaryLine("refunds", report.refunds());
        }
        if (!rates) {
            summaryLine("profiles", report.profiles());
        }
        if (report.earliest() != null) {
            out.println("  orders from " + report.earliest() + " to " + report.latest());
        }
        if (report.history() != null && !report.history().summary().isEmpty()) {
            out.println("time windows of segments, personas and stages:");
            report.history().summary().forEach(sentence -> out.println("  " + sentence));
        }
        rejectedRows(report.errors());
        return report.rejected() == 0 ? EXIT_OK : EXIT_REJECTED_ROWS;
    }

    private static ColumnMapping mapping(String presetOrFile) throws IOException {
        if (presetOrFile == null) {
            return null;
        }
        if (ColumnMapping.PRESETS.contains(presetOrFile)) {
            return ColumnMapping.preset(presetOrFile);
        }
        try (Reader yaml = Files.newBufferedReader(Path.of(presetOrFile), StandardCharsets.UTF_8)) {
            return ColumnMapping.read(yaml);
        }
    }

    private int importSpend(ImportArguments arguments) throws IOException {
        return importDocuments(arguments, (reader, total, progress) -> {
            SpendImporter.SpendReport report = spend.importCsv(reader, arguments.currency(), total, progress);
            return new Stored(report.rows(), report.stored(), report.errors());
        }, "imported spend into index " + SpendImporter.INDEX
                + " (one row per date, channel and campaign; a re-import replaces them)", null);
    }

    private int importCosts(ImportArguments arguments) throws IOException {
        return importDocuments(arguments, (reader, total, progress) -> {
            ImportReport report = costs.importCsv(reader, arguments.currency(), total, progress);
            return new Stored(report.rows(), report.accepted(), report.errors());
        }, "imported product costs into index " + ProductCostTable.INDEX
                + " (one row per product and valid_from; a re-import replaces them)",
                "order lines without a cost of their own that the platform stores from now on take these costs"
                        + " (the running platform reads them within cdp.ingestion.money.costs-cache-ttl, 1m by"
                        + " default); orders stored before are not re-costed");
    }

    /** What an import of rows into documents stored ({@code rows} without the header). */
    private record Stored(long rows, long stored, List<ImportReport.RowError> errors) {
    }

    @FunctionalInterface
    private interface DocumentImport {
        Stored run(Reader reader, long totalRows, CsvImporter.Progress progress);
    }

    /** Spend and costs: rows stored as documents, summarised alike; {@code note} (or null) follows the counts. */
    private int importDocuments(ImportArguments arguments, DocumentImport documents, String imported, String note)
            throws IOException {
        ImportProgress progress = progress(arguments);
        Stored report;
        try (Reader reader = Files.newBufferedReader(arguments.file(), StandardCharsets.UTF_8)) {
            report = documents.run(reader, countDataRows(arguments.file()), progress);
        } finally {
            progress.finish();
        }
        out.println(imported);
        summaryLine("rows", report.rows());
        summaryLine("stored", report.stored());
        summaryLine("rejected", report.errors().size());
        if (note != null) {
            out.println(note);
        }
        rejectedRows(report.errors());
        return report.errors().isEmpty() ? EXIT_OK : EXIT_REJECTED_ROWS;
    }

    /**
     * The source events are imported under when none is named: created on first use, so a
     * first-time user's import does not fail on a source that was never set up.
     */
    private String defaultSource() {
        if (sources.find(defaultSource).isEmpty()) {
            try {
                sources.create(defaultSource, "CSV import");
                out.println("created source " + defaultSource + " for imports without --source");
            } catch (SourceExistsException e) {
                // another import created it meanwhile: the same outcome
            }
        }
        return defaultSource;
    }

    private ImportProgress progress(ImportArguments arguments) {
        return new ImportProgress(out, terminal, arguments.kind().label(), System::nanoTime);
    }

    private void summaryLine(String label, long value) {
        out.printf(Locale.ROOT, "  %-9s %,d%n", label, value);
    }

    private void rejectedRows(List<ImportReport.RowError> errors) {
        if (errors.isEmpty()) {
            return;
        }
        out.println("rejected rows (row: field: rule: reason):");
        for (ImportReport.RowError error : errors) {
            out.printf(Locale.ROOT, "  row %d: %s: %s: %s%n", error.row(), error.field(), error.rule(), error.reason());
        }
    }

    /** Lines minus the header; quoted multi-line cells make it an estimate, good enough for progress. */
    static long countDataRows(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.filter(line -> !line.isBlank()).count() - 1);
        }
    }
}
