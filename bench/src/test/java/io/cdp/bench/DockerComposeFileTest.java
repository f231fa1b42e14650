package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Docker is not available to the build, so the compose file's shape and wiring are checked as data. */
class DockerComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void declaresElasticsearchKafkaTheAppAndAMailCatcher() throws IOException {
        assertThat(services()).containsOnlyKeys("elasticsearch", "kafka", "app", "mailpit");
    }

    @Test
    void pinsEveryImageToAnExplicitTag() throws IOException {
        services().forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image).as(name).matches("[a-z0-9./_-]+:[A-Za-z0-9._-]+");
            assertThat(image).as(name).doesNotEndWith(":latest");
        });
        assertThat(services().get("kafka").get("image")).asString().matches("apache/kafka:4\\.\\d+\\.\\d+");
        assertThat(services().get("mailpit").get("image")).asString().startsWith("axllent/mailpit:v1.");
    }

    @Test
    void runsTheElasticsearchVersionThePomPinsAsASingleNodeWithoutSecurity() throws IOException {
        Matcher pinned = Pattern.compile("<elasticsearch.version>([^<]+)</elasticsearch.version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(pinned.find()).isTrue();
        Map<String, Object> elasticsearch = services().get("elasticsearch");

        assertThat(elasticsearch.get("image")).isEqualTo("docker.elastic.co/elasticsearch/elasticsearch:" + pinned.group(1));
        assertThat(environment(elasticsearch)).containsEntry("discovery.type", "single-node")
                .containsEntry("xpack.security.enabled", "false");
    }

    @Test
    void runsKafkaInKraftModeAdvertisingTheAddressTheAppUses() throws IOException {
        Map<String, String> kafka = environment(services().get("kafka"));
        Map<String, String> app = environment(services().get("app"));

        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).contains("broker").contains("controller");
        assertThat(kafka).containsKey("CLUSTER_ID").doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("://" + app.get("SPRING_KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void configuresTheAppOnlyThroughEnvironmentVariablesPointingAtTheOtherServices() throws IOException {
        Map<String, Object> app = services().get("app");
        Map<String, String> environment = environment(app);

        assertThat(app.get("build")).isEqualTo(Map.of("context", ".", "dockerfile", "Dockerfile"));
        assertThat(environment).containsEntry("CDP_ELASTICSEARCH_URL", "http://elasticsearch:9200")
                .containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                .containsEntry("SPRING_MAIL_HOST", "mailpit")
                .containsEntry("SPRING_MAIL_PORT", "1025")
                .containsEntry("SERVER_PORT", "8080");
        assertThat(environment.get("CDP_ADMIN_PASSWORD")).startsWith("${CDP_ADMIN_PASSWORD:?");
        assertThat(environment.get("JAVA_TOOL_OPTIONS")).contains("-Xmx512m");
        assertThat(environment).containsEntry("CDP_ACTIVATION_ALLOWED_NETWORKS",
                mailCatcherAddress() + "/32");
        @SuppressWarnings("unchecked")
        Map<String, Object> dependsOn = (Map<String, Object>) app.get("depends_on");
        assertThat(dependsOn).containsKeys("elasticsearch", "kafka", "mailpit");
        assertThat(services().get("elasticsearch")).containsKey("healthcheck");
        assertThat(services().get("kafka")).containsKey("healthcheck");
    }

    @Test
    void dockerfileBuildsTheAppWithTheWrapperOnJdk17AndRunsItOnAJre17() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("Dockerfile"));
        List<String> stages = lines.stream().filter(line -> line.startsWith("FROM ")).toList();

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).matches("FROM maven:[0-9.]+-eclipse-temurin-17 AS build");
        assertThat(stages.get(1)).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("./mvnw").contains("-pl app -am package -DskipTests"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("USER "));
    }

    /** The one private address the app's destinations may reach: the mail catcher's fixed one. */
    @SuppressWarnings("unchecked")
    private static String mailCatcherAddress() throws IOException {
        Map<String, Object> networks = (Map<String, Object>) services().get("mailpit").get("networks");
        return (String) ((Map<String, Object>) networks.get("default")).get("ipv4_address");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** Compose allows numbers and booleans as values; the container sees strings. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, Object> raw = (Map<String, Object>) service.get("environment");
        Map<String, String> environment = new java.util.TreeMap<>();
        raw.forEach((key, value) -> environment.put(key, String.valueOf(value)));
        return environment;
    }
}
