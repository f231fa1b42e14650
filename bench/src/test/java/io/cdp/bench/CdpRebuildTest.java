package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether {@code ./cdp} rebuilds the jar before it runs: the repository's script in a copy of the repository's
 * layout whose {@code mvnw} only notes that it was called, so that no real build runs.
 */
class CdpRebuildTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Instant BUILT = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path repository;

    @BeforeEach
    void aBuiltRepository() throws IOException {
        Files.copy(ROOT.resolve("cdp"), repository.resolve("cdp"));
        Files.writeString(repository.resolve("mvnw"), """
                #!/usr/bin/env bash
                echo "$@" >> mvnw.calls
                touch app/target/cdp-app.jar
                """);
        Set.of("cdp", "mvnw").forEach(name -> repository.resolve(name).toFile().setExecutable(true));
        file("local-stack/target/classes/io/cdp/localstack/kafka.classpath", BUILT);
        file("segmentation/src/main/java/io/cdp/segmentation/Segment.java", BUILT.minusSeconds(60));
        file("segmentation/src/main/resources/templates/segments/list.html", BUILT.minusSeconds(60));
        file("app/target/cdp-app.jar", BUILT);
    }

    @Test
    void nothingChangedSinceTheJarWasBuiltRunsNoBuild() throws Exception {
        cdpImport();
        assertThat(repository.resolve("mvnw.calls")).doesNotExist();
    }

    @Test
    void aTemplateChangedSinceTheJarWasBuiltRebuildsIt() throws Exception {
        file("segmentation/src/main/resources/templates/segments/list.html", BUILT.plusSeconds(60));
        cdpImport();
        assertThat(repository.resolve("mvnw.calls")).content().contains("install");
    }

    @Test
    void aScriptOrStyleChangedSinceTheJarWasBuiltRebuildsIt() throws Exception {
        file("platform/src/main/resources/static/console/console.css", BUILT.plusSeconds(60));
        cdpImport();
        assertThat(repository.resolve("mvnw.calls")).content().contains("install");
    }

    @Test
    void aLombokConfigChangedSinceTheJarWasBuiltRebuildsIt() throws Exception {
        file("lombok.config", BUILT.plusSeconds(60));
        cdpImport();
        assertThat(repository.resolve("mvnw.calls")).content().contains("install");
    }

    private void file(String path, Instant modified) throws IOException {
        Path file = repository.resolve(path);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, path);
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    /** {@code ./cdp import}: builds when it has to, then stops with 69 as no Elasticsearch answers on the port. */
    private void cdpImport() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "./cdp", "import", "orders", "orders.csv")
                .directory(repository.toFile()).redirectErrorStream(true);
        builder.environment().put("CDP_DATA_DIR", repository.resolve(".cdp-data").toString());
        builder.environment().put("CDP_ELASTICSEARCH_URL", "http://127.0.0.1:" + closedPort);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(69);
    }
}
