package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Value;

import io.cdp.AppIntegrationTest;
import io.cdp.ConsoleBrowser;
import io.cdp.platform.web.ConsoleFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview page shows the same KPI values as {@code GET /api/kpis} for its period (one set of
 * definitions for both), with the journey funnel and the channels of the period's touchpoints.
 */
class OverviewBrowserIT extends AppIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private static ConsoleBrowser browser;

    private final String admin = basic("admin", ADMIN_PASSWORD);

    @BeforeAll
    static void openBrowser(@Value("${local.server.port}") int serverPort) {
        browser = ConsoleBrowser.open(serverPort);
    }

    @AfterAll
    static void closeBrowser() {
        browser.close();
    }

    @Test
    void aViewerReadsTheSameKpisAsTheApiWithFunnelAndChannels() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = writeKey("overview-" + run);
        String user = "overview-" + run;
        send(key, "/v1/page", "{\"userId\":\"" + user + "\",\"messageId\":\"page-" + run + "\",\"name\":\"Home\","
                + "\"context\":{\"campaign\":{\"medium\":\"newsletter\",\"source\":\"nl-" + run + "\"}}}");
        send(key, "/v1/track", "{\"userId\":\"" + user + "\",\"messageId\":\"order-" + run + "\",\"event\":\"Order Completed\","
                + "\"properties\":{\"order_id\":\"o-" + run + "\",\"revenue\":42.50,\"currency\":\"USD\"},"
                + "\"context\":{\"campaign\":{\"medium\":\"newsletter\",\"source\":\"nl-" + run + "\"}}}");
        await("/api/profiles/lookup?type=user_id&value=" + URLEncoder.encode(user, StandardCharsets.UTF_8), "\"orders\":1");

        String viewer = "ov-viewer-" + run;
        assertThat(call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + viewer
                + "\",\"password\":\"viewer-password\",\"role\":\"VIEWER\"}").statusCode()).isEqualTo(201);
        browser.signIn(viewer, "viewer-password");
        assertThat(browser.path()).startsWith("/overview");

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String api = "/api/kpis?from=" + today.minusDays(6) + "&to=" + today.plusDays(1);
        JsonNode totals = stableTotals(api);
        String currency = JSON.readTree(call(port, "GET", api, admin, null).body()).get("currency").asString();
        assertThat(new BigDecimal(totals.get("orders").asString())).isGreaterThanOrEqualTo(BigDecimal.ONE);
        assertThat(card("orders")).isEqualTo(FORMAT.count(totals.get("orders").asLong()));
        assertThat(card("revenue")).isEqualTo(FORMAT.money(new BigDecimal(totals.get("revenue").asString()), currency));
        assertThat(card("uniqueVisitors")).isEqualTo(FORMAT.count(totals.get("uniqueVisitors").asLong()));
        assertThat(card("sessions")).isEqualTo(FORMAT.count(totals.get("sessions").asLong()));
        assertThat(card("activeCustomers")).isEqualTo(FORMAT.count(totals.get("activeCustomers").asLong()));
        assertThat(browser.find(By.id("kpi-conversionRate")).getDomAttribute("title")).contains("Active customers / unique visitors");

        List<String> stages = browser.findAll(By.cssSelector("#funnel tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(stages).startsWith("Awareness", "Consideration", "Decision", "Service", "Loyalty");
        assertThat(browser.text(By.id("channels"))).contains("newsletter");
        assertThat(browser.findAll(By.cssSelector("figure.chart canvas"))).hasSize(2);
        browser.fullPageScreenshot("console-overview");
        browser.resize(390, 844).screenshot("console-overview-phone");
        browser.resize(1280, 900);

        browser.go("/overview?period=custom&from=" + today + "&to=" + today.minusDays(3));
        assertThat(browser.text(By.id("to-error"))).contains("must not be before the first day");
        assertThat(browser.find(By.id("to")).getDomAttribute("value")).isEqualTo(today.minusDays(3).toString());
        browser.signOut();
    }

    /** The API's totals once two reads in a row agree with the page read between them (consumers may still be writing). */
    private JsonNode stableTotals(String api) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode before = JSON.readTree(call(port, "GET", api, admin, null).body()).get("totals").get("values");
            browser.go("/overview?period=7d");
            JsonNode after = JSON.readTree(call(port, "GET", api, admin, null).body()).get("totals").get("values");
            if (before.equals(after) || System.nanoTime() > deadline) {
                return after;
            }
        }
    }

    private static String card(String kpi) {
        return browser.text(By.cssSelector("#kpi-" + kpi + " .value"));
    }

    private String writeKey(String sourceId) throws Exception {
        HttpResponse<String> response = call(port, "POST", "/api/admin/sources", admin,
                "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher key = Pattern.compile("\"writeKey\":\"([^\"]+)\"").matcher(response.body());
        assertThat(key.find()).isTrue();
        return key.group(1);
    }

    private void send(String writeKey, String path, String json) throws Exception {
        HttpResponse<String> response = call(port, "POST", path, basic(writeKey, ""), json);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private void await(String path, String expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = call(port, "GET", path, admin, null);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200 && response.body().contains(expected)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " never showed " + expected + "; last answer: " + last);
    }
}
