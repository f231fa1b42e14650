package io.cdp.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cdp.bench.http.PlatformClient;
import io.cdp.localstack.ChildProcess;

/**
 * The app jar run as a child JVM, configured only by environment variables as in production,
 * its output in a log file. Closing sends SIGTERM (graceful shutdown) and waits.
 */
public final class AppProcess extends ChildProcess {

    private final int port;

    private AppProcess(List<String> command, Path dataDir, Map<String, String> environment, int port)
            throws IOException {
        super("the app", command, dataDir, dataDir.resolve("app.log"), environment);
        this.port = port;
    }

    public static AppProcess start(Path jar, String heap, String elasticsearchUrl, String kafkaBootstrapServers, int port,
                                   String adminPassword, Path dataDir) throws IOException {
        return start(jar, heap, List.of(), elasticsearchUrl, kafkaBootstrapServers, port, adminPassword, dataDir);
    }

    /** @param jvmOptions further JVM options, e.g. {@code -XX:StartFlightRecording=…} to profile a run */
    public static AppProcess start(Path jar, String heap, List<String> jvmOptions, String elasticsearchUrl,
                                   String kafkaBootstrapServers, int port, String adminPassword, Path dataDir)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found; build it with ./mvnw -pl app -am package -DskipTests");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(jvmOptions);
        // e.g. APP_JAVA_OPTS=-XX:StartFlightRecording=filename=app.jfr profiles the app under any benchmark
        String extra = System.getenv("APP_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        return new AppProcess(command, dataDir, Map.of(
                "CDP_ELASTICSEARCH_URL", elasticsearchUrl,
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers,
                "SERVER_PORT", String.valueOf(port),
                "CDP_ADMIN_PASSWORD", adminPassword,
                "CDP_DATA_DIR", dataDir.toString()), port);
    }

    /**
     * Blocks until {@code /actuator/health} answers 200, at most {@code timeout} (or {@code CDP_STACK_START_TIMEOUT}
     * seconds); fails early when the app exits.
     */
    public void awaitUp(PlatformClient client, Duration timeout) {
        awaitReady(client::isUp, startTimeout(timeout));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }
}
