package io.cdp.ingestion.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * An orders file partitioned by order id into temporary files, so that every order's rows, wherever
 * they stand in the file, can be grouped while only a few partitions are in memory: importing a file
 * costs memory in proportion to a partition (the file over {@link #PARTITIONS}), not to the file.
 * Partitioning rather than grouping within a window of adjacent rows keeps one event per order and
 * a line identity that no row order changes, however the file is sorted. Closing deletes the files.
 */
final class OrderSpill implements AutoCloseable {

    /**
     * A 1 GiB upload (the largest the HTTP import takes) leaves about 4 MiB of CSV per partition;
     * at most this many files are open at once, each with a small write buffer.
     */
    static final int PARTITIONS = 256;

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

    /** A spilled row: its number in the file and its columns by header, as {@link CSVRecord#toMap()} gives them. */
    record SpilledRow(long row, Map<String, String> columns) {
    }

    private final SpillFiles files = new SpillFiles("cdp-order-import-", PARTITIONS);
    private final CSVPrinter[] printers = new CSVPrinter[PARTITIONS];

    /** Writes a row to its order's partition; rows without an order id share the first. */
    void add(long row, String orderId, CSVRecord record) {
        int partition = orderId == null ? 0 : Math.floorMod(orderId.hashCode(), PARTITIONS);
        try {
            if (printers[partition] == null) {
                printers[partition] = new CSVPrinter(files.writer(partition), FORMAT);
            }
            CSVPrinter printer = printers[partition];
            printer.print(row);
            for (String value : record.values()) {
                printer.print(value);
            }
            printer.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the partitions for writing; afterwards {@link #forEachBatch} reads them back. */
    void finishWriting() {
        files.finishWriting();
    }

    /**
     * Hands over the rows of consecutive partitions, at least {@code minRows} at a time (fewer at the
     * end): each order's rows all in one batch, and few enough batches that per-batch work (order claims,
     * exchange rates) is not paid 256 times for a small file.
     *
     * @param headers the file's header names in column order
     */
    void forEachBatch(List<String> headers, int minRows, Consumer<List<SpilledRow>> batch) {
        List<SpilledRow> rows = new ArrayList<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            rows.addAll(partition(partition, headers));
            if (rows.size() >= minRows || partition == PARTITIONS - 1 && !rows.isEmpty()) {
                batch.accept(rows);
                rows = new ArrayList<>();
            }
        }
    }

    private List<SpilledRow> partition(int partition, List<String> headers) {
        Optional<BufferedReader> spilled = files.reader(partition);
        if (spilled.isEmpty()) {
            return List.of();
        }
        List<SpilledRow> rows = new ArrayList<>();
        try (BufferedReader reader = spilled.get(); CSVParser parser = CSVParser.parse(reader, FORMAT)) {
            for (CSVRecord record : parser) {
                Map<String, String> columns = new LinkedHashMap<>();
                for (int column = 0; column < headers.size() && column + 1 < record.size(); column++) {
                    columns.put(headers.get(column), record.get(column + 1));
                }
                rows.add(new SpilledRow(Long.parseLong(record.get(0)), columns));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    Path directory() {
        return files.directory();
    }

    @Override
    public void close() {
        files.close();
    }
}
