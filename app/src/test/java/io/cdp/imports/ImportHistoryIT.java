package io.cdp.imports;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.cdp.AppIntegrationTest;
import io.cdp.AppTestSupport;
import io.cdp.CdpApplication;
import io.cdp.localstack.TestStack;

/**
 * An import of years of orders says which time windows of the defined segments its history falls into: the
 * orders older than the longest "within the last N days" window count only in lifetime figures, and for each
 * window how many imported customers its rule places there by their latest (or, for "first seen", earliest)
 * imported order. The figures are checked against the file's own order dates, through the HTTP import API and
 * through the import command as {@code ./cdp import} runs it.
 */
@ExtendWith(OutputCaptureExtension.class)
class ImportHistoryIT extends AppIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** Ann: 400 and 10 days ago; Bob: 200 days ago; Cy: 50 and 2 days ago. */
    private final List<Integer> daysAgo = List.of(400, 10, 200, 50, 2);

    @BeforeEach
    void defineSegments() throws Exception {
        save("recent-" + run, "Recent " + run, """
                {"type": "event", "event": "Order Completed", "frequency": "atLeast", "count": 1, "withinDays": 30}""");
        save("lapsed-" + run, "Lapsed " + run, """
                {"type": "metric", "metric": "lastOrderAt", "op": "moreThanDaysAgo", "value": 90}""");
        save("new-" + run, "New " + run, """
                {"type": "and", "conditions": [{"type": "metric", "metric": "firstSeen", "op": "withinLastDays",
                 "value": 60}, {"type": "metric", "metric": "revenue", "op": "gte", "value": 1}]}""");
    }

    @Test
    void theImportApiSaysHowManyOrdersAreHistoryOnlyAndWhereEachWindowPlacesTheImportedCustomers() throws Exception {
        String source = "pos-" + run;
        AppTestSupport.writeKey(port, source);

        JsonNode history = JSON.readTree(post("/api/admin/import/orders?source=" + source, orders())).path("history");

        assertThat(history.path("orders").asLong()).isEqualTo(5);
        assertThat(history.path("customers").asLong()).isEqualTo(3);
        assertWindow(history, "recent-" + run, 2, 2);
        assertWindow(history, "lapsed-" + run, 2, 1);
        assertWindow(history, "new-" + run, 3, 1);
        // the longest window may belong to a segment another test saved: count against its edge
        Instant longest = Instant.parse(history.path("longestWindow").path("window").path("since").asString());
        long older = daysAgo.stream().filter(days -> orderTime(days).isBefore(longest)).count();
        assertThat(history.path("historyOnly").asLong()).isEqualTo(older);
        assertThat(older).as("400 days ago is older than every window the shipped definitions and these have")
                .isPositive();
        assertThat(history.path("summary").toString())
                .contains(older + " of 5 orders", "the longest window a definition looks at")
                .contains("Segment 'Recent " + run + "': Order Completed at least 1 time within the last 30 days: the"
                        + " latest imported order of 2 of 3 customers (67 %) is inside its window (on or after "
                        + today.minusDays(30) + "); 2 orders are.")
                .contains("Segment 'Lapsed " + run + "': last order more than 90 days ago: the latest imported order"
                        + " of 1 of 3 customers (33 %) is old enough for it (before " + today.minusDays(90) + ")")
                .contains("Segment 'New " + run + "': first seen within the last 60 days: the earliest imported"
                        + " order of 1 of 3 customers (33 %) is inside its window");
    }

    @Test
    void theImportCommandPrintsWhereTheHistoryFalls(@TempDir Path dir, CapturedOutput output) throws Exception {
        String source = "cli-" + run;
        AppTestSupport.writeKey(port, source);
        Path file = Files.writeString(dir.resolve("orders.csv"), orders());
        TestStack stack = TestStack.get();
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CdpApplication.class).run(
                "import", "orders", file.toString(), "--source", source,
                "--cdp.ingestion.cli.exit-when-done=false",
                "--cdp.elasticsearch.url=" + stack.elasticsearchUrl(),
                "--spring.kafka.bootstrap-servers=" + stack.kafkaBootstrapServers(),
                "--cdp.security.admin-password=" + ADMIN_PASSWORD,
                "--cdp.activation.key-file=" + dir.resolve("activation.key"))) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output).contains("time windows of segments, personas and stages:")
                .contains("of 5 orders", "are older than")
                .contains("  Segment 'Recent " + run + "': Order Completed at least 1 time within the last 30 days:"
                        + " the latest imported order of 2 of 3 customers (67 %) is inside its window")
                .contains("  Segment 'Lapsed " + run + "': last order more than 90 days ago: the latest imported"
                        + " order of 1 of 3 customers (33 %) is old enough for it");
    }

    private String orders() {
        String[] customers = {"ann", "ann", "bob", "cy", "cy"};
        StringBuilder csv = new StringBuilder("order_id,email,timestamp,revenue,currency\n");
        for (int i = 0; i < daysAgo.size(); i++) {
            csv.append("o-").append(run).append('-').append(i).append(',').append(customers[i]).append('.')
                    .append(run).append("@example.com,").append(today.minusDays(daysAgo.get(i))).append(",10,USD\n");
        }
        return csv.toString();
    }

    private Instant orderTime(int days) {
        return today.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static void assertWindow(JsonNode history, String segment, long orders, long customers) {
        JsonNode fit = null;
        for (JsonNode candidate : history.path("windows")) {
            if (candidate.path("window").path("id").asString().equals(segment)) {
                fit = candidate;
            }
        }
        assertThat(fit).as(segment + " in " + history).isNotNull();
        assertThat(fit.path("window").path("kind").asString()).isEqualTo("segment");
        assertThat(fit.path("orders").asLong()).as(segment + " orders").isEqualTo(orders);
        assertThat(fit.path("customers").asLong()).as(segment + " customers").isEqualTo(customers);
    }

    private void save(String id, String name, String condition) throws IOException, InterruptedException {
        var saved = call(port, "PUT", "/api/segments/" + id, admin,
                "{\"name\": \"" + name + "\", \"condition\": " + condition + "}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    private String post(String path, String csv) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(csv)).header("Content-Type", "text/csv")
                .header("Authorization", admin).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }
}
