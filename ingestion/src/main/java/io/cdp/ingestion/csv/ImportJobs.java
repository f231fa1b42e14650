package io.cdp.ingestion.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;

import io.cdp.ingestion.source.SourceNotFoundException;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.platform.DaemonThreads;

/**
 * CSV uploads of the console, run in the background on the same importers as the CLI and the HTTP
 * API, so that the page can show their progress while they run. The upload is copied to a temporary
 * file first (the request ends, the rows are counted for the progress bar) and deleted when done. At
 * most {@code maxRunning} run at once; the last {@code kept} stay listed with their reports, in
 * this instance's memory.
 */
public final class ImportJobs implements AutoCloseable {

    /** What a file holds. */
    public enum Kind {
        ORDERS, CONTACTS, SPEND, RATES, COSTS
    }

    private final CsvImporter importer;
    private final SpendImporter spend;
    private final ProductCostImporter costs;
    private final SourceStore sources;
    private final Clock clock;
    private final int kept;
    private final Semaphore running;
    private final ExecutorService executor;
    private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>());

    public ImportJobs(CsvImporter importer, SpendImporter spend, ProductCostImporter costs, SourceStore sources,
            Clock clock, int maxRunning, int kept) {
        this.importer = importer;
        this.spend = spend;
        this.costs = costs;
        this.sources = sources;
        this.clock = clock;
        this.running = new Semaphore(maxRunning);
        // the semaphore lets no more than maxRunning in: nothing ever waits in the pool's queue
        this.executor = Executors.newFixedThreadPool(maxRunning, DaemonThreads.named("cdp-console-import-"));
        this.kept = kept;
    }

    /**
     * One import as the page shows it: written by its thread, read by the page's polls. A page renders a
     * {@link #snapshot()}, so it never shows two moments of one import (a bar at 0 % beside "Done").
     */
    public static final class Job {

        private final String id;
        private final Kind kind;
        private final String source;
        private final String fileName;
        private final Instant startedAt;
        private volatile long done;
        private volatile long total;
        private volatile Instant finishedAt;
        private volatile ImportReport report;
        private volatile SpendImporter.SpendReport spendReport;
        private volatile String failure;

        Job(Kind kind, String source, String fileName, Instant startedAt) {
            this.id = UUID.randomUUID().toString();
            this.kind = kind;
            this.source = source;
            this.fileName = fileName;
            this.startedAt = startedAt;
        }

        private Job(Job live) {
            this.id = live.id;
            this.kind = live.kind;
            this.source = live.source;
            this.fileName = live.fileName;
            this.startedAt = live.startedAt;
            // finishedAt is written last: once it is seen, the outcome written before it is seen too
            this.finishedAt = live.finishedAt;
            this.report = live.report;
            this.spendReport = live.spendReport;
            this.failure = live.failure;
            this.total = live.total;
            this.done = live.done;
        }

        /** This import's state at this moment, never changed afterwards. */
        public Job snapshot() {
            return new Job(this);
        }

        public String id() { return id; }
        public Kind kind() { return kind; }
        public String source() { return source; }
        public String fileName() { return fileName; }
        public Instant startedAt() { return startedAt; }
        public Instant finishedAt() { return finishedAt; }
        public long done() { return done; }
        public long total() { return Math.max(total, done); }
        public boolean finished() { return finishedAt != null; }
        /** Why the whole file was refused (a missing column ...), null otherwise. */
        public String failure() { return failure; }
        /** The report of orders, contacts, rates and costs; null for spend and while running. */
        public ImportReport report() { return report; }
        public SpendImporter.SpendReport spendReport() { return spendReport; }

        public int percent() {
            long known = total();
            return finished() ? 100 : known <= 0 ? 0 : (int) Math.min(99, done * 100 / known);
        }

        public long rows() {
            return report != null ? report.rows() : spendReport != null ? spendReport.rows() : done;
        }

        public long accepted() {
            return report != null ? report.accepted() : spendReport != null ? spendReport.stored() : 0;
        }

        public List<ImportReport.RowError> errors() {
            return report != null ? report.errors() : spendReport != null ? spendReport.errors() : List.of();
        }
    }

    /**
     * Checks the options and the source at once (a refusal names its field, for the form), then runs
     * the import in the background.
     *
     * @param source   the source the events are imported under (orders, contacts)
     * @param currency the currency of rows without one (orders, spend, costs)
     * @throws ResponseStatusException 429 while {@code maxRunning} imports run
     */
    public Job start(Kind kind, String source, String zone, String currency, String timestampFormat, String mapping,
            String fileName, InputStream upload) throws IOException {
        // spend and costs have no events: of the options only their currency applies
        boolean documents = kind == Kind.SPEND || kind == Kind.COSTS;
        ImportRequest request = documents ? null
                : ImportRequest.of(CsvImporter.Kind.valueOf(kind.name()), kind == Kind.RATES ? null : source, zone,
                        currency, timestampFormat, mapping);
        String documentsCurrency = documents ? ImportRequest.currency(currency) : null;
        if (kind == Kind.ORDERS || kind == Kind.CONTACTS) {
            sources.find(source).orElseThrow(() -> new SourceNotFoundException(source));
        }
        if (!running.tryAcquire()) {
            throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS,
                    "other imports are running: start this one when they are done");
        }
        Path file;
        try {
            file = Files.createTempFile("cdp-upload-", ".csv");
            Files.copy(upload, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            running.release();
            throw e;
        }
        Job job = new Job(kind, kind == Kind.ORDERS || kind == Kind.CONTACTS ? source : null, fileName, clock.instant());
        remember(job);
        executor.execute(() -> run(job, request, documentsCurrency, file));
        return job;
    }

    /** A snapshot of the import, if it is kept. */
    public Optional<Job> find(String id) {
        return Optional.ofNullable(jobs.get(id)).map(Job::snapshot);
    }

    /** Snapshots of the imports kept, newest first. */
    public List<Job> recent() {
        List<Job> recent = new ArrayList<>();
        synchronized (jobs) {
            jobs.values().forEach(job -> recent.add(job.snapshot()));
        }
        Collections.reverse(recent);
        return recent;
    }

    private void remember(Job job) {
        synchronized (jobs) {
            jobs.put(job.id, job);
            var oldest = jobs.values().iterator();
            while (jobs.size() > kept && oldest.hasNext()) {
                if (oldest.next().finished()) {
                    oldest.remove();
                }
            }
        }
    }

    private void run(Job job, ImportRequest request, String documentsCurrency, Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            job.total = ImportCommand.countDataRows(file);
            CsvImporter.Progress progress = (done, total, rate) -> job.done = done;
            Currency currency = documentsCurrency == null ? null : Currency.getInstance(documentsCurrency);
            if (job.kind == Kind.SPEND) {
                job.spendReport = spend.importCsv(reader, currency, job.total, progress);
            } else if (job.kind == Kind.COSTS) {
                job.report = costs.importCsv(reader, currency, job.total, progress);
            } else {
                job.report = importer.importCsv(request, reader, job.total, progress);
            }
        } catch (IOException | RuntimeException e) {
            // the page shows it; the message names what is wrong with the file, never a value of it
            job.failure = e instanceof ErrorResponse problem && problem.getBody().getDetail() != null
                    ? problem.getBody().getDetail() : e instanceof UncheckedIOException ? "the file could not be read"
                    : e.getMessage();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                job.failure = job.failure == null ? "the temporary copy could not be deleted: " + file : job.failure;
            }
            // last, so a page that sees the import finished sees all of its outcome
            job.finishedAt = clock.instant();
            running.release();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
