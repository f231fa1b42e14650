package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class OrderSpillTest {

    @Test
    void everyRowOfAnOrderComesBackInOneBatchWithItsRowNumberAndColumnsWhereverItStoodInTheFile()
            throws IOException {
        StringBuilder file = new StringBuilder("order_id,email,note\n");
        IntStream.range(0, 2_000).forEach(i -> file.append("o").append(i % 500).append(",c").append(i % 500)
                .append("@example.com,\"a, \"\"quoted\"\" note\"\n"));
        file.append("o7,c7@example.com\n");
        List<OrderSpill.SpilledRow> all = new ArrayList<>();
        List<Set<String>> batches = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(file.toString()),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get());
             OrderSpill spill = new OrderSpill()) {
            for (CSVRecord record : parser) {
                spill.add(record.getRecordNumber() + 1, record.get("order_id"), record);
            }
            spill.finishWriting();
            spill.forEachBatch(parser.getHeaderNames(), 300, rows -> {
                batches.add(rows.stream().map(row -> row.columns().get("order_id")).collect(Collectors.toSet()));
                all.addAll(rows);
            });
        }

        assertThat(all).hasSize(2_001);
        assertThat(batches).hasSizeBetween(2, 8).allSatisfy(orders -> assertThat(batches).filteredOn(
                other -> other != orders && other.stream().anyMatch(orders::contains)).isEmpty());
        assertThat(all).filteredOn(row -> row.row() == 2).singleElement().extracting(OrderSpill.SpilledRow::columns)
                .isEqualTo(Map.of("order_id", "o0", "email", "c0@example.com", "note", "a, \"quoted\" note"));
        assertThat(all).filteredOn(row -> row.row() == 2_002).singleElement().extracting(OrderSpill.SpilledRow::columns)
                .isEqualTo(Map.of("order_id", "o7", "email", "c7@example.com"));
    }

    @Test
    void closingDeletesTheTemporaryFiles() throws IOException {
        OrderSpill spill = new OrderSpill();
        try (CSVParser parser = CSVParser.parse(new StringReader("order_id\n1\n"),
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            spill.add(2, "1", parser.iterator().next());
        }
        java.nio.file.Path directory = spill.directory();
        spill.close();

        assertThat(directory).doesNotExist();
    }
}
