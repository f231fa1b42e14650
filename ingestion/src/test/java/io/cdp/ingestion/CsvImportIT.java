package io.cdp.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.cdp.ingestion.csv.ImportCommand;
import io.cdp.ingestion.source.SourceStore;
import io.cdp.localstack.TestStack;
import io.cdp.platform.EventIngested;
import io.cdp.platform.EventType;
import io.cdp.platform.Topics;

@SpringBootTest(classes = IngestionTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class CsvImportIT extends IngestionItSupport {

    private static final Path CDNOW = Path.of("/work/shared/data/cdnow/CDNOW_sample.txt");

    @Value("${local.server.port}")
    int port;

    @Autowired
    SourceStore sources;

    @Test
    void importsContactsAsIdentifyCallsWithExternalIdsAndReportsRejectedRows() throws Exception {
        String sourceId = unique("crm");
        sources.create(sourceId, "CRM");
        String csv = """
                userId,email,phone,crm_id,loyalty_card,first_name,city
                u-1,a@example.com,+4915112345678,CRM-1,,Ann,Berlin
                ,b@example.com,,CRM-2,LC-2,Bob,
                ,,,,,Nobody,Paris
                """;
        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            HttpResponse<String> response = send(post(port, "/api/admin/import/contacts?source=" + sourceId)
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("""
                    {"kind":"contacts","source":"%s","rows":3,"accepted":2,"rejected":1,"errors":[
                      {"row":4,"field":"user_id","reason":"a contact needs one of userId, email, phone, crm_id, loyalty_card",
                       "rule":"required"}],
                     "orders":0,"lines":0,"refunds":0,"profiles":2,"earliest":null,"latest":null,"history":null}"""
                    .formatted(sourceId)));
            List<EventIngested> seen = events.events(sourceId, 2);
            assertThat(seen).hasSize(2).allSatisfy(e -> assertThat(e.type()).isEqualTo(EventType.IDENTIFY));
            EventIngested ann = seen.stream().filter(e -> "u-1".equals(e.userId())).findFirst().orElseThrow();
            assertThat(ann.traits()).isEqualTo(Map.of("email", "a@example.com", "phone", "+4915112345678",
                    "first_name", "Ann", "city", "Berlin"));
            assertThat(ann.context()).isEqualTo(Map.of("externalIds", List.of(
                    Map.of("id", "CRM-1", "type", "crm_id", "collection", "users", "encoding", "none"))));
            EventIngested bob = seen.stream().filter(e -> e.userId() == null).findFirst().orElseThrow();
            assertThat(bob.anonymousId()).startsWith("import-");
            assertThat(bob.context().get("externalIds")).asList().hasSize(2);
        }
    }

    @Test
    void lineLevelRetailExportBecomesOneOrderWithTheSumOfItsLinesAndACancellationARefundReadInTheGivenZone()
            throws Exception {
        String sourceId = unique("retail");
        sources.create(sourceId, "Retail");
        String invoice = unique("536365");
        String csv = """
                Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country
                %1$s,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom
                C%1$s,22633,HAND WARMER UNION JACK,-1,2010-12-01 09:41:00,27.50,14527,United Kingdom
                %1$s,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom
                %1$s,84406B,CREAM CUPID HEARTS COAT HANGER,8,2010-12-01 08:26:00,2.75,17850,United Kingdom
                """.formatted(invoice);
        HttpResponse<String> rates = send(post(port, "/api/admin/import/rates").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("date,base,quote,rate\n2010-11-30,GBP,USD,1.5\n")).build());
        assertThat(JSON.readTree(rates.body()).path("accepted").asLong()).isEqualTo(1);
        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            HttpResponse<String> response = send(post(port, "/api/admin/import/orders?source=" + sourceId
                    + "&mapping=pos-lines&zone=Europe/London&currency=GBP")
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build());

            assertThat(response.statusCode()).isEqualTo(200);
            tools.jackson.databind.JsonNode report = JSON.readTree(response.body());
            assertThat(report.path("rows").asLong()).isEqualTo(4);
            assertThat(report.path("accepted").asLong()).isEqualTo(4);
            assertThat(report.path("orders").asLong()).isEqualTo(1);
            assertThat(report.path("lines").asLong()).isEqualTo(3);
            assertThat(report.path("refunds").asLong()).isEqualTo(1);
            assertThat(report.path("profiles").asLong()).isEqualTo(2);
            List<EventIngested> seen = events.events(sourceId, 2);
            EventIngested order = seen.stream().filter(e -> "Order Completed".equals(e.event())).findFirst().orElseThrow();
            assertThat(order.properties()).containsEntry("order_id", invoice).containsEntry("revenue", 57.64)
                    .containsEntry("currency", "GBP").containsEntry("fx_rate", 1.5)
                    .containsEntry("reporting_currency", "USD");
            assertThat(order.properties().get("products")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(3);
            assertThat(order.timestamp()).hasToString("2010-12-01T08:26:00Z");
            assertThat(order.context().get("traits")).isEqualTo(Map.of("country", "United Kingdom"));
            EventIngested refund = seen.stream().filter(e -> "Order Refunded".equals(e.event())).findFirst().orElseThrow();
            assertThat(refund.properties()).containsEntry("order_id", "C" + invoice).containsEntry("revenue", 27.5);
            assertThat(refund.userId()).isEqualTo("14527");
        }
    }

    @Test
    void anUnusableImportOptionIs400NamingIt() throws Exception {
        HttpResponse<String> response = send(post(port, "/api/admin/import/orders?source=pos&zone=Mars/Olympus")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("order_id,userId,timestamp,revenue\n1,u,20200101,1\n"))
                .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("field").asString()).isEqualTo("zone");
    }

    @Test
    void importIntoUnknownSourceIs404Problem() throws Exception {
        HttpResponse<String> response = send(post(port, "/api/admin/import/orders?source=" + unique("nosuch"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("order_id,userId,timestamp,revenue\n1,u,20200101,1\n"))
                .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:cdp:problem:ingestion:source-not-found");
    }

    @Test
    void importCommandRunsWithoutWebServerAndReimportNeverDuplicatesMessageIds(@TempDir Path dir,
                                                                               CapturedOutput output) throws Exception {
        String sourceId = unique("pos");
        sources.create(sourceId, "Stores");
        Path orders = dir.resolve("orders.csv");
        List<String> lines = new ArrayList<>();
        lines.add("order_id,userId,timestamp,quantity,revenue,currency");
        int row = 0;
        for (String line : Files.readAllLines(CDNOW).subList(0, 1000)) {
            String[] columns = line.trim().split("\\s+");
            int n = columns.length;
            lines.add("cdnow-" + (++row) + "," + columns[0] + "," + columns[n - 3] + "," + columns[n - 2] + ","
                    + columns[n - 1] + ",USD");
        }
        lines.add("bad-1,c1,19970101,1,not-a-number,USD");
        lines.add(",c2,19970101,1,10.00,USD");
        Files.write(orders, lines);

        Set<String> firstRun;
        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            assertThat(runImport(orders, sourceId)).isEqualTo(2);
            List<EventIngested> seen = events.events(sourceId, 1000);
            assertThat(seen).hasSize(1000);
            firstRun = seen.stream().map(EventIngested::messageId).collect(Collectors.toSet());
            EventIngested order = seen.stream()
                    .filter(e -> "cdnow-1".equals(e.properties().get("order_id"))).findFirst().orElseThrow();
            assertThat(order.event()).isEqualTo("Order Completed");
            assertThat(order.userId()).isEqualTo("00004");
            assertThat(order.timestamp()).hasToString("1997-01-01T00:00:00Z");
            assertThat(order.properties()).containsEntry("revenue", 29.33).containsEntry("total", 29.33)
                    .containsEntry("currency", "USD")
                    .containsKey("products");
            assertThat(order.properties().get("products")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
                    .asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("quantity", 2)
                    .containsEntry("revenue", 29.33).containsKey("line_id");
        }
        assertThat(firstRun).hasSize(1000);
        assertThat(output).contains("import orders 100%  1,002/1,002 rows")
                .contains("imported orders into source " + sourceId + "\n  rows      1,002\n  accepted  1,000\n"
                        + "  rejected  2\n")
                .contains("row 1002: revenue: number: revenue must be a number")
                .contains("row 1003: order_id: required: an order needs an order_id");

        try (TopicReader events = new TopicReader(Topics.EVENTS)) {
            assertThat(runImport(orders, sourceId)).isEqualTo(2);
            Set<String> secondRun = events.events(sourceId, 1000).stream().map(EventIngested::messageId)
                    .collect(Collectors.toSet());
            assertThat(secondRun).isEqualTo(firstRun);
        }
    }

    private static int runImport(Path file, String sourceId) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(IngestionTestApplication.class)
                .run("import", "orders", file.toString(), "--source=" + sourceId,
                        "--cdp.ingestion.cli.exit-when-done=false",
                        // the CDNOW orders are from 1997 and 1998: a historical import lowers the earliest event time
                        "--cdp.ingestion.event-time.earliest=1997-01-01T00:00:00Z",
                        "--cdp.elasticsearch.url=" + TestStack.get().elasticsearchUrl(),
                        "--spring.kafka.bootstrap-servers=" + TestStack.get().kafkaBootstrapServers())) {
            assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
            return context.getBean(ImportCommand.class).getExitCode();
        }
    }
}
