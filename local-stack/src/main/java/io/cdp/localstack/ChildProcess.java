package io.cdp.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server started as a child process, with its output in a log file. Stopping sends SIGTERM
 * so that the server shuts down cleanly, and only kills it if it does not stop in time. Each
 * server ({@link LocalElasticsearch}, {@link LocalKafka}, the benchmarks' app) is one of these with
 * its own command, address and readiness check.
 */
public abstract class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;

    /** Starts {@code command} in {@code workDir}, its output (errors included) appended to {@code logFile}. */
    protected ChildProcess(String name, List<String> command, Path workDir, Path logFile,
            Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        this.name = name;
        this.process = builder.start();
        this.logFile = logFile;
    }

    /** Seconds a server may take to start instead of its usual limit, e.g. on a machine busy with other work. */
    public static final String START_TIMEOUT_VARIABLE = "CDP_STACK_START_TIMEOUT";

    /** {@code standard}, or the seconds {@value #START_TIMEOUT_VARIABLE} names when it is set. */
    protected static Duration startTimeout(Duration standard) {
        return startTimeout(System.getenv(START_TIMEOUT_VARIABLE), standard);
    }

    static Duration startTimeout(String seconds, Duration standard) {
        if (seconds == null || seconds.isBlank()) {
            return standard;
        }
        try {
            return Duration.ofSeconds(Long.parseUnsignedLong(seconds.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(START_TIMEOUT_VARIABLE + " must be a number of seconds, was " + seconds, e);
        }
    }

    /** Polls {@code ready} until it holds, failing early when the process dies. */
    public final void awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " while starting; see " + logFile);
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        close();
        throw new IllegalStateException(name + " did not become ready within " + timeout + "; see " + logFile);
    }

    public final boolean isAlive() {
        return process.isAlive();
    }

    /** The process started; the server itself may run below it (Elasticsearch under {@code setpriv} as root). */
    public final long pid() {
        return process.pid();
    }

    @Override
    public final void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
