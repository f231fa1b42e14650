package io.cdp.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cdp.bench.http.PlatformClient;

/**
 * The app jar run as a child JVM, configured only by environment variables as in production,
 * its output in a log file. Closing sends SIGTERM (graceful shutdown) and waits.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path logFile;
    private final int port;

    private AppProcess(Process process, Path logFile, int port) {
        this.process = process;
        this.logFile = logFile;
        this.port = port;
    }

    public static AppProcess start(Path jar, String heap, String elasticsearchUrl, String kafkaBootstrapServers, int port,
                                   String adminPassword, Path dataDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found; build it with ./mvnw -pl app -am package -DskipTests");
        }
        Path logFile = dataDir.resolve("app.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toAbsolutePath().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(Map.of(
                "CDP_ELASTICSEARCH_URL", elasticsearchUrl,
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers,
                "SERVER_PORT", String.valueOf(port),
                "CDP_ADMIN_PASSWORD", adminPassword,
                "CDP_DATA_DIR", dataDir.toString()));
        return new AppProcess(builder.start(), logFile, port);
    }

    /** Blocks until {@code /actuator/health} answers 200; fails early when the app exits. */
    public void awaitUp(PlatformClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!client.isUp()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the app did not come up; see " + logFile);
            }
            Thread.sleep(500);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
