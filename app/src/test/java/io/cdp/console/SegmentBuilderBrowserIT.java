package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static io.cdp.AppTestSupport.send;
import static io.cdp.AppTestSupport.writeKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;

import io.cdp.AppTestSupport;
import io.cdp.ConsoleBrowserTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segment builder in a real browser against the real stack: a marketer builds a nested segment from events
 * sent through the ingestion API, watches the estimate, saves, finds the member; invalid conditions show their
 * error in place; viewers see no edit controls on the segment and stage pages.
 */
class SegmentBuilderBrowserIT extends ConsoleBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String admin = basic("admin", ADMIN_PASSWORD);
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void marketerBuildsANestedSegmentWatchesTheEstimateSavesItAndFindsTheMember() throws Exception {
        String plan = "gold-" + run;
        String buyer = "buyer-" + run;
        String browserOnly = "browser-" + run;
        String web = writeKey(port, "seg-ui-" + run);
        send(port, web, "/v1/identify", segmentCall(buyer, "i1", "\"traits\":{\"plan\":\"" + plan + "\",\"email\":\"" + buyer
                + "@example.com\"}"));
        send(port, web, "/v1/identify", segmentCall(browserOnly, "i2", "\"traits\":{\"plan\":\"" + plan + "\"}"));
        for (int i = 0; i < 2; i++) {
            send(port, web, "/v1/track", segmentCall(buyer, "o" + i, "\"event\":\"Order Completed\",\"properties\":{\"category\":"
                    + "\"shoes\",\"revenue\":120,\"currency\":\"USD\",\"order_id\":\"" + run + i + "\"}"));
        }
        awaitProfile(buyer, "\"orders\":2");
        awaitProfile(browserOnly, "\"value\":\"" + plan + "\"");
        String marketer = user("marketer", "MARKETER");

        browser.signIn(marketer, "marketer-password").go("/segments");
        browser.fullPageScreenshot("segments-list");
        browser.find(By.linkText("New segment")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("def-id")));
        String segment = "shoe-buyers-" + run;
        browser.find(By.id("def-id")).sendKeys(segment);
        browser.find(By.id("def-name")).sendKeys("Gold shoe buyers " + run);

        // root: plan equals gold-…; both people match
        type(By.id("key-0"), "plan");
        type(By.id("value-0"), plan);
        browser.find(By.id("def-name")).click();
        String both = awaitEstimate("2 people");

        // a nested "any of" group: ordered shoes at least twice in 30 days, or revenue of 100,000 or more
        browser.find(By.id("add-group-root")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("kind-1-0")));
        new Select(browser.find(By.id("kind-1-0"))).selectByValue("event");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("event-1-0")));
        type(By.id("event-1-0"), "Order Completed");
        type(By.id("count-1-0"), "2");
        type(By.id("days-1-0"), "30");
        browser.find(By.id("add-filter-1-0")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("fkey-1-0-0")));
        type(By.id("fkey-1-0-0"), "category");
        type(By.id("fvalue-1-0-0"), "shoes");
        browser.find(By.id("add-condition-1")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("kind-1-1")));
        new Select(browser.find(By.id("kind-1-1"))).selectByValue("metric");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("metric-1-1")));
        new Select(browser.find(By.id("metric-1-1"))).selectByValue("revenue");
        new Select(browser.find(By.id("op-1-1"))).selectByValue("gte");
        type(By.id("value-1-1"), "100000");
        new Select(browser.find(By.id("join-1"))).selectByValue("or");
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-words"), "People whose trait plan"
                + " equals " + plan + " and (who performed Order Completed where category equals shoes at least 2 times in"
                + " the last 30 days or whose revenue is at least 100000)."));
        String one = browser.text(By.id("estimate-figure"));
        assertThat(one).isEqualTo("1 person").isNotEqualTo(both);
        assertThat(browser.find(By.id("estimate")).getDomAttribute("aria-live")).isEqualTo("polite");
        browser.fullPageScreenshot("segment-builder");

        browser.find(By.id("save")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/segments/" + segment + "?saved=1"));
        awaitMember(buyer);
        assertThat(browser.text(By.id("members"))).doesNotContain(browserOnly);
        assertThat(browser.text(By.id("segment-size"))).isEqualTo("1");
        assertThat(browser.text(By.id("segment-words"))).startsWith("People whose trait plan equals " + plan + " and (who performed");
        browser.find(By.id("member-search")).sendKeys(buyer + "@example.com");
        browser.find(By.xpath("//button[normalize-space()='Find']")).click();
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("members"), buyer + "@example.com"));
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("figure.chart[data-drawn]")));
        // entered today, nobody before: 29 days of 0, then 1
        assertThat(browser.find(By.cssSelector("figure.chart")).getDomAttribute("data-series"))
                .contains("\"values\":[" + "0,".repeat(29) + "1]");

        // reporting's KPI panel, loaded by htmx: the same figures as the API over the same 30 days. The buyer's orders
        // came before the segment existed, so none counts as earned in it; the buyer's historical CLV does. Figures
        // computed before the buyer entered are shown until the panel swaps in the newer ones it polls for
        browser.waitUntil(ExpectedConditions.textToBe(By.cssSelector("#measure-profiles .value"), "1"));
        JsonNode measured = JSON.readTree(call(port, "GET", "/api/measurement/segments/" + segment, admin, null).body())
                .get("values");
        assertThat(browser.text(By.cssSelector("#measurement [aria-current]"))).isEqualTo("last 30 days");
        assertThat(browser.text(By.cssSelector("#measure-profiles .value"))).isEqualTo("1");
        assertThat(browser.text(By.cssSelector("#measure-orders .value"))).isEqualTo("0")
                .isEqualTo(measured.get("orders").asString());
        assertThat(amount(browser.text(By.cssSelector("#measure-revenue .value"))))
                .isEqualByComparingTo(measured.get("revenue").decimalValue());
        assertThat(amount(browser.text(By.cssSelector("#measure-historicalClv .value"))))
                .isEqualByComparingTo(measured.get("historicalClv").decimalValue()).isPositive();
        assertThat(browser.find(By.id("measure-orders")).getDomAttribute("title")).startsWith("Distinct order ids");

        // activation's CLV panel: once activation has recorded the entry, a snapshot taken from the page counts the buyer
        AppTestSupport.await(port, "POST", "/api/measurement/segments/" + segment + "/clv", "\"members\":1,");
        browser.go(browser.path());
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("clv-now")));
        browser.find(By.id("clv-now")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("clv-members")));
        JsonNode snapshots = JSON.readTree(call(port, "GET", "/api/measurement/segments/" + segment + "/clv", admin,
                null).body());
        JsonNode latest = snapshots.get(snapshots.size() - 1);
        assertThat(browser.text(By.id("clv-members"))).isEqualTo("1");
        assertThat(amount(browser.text(By.id("clv-total")))).isEqualByComparingTo(latest.get("total").decimalValue())
                .isPositive();
        assertThat(amount(browser.text(By.id("clv-average"))))
                .isEqualByComparingTo(measured.get("historicalClv").decimalValue());
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("/clv");
        browser.fullPageScreenshot("segment-page");
        browser.find(By.linkText("last 7 days")).click();
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#measurement [aria-current]"),
                "last 7 days"));
        assertThat(browser.text(By.cssSelector("#measure-profiles .value"))).isEqualTo("1");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("/measurement");

        // a second version: at least once; the history shows what changed
        browser.find(By.linkText("Edit segment")).click();
        WebElement count = browser.find(By.id("count-1-0"));
        count.clear();
        count.sendKeys("1");
        browser.find(By.id("save")).click();
        browser.waitUntil(ExpectedConditions.urlContains("saved=2"));
        browser.find(By.linkText("Version history")).click();
        WebElement changed = browser.find(By.cssSelector("tr.diff-change"));
        assertThat(changed.findElement(By.xpath("td[1]")).getText()).contains("\"count\"").contains("2");
        assertThat(changed.findElement(By.xpath("td[2]")).getText()).contains("\"count\"").contains("1");
        browser.fullPageScreenshot("segment-versions");

        // the pickers offer what was sent: the event name, and its property path with a sample value
        awaitPicker("#seen-events option[value='Order Completed']");
        assertThat(browser.find(By.cssSelector("#seen-properties option[value='category']")).getDomAttribute("label"))
                .contains("shoes");
        assertThat(browser.find(By.cssSelector("#seen-traits option[value='plan']")).getDomAttribute("label"))
                .startsWith("e.g. ");

        browser.go("/segments?q=" + run);
        assertThat(browser.text(By.cssSelector("table"))).contains("Gold shoe buyers " + run).contains(marketer)
                .contains("+1 (new)");
        browser.fullPageScreenshot("segments-list-searched");
        browser.go("/stages");
        assertThat(browser.text(By.id("stages-table"))).contains("awareness");
        assertThat(browser.findAll(By.linkText("New persona"))).hasSize(1);
        browser.fullPageScreenshot("stages");
        browser.find(By.cssSelector("a[aria-label='Edit loyalty']")).click();
        assertThat(browser.find(By.id("node-0")).getText()).contains("number of orders");
        assertThat(browser.findAll(By.id("def-position"))).hasSize(1);
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("estimate-figure")));
        browser.fullPageScreenshot("stage-builder");
        browser.signOut();
    }

    @Test
    void aMarketerBuildsAndSavesANestedAndOrNotSegmentWithTheKeyboardAlone() throws Exception {
        String marketer = user("keys", "MARKETER");
        String segment = "keyboard-" + run;
        String plan = "kb-" + run;
        browser.signIn(marketer, "keys-password").go("/segments/new");
        browser.find(By.id("def-id"));
        assertThat(unlabelledControls()).as("form controls without a label").isEmpty();

        tabTo("def-id");
        press(segment);
        typeInto("def-name", "Keyboard " + run);
        typeInto("key-0", "plan");
        typeInto("value-0", plan);

        // a nested group: Enter on its button, and the focus lands on the new group's first condition
        tabTo("add-group-root");
        assertThat(focused().getCssValue("outline-style")).as("the focused button shows it").isEqualTo("solid");
        browser.screenshot("segment-builder-keyboard-focus");
        press(Keys.ENTER);
        awaitFocus("kind-1-0");
        press("p"); // "performed event", chosen by its first letter
        browser.find(By.id("event-1-0"));
        awaitFocus("kind-1-0");
        typeInto("event-1-0", "Order Completed");
        typeInto("count-1-0", "2");
        typeInto("days-1-0", "30");
        tabTo("add-filter-1-0");
        press(Keys.SPACE);
        awaitFocus("fkey-1-0-0");
        press("category");
        typeInto("fvalue-1-0-0", "shoes");

        // a second line of the group, negated with Space on its "not"
        tabTo("add-condition-1");
        press(Keys.ENTER);
        awaitFocus("kind-1-1");
        shiftTabTo("not-1-1");
        press(Keys.SPACE);
        typeInto("key-1-1", "country");
        typeInto("value-1-1", "FR");

        // a line added by mistake and removed again: the focus goes back to the group's "+ Condition"
        tabTo("add-condition-1");
        press(Keys.ENTER);
        awaitFocus("kind-1-2");
        tabTo("remove-1-2");
        press(Keys.SPACE);
        awaitFocus("add-condition-1");
        assertThat(browser.findAll(By.id("kind-1-2"))).isEmpty();

        // the group matches any of its lines: the arrow key on its "match" list
        shiftTabTo("join-1");
        press(Keys.ARROW_DOWN);
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-words"), "People whose trait"
                + " plan equals " + plan + " and (who performed Order Completed where category equals shoes at least 2"
                + " times in the last 30 days or who do not match (whose trait country equals FR))."));
        browser.fullPageScreenshot("segment-builder-keyboard");
        tabTo("save");
        press(Keys.ENTER);
        browser.waitUntil(ExpectedConditions.urlContains("/segments/" + segment + "?saved=1"));

        JsonNode saved = JSON.readTree(call(port, "GET", "/api/segments/" + segment, admin, null).body());
        assertThat(saved.get("version").asLong()).isEqualTo(1);
        assertThat(saved.get("definition").get("name").asString()).isEqualTo("Keyboard " + run);
        assertThat(saved.get("definition").get("condition")).isEqualTo(JSON.readTree("""
                {"type": "and", "conditions": [
                  {"type": "trait", "key": "plan", "op": "equals", "value": "%s"},
                  {"type": "or", "conditions": [
                    {"type": "event", "event": "Order Completed", "frequency": "atLeast", "count": 2, "withinDays": 30,
                     "from": null, "to": null, "where": [{"property": "category", "op": "equals", "value": "shoes"}]},
                    {"type": "not", "condition": {"type": "trait", "key": "country", "op": "equals", "value": "FR"}}]}]}
                """.formatted(plan)));
        browser.signOut();
    }

    @Test
    void anInvalidConditionShowsItsErrorInPlaceAndKeepsWhatWasTyped() throws Exception {
        String marketer = user("marketer2", "MARKETER");
        browser.signIn(marketer, "marketer2-password").go("/segments/new");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("def-id")));
        browser.find(By.id("def-id")).sendKeys("broken-" + run);
        new Select(browser.find(By.id("kind-0"))).selectByValue("metric");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("metric-0")));
        new Select(browser.find(By.id("op-0"))).selectByValue("gte");
        type(By.id("value-0"), "lots");
        browser.find(By.id("save")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#node-0.invalid")));
        assertThat(browser.text(By.cssSelector("#node-0 .problems"))).isEqualTo("Value: must be a number");
        assertThat(browser.find(By.id("value-0")).getDomAttribute("value")).isEqualTo("lots");
        assertThat(browser.find(By.id("def-id")).getDomAttribute("value")).isEqualTo("broken-" + run);
        browser.fullPageScreenshot("segment-builder-error");

        browser.find(By.id("add-group-root")).click();
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("kind-1-0")));
        browser.find(By.xpath("//*[@id='node-1-0']//button[normalize-space()='Remove']")).click();
        browser.waitUntil(ExpectedConditions.invisibilityOfElementLocated(By.id("kind-1-0")));
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-problems"),
                "No estimate"));
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate"),
                "Group: must contain at least one condition"));
        browser.signOut();
    }

    @Test
    void aViewerSeesNoEditControlsOnTheSegmentAndStagePages() throws Exception {
        String marketer = user("author", "MARKETER");
        String segment = "viewer-check-" + run;
        assertThat(call(port, "PUT", "/api/segments/" + segment, basic(marketer, "author-password"),
                "{\"name\": \"Known people\", \"condition\": {\"type\": \"identity\", \"state\": \"known\"}}")
                .statusCode()).isEqualTo(200);
        String viewer = user("viewer", "VIEWER");
        browser.signIn(viewer, "viewer-password").go("/segments");
        assertThat(browser.findAll(By.linkText("New segment"))).isEmpty();
        browser.go("/segments/" + segment);
        assertThat(browser.text(By.id("segment-words"))).isEqualTo("People who are known.");
        assertThat(browser.findAll(By.linkText("Edit segment"))).isEmpty();
        browser.fullPageScreenshot("segment-page-viewer");
        // without JavaScript the panel is a page of its own; a segment nobody entered says so in words
        String empty = "nobody-" + run;
        assertThat(call(port, "PUT", "/api/segments/" + empty, basic(marketer, "author-password"),
                "{\"name\": \"Nobody\", \"condition\": {\"type\": \"trait\", \"key\": \"plan\", \"op\": \"equals\","
                        + " \"value\": \"" + empty + "\"}}").statusCode()).isEqualTo(200);
        browser.go("/segments/" + empty + "/measurement?period=90d");
        assertThat(browser.text(By.id("measurement-empty"))).isEqualTo("Nobody is in this segment now and nobody ordered"
                + " while in it in the last 90 days, so there is nothing to measure yet.");
        assertThat(browser.findAll(By.id("measure-revenue"))).isEmpty();
        browser.fullPageScreenshot("segment-measurement-empty");
        browser.go("/segments/" + empty + "/clv");
        assertThat(browser.text(By.id("clv-empty"))).startsWith("No CLV snapshot of this segment yet.");
        assertThat(browser.findAll(By.id("clv-now"))).as("a viewer takes no snapshot").isEmpty();
        assertThat(browser.forgedPost("/segments/" + empty + "/clv", "").statusCode()).isEqualTo(403);
        assertThat(call(port, "GET", "/api/measurement/segments/" + empty + "/clv", admin, null).body())
                .as("no snapshot taken").isEqualTo("[]");
        browser.go("/stages");
        assertThat(browser.findAll(By.linkText("Edit"))).isEmpty();
        assertThat(browser.findAll(By.linkText("New stage"))).isEmpty();
        browser.go("/segments/" + segment + "/edit");
        assertThat(browser.findAll(By.id("save"))).isEmpty();
        assertThat(browser.text(By.cssSelector("main"))).contains("Your role can read definitions but not save them");
        // the estimate is a read: a viewer trying a draft sees its size too
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-words"), "People who are known"));
        assertThat(browser.text(By.id("estimate-figure"))).doesNotContain("Estimating");
        browser.signOut();
    }

    /** Keys as a person presses them, to whatever has the focus. */
    private static void press(CharSequence... keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    private static WebElement focused() {
        return browser.driver().switchTo().activeElement();
    }

    /** Presses Tab until the control has the focus: it fails when the control cannot be reached so. */
    private static void tabTo(String id) {
        moveFocusTo(id, false);
    }

    private static void shiftTabTo(String id) {
        moveFocusTo(id, true);
    }

    private static void moveFocusTo(String id, boolean backwards) {
        for (int presses = 0; presses < 80; presses++) {
            if (id.equals(focusedId())) {
                return;
            }
            Actions actions = new Actions(browser.driver());
            (backwards ? actions.keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT) : actions.sendKeys(Keys.TAB))
                    .perform();
        }
        throw new AssertionError("80 presses of " + (backwards ? "Shift+Tab" : "Tab") + " never reached #" + id);
    }

    /** Tabs to a field and types over what it holds. */
    private static void typeInto(String id, String text) {
        tabTo(id);
        new Actions(browser.driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(text).perform();
    }

    /** After a button the builder comes back changed: the focus is on the new control once it is there. */
    private static void awaitFocus(String id) {
        browser.waitUntil(driver -> id.equals(focusedId()));
    }

    /** Read in one step: htmx may replace the focused element between a lookup and a read of its id. */
    private static String focusedId() {
        return (String) browser.driver().executeScript("return document.activeElement ? document.activeElement.id : null");
    }

    /** Ids (or names) of the builder's visible form controls that have no label. */
    private static List<?> unlabelledControls() {
        return (List<?>) browser.driver().executeScript("return Array.from(document.querySelectorAll("
                + "'#builder-form input:not([type=hidden]), #builder-form select, #builder-form textarea'))"
                + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id || e.name)");
    }

    /** "1,234.50 USD" → 1234.50 */
    private static BigDecimal amount(String money) {
        return new BigDecimal(money.substring(0, money.indexOf(' ')).replace(",", ""));
    }

    private static void type(By field, String text) {
        WebElement input = browser.find(field);
        input.clear();
        input.sendKeys(text);
    }

    /** The first save starts a run over every profile: the member appears when it has reached them. */
    private static void awaitMember(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            browser.driver().navigate().refresh();
            if (browser.findAll(By.id("members")).stream().anyMatch(t -> t.getText().contains(text))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the segment page never listed " + text + ":\n" + browser.text(By.tagName("main")));
    }

    /** The pickers are read again at most 15 s after what they offered. */
    private static void awaitPicker(String option) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            browser.go("/segments/new");
            if (!browser.findAll(By.cssSelector(option)).isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the builder's pickers never offered " + option);
    }

    private static String awaitEstimate(String expected) {
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate"), expected));
        return browser.text(By.id("estimate-figure"));
    }

    private String user(String role, String roleName) throws Exception {
        String name = role + "-" + run;
        HttpResponse<String> created = call(port, "POST", "/api/admin/users", admin, "{\"username\":\"" + name
                + "\",\"password\":\"" + role + "-password\",\"role\":\"" + roleName + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    private String segmentCall(String user, String messageId, String fields) {
        return "{\"userId\":\"" + user + "\",\"messageId\":\"" + messageId + "-" + run + "\"," + fields + "}";
    }



    private void awaitProfile(String userId, String expected) throws Exception {
        String path = "/api/profiles/lookup?type=user_id&value=" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
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
