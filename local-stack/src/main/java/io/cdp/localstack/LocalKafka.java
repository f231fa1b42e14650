package io.cdp.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) run in its own JVM
 * from the Maven artifacts. Its log directory persists under {@code baseDir}, so a restart
 * keeps every event that was not consumed yet.
 */
public final class LocalKafka extends ChildProcess {

    private final int port;

    private LocalKafka(List<String> command, Path baseDir, Path logFile, int port) throws IOException {
        super("Kafka", command, baseDir, logFile, Map.of());
        this.port = port;
    }

    public static LocalKafka start(Path baseDir, int port, String heap) throws IOException {
        Path logDir = Files.createDirectories(baseDir.resolve("kafka-data"));
        Path config = baseDir.resolve("kafka-server.properties");
        int controllerPort = Ports.free();
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + logDir.toAbsolutePath(),
                "num.partitions=4",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.ms=1000",
                ""));

        Path logFile = baseDir.resolve("kafka.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Artifacts.kafkaClasspath();
        format(java, classpath, config, clusterId(baseDir), logFile);

        List<String> command = List.of(java, "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                "-Djava.awt.headless=true", "-cp", classpath, "kafka.Kafka", config.toAbsolutePath().toString());
        LocalKafka broker = new LocalKafka(command, baseDir, logFile, port);
        broker.awaitReady(broker::isReady, startTimeout(Duration.ofMinutes(2)));
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    private boolean isReady() {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notReadyYet) {
            return false;
        }
    }

    /** Formats the log directory once; later starts find it formatted and keep its data. */
    private static void format(String java, String classpath, Path config, String clusterId, Path logFile)
            throws IOException {
        Process format = new ProcessBuilder(java, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "--ignore-formatted", "-t", clusterId, "-c", config.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        try {
            if (!format.waitFor(2, TimeUnit.MINUTES) || format.exitValue() != 0) {
                throw new IOException("formatting the Kafka log directory failed; see " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
    }

    private static String clusterId(Path baseDir) throws IOException {
        Path file = baseDir.resolve("kafka-cluster-id");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id);
        return id;
    }
}
