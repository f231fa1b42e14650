package io.cdp.ingestion.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import lombok.RequiredArgsConstructor;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Grouped orders partitioned again, this time by customer, so that each customer's orders are published
 * one after the other. Published that way they share a consumer batch on the events topic, and the profile
 * store folds them into one profile write (and real-time segmentation into one evaluation) instead of one per
 * order; in the order-id partitions of {@link OrderSpill} a customer's orders lie far apart. Memory, as
 * there, is one partition at a time. Closing deletes the files.
 */
@RequiredArgsConstructor
final class CustomerSpill implements AutoCloseable {

    static final int PARTITIONS = 256;

    private final SpillFiles files = new SpillFiles("cdp-order-import-customers-", PARTITIONS);
    private final JsonMapper jsonMapper;

    /** Writes an entry to its customer's partition. */
    void add(String customerKey, ObjectNode entry) {
        ArrayNode line = jsonMapper.createArrayNode().add(customerKey).add(entry);
        try {
            var writer = files.writer(Math.floorMod(customerKey.hashCode(), PARTITIONS));
            writer.write(jsonMapper.writeValueAsString(line));
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Closes the partitions for writing and hands over each one's entries, those of one customer adjacent
     * and in the order they were added.
     */
    void forEachPartition(Consumer<List<ObjectNode>> partition) {
        files.finishWriting();
        for (int i = 0; i < PARTITIONS; i++) {
            Optional<BufferedReader> spilled = files.reader(i);
            if (spilled.isEmpty()) {
                continue;
            }
            List<JsonNode> lines = new ArrayList<>();
            try (BufferedReader reader = spilled.get()) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(jsonMapper.readTree(line));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // a stable sort: a customer's entries keep the order they were added in
            lines.sort(Comparator.comparing(line -> line.get(0).asString()));
            partition.accept(lines.stream().map(line -> (ObjectNode) line.get(1)).toList());
        }
    }

    Path directory() {
        return files.directory();
    }

    @Override
    public void close() {
        files.close();
    }
}
