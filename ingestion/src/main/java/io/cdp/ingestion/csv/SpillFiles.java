package io.cdp.ingestion.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Numbered temporary files in one directory, written first and read back after: what the import's spills
 * ({@link OrderSpill}, {@link CustomerSpill}) share. A partition's file opens on its first write, so at most
 * the written partitions are open at once, each with a small buffer. Closing deletes the directory.
 */
final class SpillFiles implements AutoCloseable {

    private final Path directory;
    private final Writer[] writers;

    SpillFiles(String prefix, int partitions) {
        try {
            this.directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writers = new Writer[partitions];
    }

    int partitions() {
        return writers.length;
    }

    /** The partition's writer, opened on first use. */
    Writer writer(int partition) {
        if (writers[partition] == null) {
            try {
                writers[partition] = Files.newBufferedWriter(file(partition), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return writers[partition];
    }

    /** Closes the files for writing, keeping them for {@link #reader}. */
    void finishWriting() {
        for (int i = 0; i < writers.length; i++) {
            if (writers[i] != null) {
                try {
                    writers[i].close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** A reader of what the partition holds, none if nothing was written to it. */
    Optional<BufferedReader> reader(int partition) {
        if (writers[partition] == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newBufferedReader(file(partition), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path directory() {
        return directory;
    }

    private Path file(int partition) {
        return directory.resolve(partition + ".spill");
    }

    @Override
    public void close() {
        try {
            finishWriting();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
