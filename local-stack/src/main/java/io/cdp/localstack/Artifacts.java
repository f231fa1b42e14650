package io.cdp.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/** Where the build put the Elasticsearch zip and the Kafka broker's classpath. */
final class Artifacts {

    private Artifacts() {
    }

    static Path elasticsearchZip() {
        return Path.of(properties().getProperty("elasticsearch.zip"));
    }

    static String elasticsearchVersion() {
        return properties().getProperty("elasticsearch.version");
    }

    static String kafkaVersion() {
        return properties().getProperty("kafka.version");
    }

    static String kafkaClasspath() {
        try (InputStream in = resource("kafka.classpath")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = resource("localstack.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static InputStream resource(String name) {
        InputStream in = Artifacts.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("missing build output " + name + ": run ./mvnw install first");
        }
        return in;
    }
}
