package io.cdp.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Real Elasticsearch from Maven Central's integ-test zip, run as a child process.
 *
 * <p>Elasticsearch refuses to run as root, so when this JVM is root the node runs as the
 * unprivileged system user {@value #SYSTEM_USER}, created on first use.
 */
public final class LocalElasticsearch extends ChildProcess {

    static final String SYSTEM_USER = "cdp";

    private final int httpPort;

    private LocalElasticsearch(List<String> command, Path home, Path logFile, Map<String, String> environment,
            int httpPort) throws IOException {
        super("Elasticsearch", command, home, logFile, environment);
        this.httpPort = httpPort;
    }

    /**
     * Starts a single node whose data lives under {@code baseDir}; blocks until the cluster is
     * at least yellow.
     */
    public static LocalElasticsearch start(Path baseDir, int httpPort, String heap) throws IOException {
        Path home = unpackedDistribution();
        Path data = Files.createDirectories(baseDir.resolve("es-data"));
        Path logs = Files.createDirectories(baseDir.resolve("es-logs"));
        Path config = copyDefaultConfig(home, baseDir.resolve("es-config"));
        Files.writeString(config.resolve("elasticsearch.yml"), String.join("\n",
                "cluster.name: cdp",
                "node.name: cdp-local",
                "network.host: 127.0.0.1",
                "http.port: " + httpPort,
                "transport.port: " + Ports.free(),
                "discovery.type: single-node",
                "xpack.security.enabled: false",
                "action.destructive_requires_name: false",
                "cluster.routing.allocation.disk.threshold_enabled: false",
                "path.data: " + data.toAbsolutePath(),
                "path.logs: " + logs.toAbsolutePath(),
                ""));
        Files.writeString(config.resolve("jvm.options.d/cdp-heap.options"),
                "-Xms" + heap + "\n-Xmx" + heap + "\n");

        List<String> command = new ArrayList<>();
        if (isRoot()) {
            ensureSystemUser();
            chown(baseDir);
            command.addAll(List.of("setpriv", "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        Path logFile = baseDir.resolve("elasticsearch.log");
        LocalElasticsearch node = new LocalElasticsearch(command, home, logFile,
                Map.of("ES_JAVA_HOME", System.getProperty("java.home"), "ES_PATH_CONF", config.toString()), httpPort);
        node.awaitReady(node::isHealthy, startTimeout(Duration.ofMinutes(3)));
        return node;
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int port() {
        return httpPort;
    }

    private boolean isHealthy() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                            .timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The distribution is unpacked once per machine and shared read-only by every node; each
     * node has its own config, data and logs (ES_PATH_CONF).
     */
    private static Path unpackedDistribution() throws IOException {
        String version = Artifacts.elasticsearchVersion();
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "cdp-elasticsearch-" + version);
        Path home = root.resolve("elasticsearch-" + version);
        if (Files.isRegularFile(home.resolve("lib/elasticsearch-" + version + ".jar"))) {
            return home;
        }
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, "unpack");
        try (ZipFile zip = new ZipFile(Artifacts.elasticsearchZip().toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry outside target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    // java.util.zip drops Unix modes; the launch scripts need theirs back.
                    if (entry.getName().contains("/bin/")) {
                        target.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        try {
            Files.move(staging.resolve(home.getFileName()), home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException concurrentUnpack) {
            // another JVM unpacked the same distribution first; use theirs
        }
        deleteRecursively(staging);
        return home;
    }

    private static Path copyDefaultConfig(Path home, Path config) throws IOException {
        if (Files.exists(config.resolve("jvm.options"))) {
            return config;
        }
        Files.createDirectories(config.resolve("jvm.options.d"));
        try (var files = Files.list(home.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, config.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return config;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureSystemUser() throws IOException {
        if (run(List.of("id", "-u", SYSTEM_USER)) == 0) {
            return;
        }
        int exit = run(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SYSTEM_USER));
        if (exit != 0 && run(List.of("id", "-u", SYSTEM_USER)) != 0) {
            throw new IOException("could not create system user " + SYSTEM_USER + " (useradd exit " + exit + ")");
        }
    }

    private static void chown(Path dir) throws IOException {
        int exit = run(List.of("chown", "-R", SYSTEM_USER + ":" + SYSTEM_USER, dir.toAbsolutePath().toString()));
        if (exit != 0) {
            throw new IOException("chown of " + dir + " failed with exit " + exit);
        }
    }

    private static int run(List<String> command) throws IOException {
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
