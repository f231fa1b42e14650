package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.await;
import static io.cdp.AppTestSupport.call;
import static io.cdp.AppTestSupport.send;
import static io.cdp.AppTestSupport.writeKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import io.cdp.ConsoleBrowserTest;
import io.cdp.platform.web.ConsoleFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview page shows the same KPI values as {@code GET /api/kpis} for its period (one set of
 * definitions for both), with the journey funnel and the channels of the period's touchpoints.
 */
class OverviewBrowserIT extends ConsoleBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ConsoleFormat FORMAT = new ConsoleFormat();

    private final String admin = basic("admin", ADMIN_PASSWORD);

    @Test
    void aViewerReadsTheSameKpisAsTheApiWithFunnelAndChannels() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String key = writeKey(port, "overview-" + run);
        String user = "overview-" + run;
        send(port, key, "/v1/page", "{\"userId\":\"" + user + "\",\"messageId\":\"page-" + run + "\",\"name\":\"Home\","
                + "\"context\":{\"campaign\":{\"medium\":\"newsletter\",\"source\":\"nl-" + run + "\"}}}");
        send(port, key, "/v1/track", "{\"userId\":\"" + user + "\",\"messageId\":\"order-" + run + "\",\"event\":\"Order Completed\","
                + "\"properties\":{\"order_id\":\"o-" + run + "\",\"revenue\":42.50,\"currency\":\"USD\","
                + "\"products\":[{\"product_id\":\"p-" + run + "\",\"price\":42.50,\"quantity\":1,\"cost\":17}]},"
                + "\"context\":{\"campaign\":{\"medium\":\"newsletter\",\"source\":\"nl-" + run + "\"}}}");
        await(port, "/api/profiles/lookup?type=user_id&value=" + URLEncoder.encode(user, StandardCharsets.UTF_8), "\"orders\":1");

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
        // profit from the order line's cost, with its definition on hover
        assertThat(card("grossProfit")).isEqualTo(FORMAT.money(new BigDecimal(totals.get("grossProfit").asString()),
                currency));
        assertThat(card("profitPerCustomer")).isEqualTo(FORMAT.money(
                new BigDecimal(totals.get("profitPerCustomer").asString()), currency));
        assertThat(browser.find(By.id("kpi-grossMargin")).getDomAttribute("title")).contains("Gross profit / revenue");
        assertThat(browser.find(By.id("kpi-costCoverage")).getDomAttribute("title")).contains("lines with a cost");

        List<String> stages = browser.findAll(By.cssSelector("#funnel tbody tr td:first-child")).stream()
                .map(WebElement::getText).toList();
        assertThat(stages).startsWith("Awareness", "Consideration", "Decision", "Service", "Loyalty");
        assertThat(browser.text(By.id("channels"))).contains("newsletter");
        assertThat(browser.findAll(By.cssSelector("figure.chart canvas"))).hasSize(2);
        assertThat(browser.find(By.cssSelector("#channels th[title^='Cost / new customers']")).getText()).isEqualTo("Customer acquisition cost");
        browser.fullPageScreenshot("console-overview");
        browser.resize(390, 844).screenshot("console-overview-phone");
        browser.resize(1280, 900);

        // last-touch: the order goes to the newsletter page viewed before it
        browser.go("/overview?period=7d&attribution=last");
        assertThat(browser.text(By.id("channels"))).contains("newsletter");
        assertThat(browser.find(By.id("attribution")).getDomProperty("value")).isEqualTo("last");

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
            openWithFiguresComputedNow("/overview?period=7d");
            JsonNode after = JSON.readTree(call(port, "GET", api, admin, null).body()).get("totals").get("values");
            if (before.equals(after) || System.nanoTime() > deadline) {
                return after;
            }
        }
    }

    /**
     * Opens the page and waits for figures computed after it was opened: the first set of a period appears when
     * its background computation is done; a page showing older figures is asked to recompute them.
     */
    private static void openWithFiguresComputedNow(String path) {
        long opened = System.currentTimeMillis();
        browser.go(path);
        browser.waitUntil(driver -> {
            List<WebElement> age = driver.findElements(By.id("figures-age"));
            if (age.isEmpty()) {
                return false;
            }
            if (Long.parseLong(age.get(0).getDomAttribute("data-computed-at")) >= opened) {
                return true;
            }
            driver.findElements(By.id("recompute")).forEach(WebElement::click);
            return false;
        });
    }

    private static String card(String kpi) {
        return browser.text(By.cssSelector("#kpi-" + kpi + " .value"));
    }
}
