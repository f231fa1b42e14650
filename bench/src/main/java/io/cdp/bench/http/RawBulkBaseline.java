package io.cdp.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import io.cdp.bench.report.CpuMeter;
import io.cdp.bench.report.CpuUse;
import io.cdp.bench.report.ProgressBar;
import io.cdp.profile.store.PropertyTerms;

/**
 * The benchmarks' baseline: event documents the platform stored, {@code _bulk}-indexed again into a
 * scratch index with the events' mappings and settings, to put the pipeline's rate in proportion to
 * what Elasticsearch alone does with the same documents.
 */
public final class RawBulkBaseline {

    private static final String EVENTS = "cdp-events-*";
    private static final String SCRATCH_INDEX = "cdp-bench-bulk-scratch";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The baseline's documents per second, and the CPU they cost. */
    public record Result(double perSecond, CpuUse cpu) {
    }

    private RawBulkBaseline() {
    }

    /**
     * Indexes the event documents received in {@code [since, before)} again, {@code concurrency} bulks at a time. The
     * bulk bodies are written to a temporary folder first, so that reading the documents stays out of the timed part
     * while a million of them do not have to fit the client's heap.
     */
    public static Result run(ElasticsearchHttp elasticsearch, Instant since, Instant before, int batchSize,
                             int concurrency, CpuMeter cpu) throws Exception {
        Path folder = Files.createTempDirectory("cdp-bench-bulk-");
        try {
            return run(elasticsearch, bodies(elasticsearch, since, before, batchSize, folder), concurrency, cpu);
        } finally {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(folder);
        }
    }

    /** The bulk bodies of the documents, one file each, in order. */
    private static List<Path> bodies(ElasticsearchHttp elasticsearch, Instant since, Instant before, int batchSize,
                                     Path folder) throws Exception {
        List<Path> bodies = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        int[] inBody = {0};
        // the platform's own ids: Elasticsearch then pays the same id lookup for op_type=create
        elasticsearch.scan(EVENTS, Map.of("range", Map.of("receivedAt", Map.of("gte", since.toString(), "lt", before.toString()))),
                List.of("*"), hit -> {
                    body.append("{\"create\":{\"_index\":\"" + SCRATCH_INDEX + "\",\"_id\":")
                            .append(hit.path("_id").toString()).append("}}\n")
                            .append(asIndexed((ObjectNode) hit.path("_source"))).append('\n');
                    if (++inBody[0] == batchSize) {
                        bodies.add(spill(folder, bodies.size(), body));
                        inBody[0] = 0;
                    }
                });
        if (inBody[0] > 0) {
            bodies.add(spill(folder, bodies.size(), body));
        }
        return bodies;
    }

    private static Path spill(Path folder, int index, StringBuilder body) {
        try {
            Path file = Files.writeString(folder.resolve(index + ".ndjson"), body);
            body.setLength(0);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result run(ElasticsearchHttp elasticsearch, List<Path> requests, int concurrency, CpuMeter cpu)
            throws Exception {
        elasticsearch.deleteIndex(SCRATCH_INDEX);
        elasticsearch.createIndexLike(SCRATCH_INDEX, EVENTS);
        ProgressBar progress = ProgressBar.onConsole("raw _bulk", requests.size());
        AtomicLong done = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        CpuMeter.Reading cpuAtStart = cpu.read();
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Path request : requests) {
                futures.add(senders.submit(() -> {
                    elasticsearch.bulk(Files.readString(request));
                    progress.update(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            elasticsearch.refresh(SCRATCH_INDEX);
        } finally {
            senders.shutdownNow();
        }
        long nanos = System.nanoTime() - start;
        CpuMeter.Reading cpuAtEnd = cpu.read();
        progress.finish(done.get());
        long indexed = elasticsearch.count(SCRATCH_INDEX);
        elasticsearch.deleteIndex(SCRATCH_INDEX);
        return new Result(indexed * 1e9 / nanos, cpuAtEnd.since(cpuAtStart, indexed));
    }

    /**
     * An event document as the platform sent it to Elasticsearch: the stored source lacks the
     * property terms, which are indexed but not kept.
     */
    private static String asIndexed(ObjectNode source) {
        Map<String, Object> properties = source.path("properties").isObject()
                ? JSON.convertValue(source.path("properties"), new TypeReference<>() { }) : Map.of();
        source.set(PropertyTerms.FIELD, JSON.valueToTree(PropertyTerms.of(properties)));
        return source.toString();
    }
}
