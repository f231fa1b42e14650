package io.cdp.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Real Elasticsearch and Kafka for integration tests, started once per test JVM and reused by
 * every test class in it. Testcontainers when a Docker engine answers, local child processes
 * otherwise (set {@code CDP_TEST_STACK=local} or {@code docker} to force one).
 */
@RequiredArgsConstructor(access = AccessLevel.PRIVATE)
public final class TestStack {

    private static TestStack instance;

    private final String elasticsearchUrl;
    private final String kafkaBootstrapServers;

    public static synchronized TestStack get() {
        if (instance == null) {
            instance = useDocker() ? startContainers() : startLocalProcesses();
        }
        return instance;
    }

    public String elasticsearchUrl() {
        return elasticsearchUrl;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /** Creates topics of this many partitions each, so that a test class has its own. */
    public void createTopics(int partitions, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
            admin.createTopics(Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList())
                    .all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics " + Arrays.toString(names), e.getCause());
        }
    }

    private static boolean useDocker() {
        String choice = System.getenv().getOrDefault("CDP_TEST_STACK", "auto");
        return switch (choice) {
            case "docker" -> true;
            case "local" -> false;
            default -> DockerClientFactory.instance().isDockerAvailable();
        };
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' Ryuk when the JVM exits
    private static TestStack startContainers() {
        ElasticsearchContainer elasticsearch = new ElasticsearchContainer(
                "docker.elastic.co/elasticsearch/elasticsearch:" + Artifacts.elasticsearchVersion())
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms512m -Xmx512m");
        KafkaContainer kafka = new KafkaContainer("apache/kafka:" + Artifacts.kafkaVersion());
        elasticsearch.start();
        kafka.start();
        return new TestStack("http://" + elasticsearch.getHttpHostAddress(), kafka.getBootstrapServers());
    }

    private static TestStack startLocalProcesses() {
        try {
            Path baseDir = Files.createTempDirectory("cdp-test-stack");
            LocalElasticsearch elasticsearch = LocalElasticsearch.start(baseDir, Ports.free(), "512m");
            LocalKafka kafka;
            try {
                kafka = LocalKafka.start(baseDir, Ports.free(), "512m");
            } catch (IOException | RuntimeException e) {
                elasticsearch.close();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                elasticsearch.close();
                try {
                    LocalElasticsearch.deleteRecursively(baseDir);
                } catch (IOException | UncheckedIOException e) {
                    System.err.println("could not delete " + baseDir + ": " + e.getMessage());
                }
            }, "cdp-test-stack-stop"));
            return new TestStack(elasticsearch.url(), kafka.bootstrapServers());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the local test stack", e);
        }
    }
}
