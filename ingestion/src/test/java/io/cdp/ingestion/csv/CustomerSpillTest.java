package io.cdp.ingestion.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CustomerSpillTest {

    private final JsonMapper jsonMapper = JsonMapper.builder().build();

    @Test
    void aCustomersOrdersComeBackAdjacentAndInTheOrderTheyWereAddedHoweverScatteredTheyWere() {
        List<ObjectNode> all = new ArrayList<>();
        try (CustomerSpill spill = new CustomerSpill(jsonMapper)) {
            // 3,000 orders of 600 customers, each customer's five orders 600 apart as order-id partitions leave them
            for (int order = 0; order < 3_000; order++) {
                spill.add("email=c" + order % 600 + "@example.com", jsonMapper.createObjectNode()
                        .put("customer", "c" + order % 600).put("order", order).put("note", "a \"quoted\"\nnote"));
            }
            spill.forEachPartition(all::addAll);
        }

        assertThat(all).hasSize(3_000).allSatisfy(entry -> assertThat(entry.get("note").asString())
                .isEqualTo("a \"quoted\"\nnote"));
        Map<String, List<Integer>> runs = new LinkedHashMap<>();
        String previous = null;
        for (ObjectNode entry : all) {
            String customer = entry.get("customer").asString();
            assertThat(customer.equals(previous) || !runs.containsKey(customer))
                    .as("%s's orders are adjacent", customer).isTrue();
            runs.computeIfAbsent(customer, key -> new ArrayList<>()).add(entry.get("order").asInt());
            previous = customer;
        }
        assertThat(runs).hasSize(600).allSatisfy((customer, orders) -> assertThat(orders).hasSize(5).isSorted());
    }

    @Test
    void closingDeletesTheTemporaryFiles() {
        CustomerSpill spill = new CustomerSpill(jsonMapper);
        spill.add("user_id=1", jsonMapper.createObjectNode().put("order", 1));
        Path directory = spill.directory();
        spill.close();

        assertThat(directory).doesNotExist();
    }
}
