package io.cdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cdp.bench.http.ElasticsearchHttp;
import io.cdp.bench.http.PlatformClient;
import io.cdp.bench.stack.BenchStack;
import io.cdp.localstack.Ports;

/**
 * The repository's {@code ./cdp} as a user runs it, on free ports and a temporary data directory:
 * {@code ./cdp start} in the background, other commands to completion. Closing it stops what is
 * still running and deletes the data; the console log of {@code ./cdp start} stays for a failure.
 */
final class CdpScript implements AutoCloseable {

    private static final int SIGINT = 2;
    private static final int SIGTERM = 15;
    /** SIGINT's bit in {@code /proc/<pid>/status}'s SigIgn mask. */
    private static final long SIGINT_BIT = 1L << (SIGINT - 1);
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private final Path dataDir;
    private final Path log;
    private final Map<String, String> environment;
    private Process running;

    /** What a command printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    CdpScript(String name) throws IOException {
        dataDir = Files.createTempDirectory(name);
        log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        environment = Map.of(
                "CDP_DATA_DIR", dataDir.toString(),
                "CDP_ES_PORT", String.valueOf(Ports.free()),
                "CDP_KAFKA_PORT", String.valueOf(Ports.free()),
                "CDP_HTTP_PORT", String.valueOf(Ports.free()));
    }

    Path dataDir() {
        return dataDir;
    }

    Path log() {
        return log;
    }

    Process running() {
        return running;
    }

    /** {@code ./cdp start} in the background, its console appended to {@link #log()}. */
    Process start() throws IOException {
        return startInBackground("start");
    }

    /**
     * {@code ./cdp args...} for a command that keeps the platform running until Ctrl-C (start,
     * demo), in the background, its console appended to {@link #log()}.
     */
    Process startInBackground(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("./cdp"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPOSITORY.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        running = builder.start();
        return running;
    }

    /** The console of the background command once it shows {@code line}, while the command keeps running. */
    String awaitConsole(String line, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        String console = Files.readString(log);
        while (!console.contains(line)) {
            assertThat(running.isAlive()).as("%s exited early; see %s", running.info().commandLine(), log).isTrue();
            assertThat(System.nanoTime()).as("'%s' shown within %s; see %s", line, patience, log).isLessThan(deadline);
            Thread.sleep(500);
            console = Files.readString(log);
        }
        return console;
    }

    /** The app on its port, with the admin password {@code ./cdp start} generated into the data directory. */
    PlatformClient awaitUp() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        PlatformClient anonymous = new PlatformClient(url(), "admin", "");
        while (!anonymous.isUp()) {
            assertThat(running.isAlive()).as("./cdp start exited early; see %s", log).isTrue();
            assertThat(System.nanoTime()).as("./cdp start up within 4 minutes; see %s", log).isLessThan(deadline);
            Thread.sleep(500);
        }
        return new PlatformClient(url(), "admin", Files.readString(dataDir.resolve("admin-password")).trim());
    }

    String url() {
        return "http://127.0.0.1:" + environment.get("CDP_HTTP_PORT");
    }

    ElasticsearchHttp elasticsearch() {
        return new ElasticsearchHttp("http://127.0.0.1:" + environment.get("CDP_ES_PORT"));
    }

    /**
     * {@code <repository>/cdp args...} run to completion from {@code workingDirectory}, as a user
     * in the directory of their files runs it, with the same ports and data directory as {@link #start()}.
     */
    Result run(Path workingDirectory, Duration patience, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(REPOSITORY.resolve("cdp").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)).as("%s ended", command).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /**
     * Ctrl-C in a terminal sends SIGINT. A process started in the background of a non-interactive
     * shell (as some CI runners start builds) inherits SIGINT ignored, and then no JVM below it can
     * see one: SIGTERM then, which runs the same shutdown hook.
     *
     * @return the signal's number
     */
    int stopLikeCtrlC() throws IOException, InterruptedException {
        String status = Files.readString(Path.of("/proc", String.valueOf(running.pid()), "status"));
        long ignored = status.lines().filter(line -> line.startsWith("SigIgn:"))
                .mapToLong(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                .findFirst().orElse(0);
        int signal = (ignored & SIGINT_BIT) == 0 ? SIGINT : SIGTERM;
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(running.pid())).start().waitFor()).isZero();
        return signal;
    }

    /** The data directory goes (Elasticsearch's and Kafka's files); the console log stays for a failure. */
    @Override
    public void close() throws InterruptedException {
        if (running != null && running.isAlive()) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        BenchStack.deleteDirectory(dataDir);
    }
}
