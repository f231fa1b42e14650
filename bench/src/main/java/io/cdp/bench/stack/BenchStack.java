package io.cdp.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.report.BenchmarkResult;
import io.cdp.bench.report.CpuMeter;
import io.cdp.localstack.LocalElasticsearch;
import io.cdp.localstack.LocalKafka;
import io.cdp.localstack.Ports;

/**
 * What a benchmark runs against: a real Elasticsearch and Kafka and the app jar, each a child
 * process in a fresh data directory, and an admin client of the app. Closing stops them, newest first.
 */
public final class BenchStack implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();
    private LocalElasticsearch elasticsearch;
    private LocalKafka kafka;
    private AppProcess app;
    private PlatformClient platform;

    private Path dataDir;
    private boolean keepData = "1".equals(System.getenv("BENCH_KEEP_DATA"));

    private BenchStack() {
    }

    /** @param step told what is being started, for the benchmark's console */
    public static BenchStack start(String name, Path appJar, String appHeap, Consumer<String> step) throws Exception {
        return start(name, appJar, appHeap, List.of(), step);
    }

    /** @param appJvmOptions further options of the app's JVM (a flight recording, say) */
    public static BenchStack start(String name, Path appJar, String appHeap, List<String> appJvmOptions,
            Consumer<String> step) throws Exception {
        BenchStack stack = new BenchStack();
        // Ctrl-C must not leave Elasticsearch, Kafka and the app running
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-stop"));
        try {
            Path dataDir = Files.createTempDirectory(name);
            stack.dataDir = dataDir;
            step.accept("starting Elasticsearch and Kafka");
            stack.elasticsearch = stack.started(LocalElasticsearch.start(dataDir, Ports.free(), "1g"));
            stack.kafka = stack.started(LocalKafka.start(dataDir, Ports.free(), "512m"));
            int port = Ports.free();
            String password = UUID.randomUUID().toString();
            step.accept("starting the app (-Xmx" + appHeap + ") on :" + port);
            stack.app = stack.started(AppProcess.start(appJar, appHeap, appJvmOptions, stack.elasticsearch.url(),
                    stack.kafka.bootstrapServers(), port, password, dataDir));
            PlatformClient basic = new PlatformClient(stack.app.url(), "admin", password);
            // a machine shared with other work can take minutes to start a JVM under a flight recording
            stack.app.awaitUp(basic, Duration.ofMinutes(8));
            stack.platform = basic.withApiToken(name);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T started(T component) {
        started.add(0, component);
        return component;
    }

    /** The app's API with an admin API token. */
    public PlatformClient platform() {
        return platform;
    }

    public String elasticsearchUrl() {
        return elasticsearch.url();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public long appPid() {
        return app.pid();
    }

    /** Elasticsearch, Kafka, the app and this benchmark's own JVM, by name. */
    public CpuMeter cpuMeter() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put(BenchmarkResult.ELASTICSEARCH, elasticsearch.pid());
        pids.put("Kafka", kafka.pid());
        pids.put("app", app.pid());
        pids.put("benchmark client", ProcessHandle.current().pid());
        return new CpuMeter(pids);
    }

    /** Keeps the data directory when the stack closes, as {@code BENCH_KEEP_DATA=1} does. */
    public void keepData() {
        keepData = true;
    }

    /**
     * Stops everything started, then deletes the data directory (a 1M-profile run leaves gigabytes)
     * unless {@code BENCH_KEEP_DATA=1} keeps it, e.g. to read the app's log.
     */
    @Override
    public synchronized void close() {
        for (AutoCloseable component : started) {
            try {
                component.close();
            } catch (Exception e) {
                // the next one must still stop
                System.err.println("[bench] stopping a component failed: " + e);
            }
        }
        started.clear();
        if (dataDir != null && keepData) {
            System.out.println("[bench] data kept in " + dataDir);
        } else if (dataDir != null) {
            deleteDirectory(dataDir);
        }
        dataDir = null;
    }

    /** Deletes a benchmark's or a test's data directory, saying on the console what could not be deleted. */
    public static void deleteDirectory(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("[bench] could not delete " + dir + ": " + e.getMessage());
        }
    }
}
