package io.cdp.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./cdp start}: Elasticsearch, Kafka and the app as child processes, all data under
 * one directory. Ctrl-C stops the app first, then Kafka, then Elasticsearch.
 *
 * <p>Arguments: {@code <data-dir> <app-jar> [app arguments...]}. Ports come from
 * {@code CDP_ES_PORT} (9200), {@code CDP_KAFKA_PORT} (9092) and {@code CDP_HTTP_PORT} (8080).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalStack <data-dir> <app-jar> [app arguments...]");
            System.exit(2);
        }
        Path dataDir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        Path appJar = Path.of(args[1]).toAbsolutePath();
        int esPort = port("CDP_ES_PORT", 9200);
        int kafkaPort = port("CDP_KAFKA_PORT", 9092);
        int httpPort = port("CDP_HTTP_PORT", 8080);

        List<AutoCloseable> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started), "cdp-stop"));

        log("starting Elasticsearch on :" + esPort + " (data in " + dataDir + ")");
        LocalElasticsearch elasticsearch = LocalElasticsearch.start(dataDir, esPort, "1g");
        started.add(0, elasticsearch);
        log("starting Kafka on :" + kafkaPort);
        LocalKafka kafka = LocalKafka.start(dataDir, kafkaPort, "512m");
        started.add(0, kafka);

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", appJar.toString()));
        command.addAll(List.of(args).subList(2, args.length));
        ProcessBuilder app = new ProcessBuilder(command).inheritIO();
        app.environment().putAll(Map.of(
                "CDP_ELASTICSEARCH_URL", elasticsearch.url(),
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "SERVER_PORT", String.valueOf(httpPort),
                "CDP_DATA_DIR", dataDir.toString()));
        log("starting the app on :" + httpPort);
        Process appProcess = app.start();
        started.add(0, () -> {
            appProcess.destroy();
            appProcess.waitFor();
        });
        int exit = appProcess.waitFor();
        log("app exited with code " + exit);
        // a clean stop kills the app with SIGTERM (143) from the shutdown hook; report only real failures
        System.exit(exit == 143 ? 0 : exit);
    }

    private static void stopAll(List<AutoCloseable> started) {
        for (AutoCloseable component : List.copyOf(started)) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("[cdp] stopping a component failed: " + e);
            }
        }
        log("stopped");
    }

    private static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
    }

    static void log(String message) {
        System.out.println("[cdp] " + message);
    }

}
