package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static io.cdp.console.ConsoleTestData.unique;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.cdp.ConsoleBrowserTest;

/**
 * The sources page in a real browser: the admin creates a source, sees its key once with snippets
 * pointing at this server, sends an event with it and watches the live debugger show it; rotating
 * refuses the old key; a viewer sees no admin controls.
 */
class SourcesBrowserIT extends ConsoleBrowserTest {


    @Test
    void adminCreatesASourceSeesTheKeyOnceAndWatchesItsFirstEventArriveInTheDebugger() throws Exception {
        ConsoleTestData data = new ConsoleTestData(port);
        String id = unique("shop");
        browser.signIn("admin", ADMIN_PASSWORD).go("/sources");

        browser.find(By.id("source-id")).sendKeys("Not An Id");
        browser.find(By.cssSelector("#new-source button[type=submit]")).click();
        assertThat(browser.text(By.id("id-error"))).contains("lowercase letters, digits");
        assertThat(browser.find(By.id("source-id")).getDomAttribute("value")).isEqualTo("Not An Id");

        browser.find(By.id("source-id")).clear();
        browser.find(By.id("source-id")).sendKeys(id);
        browser.find(By.id("source-name")).sendKeys("Web shop");
        browser.find(By.cssSelector("#new-source button[type=submit]")).click();
        String key = browser.text(By.id("new-write-key"));
        assertThat(key).isNotBlank();
        String base = "http://127.0.0.1:" + port;
        assertThat(browser.text(By.id("code-analytics-js"))).contains("writeKey: '" + key + "'")
                .contains("apiHost: '127.0.0.1:" + port + "/v1'");
        assertThat(browser.text(By.id("code-analytics-node"))).contains("host: '" + base + "'");
        assertThat(browser.text(By.id("code-analytics-java"))).contains(".endpoint(\"" + base + "\")");
        assertThat(browser.text(By.id("code-rudderstack-js"))).contains("load('" + key + "', '" + base + "')");
        assertThat(browser.text(By.id("debugger"))).contains("No events yet. Send your first one:");
        browser.fullPageScreenshot("source-created");

        data.send(key, "/v1/track", "{\"userId\":\"u-" + id + "\",\"event\":\"Signed Up\",\"messageId\":\"m-" + id
                + "\",\"properties\":{\"plan\":\"pro\"}}");
        browser.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("debugger-events")));
        assertThat(browser.text(By.id("debugger-events"))).contains("Signed Up", "u-" + id, "track");
        browser.fullPageScreenshot("source-debugger");

        browser.go("/sources/" + id);
        assertThat(browser.findAll(By.id("new-write-key"))).as("the key is shown once").isEmpty();
        assertThat(browser.text(By.id("code-curl"))).contains("YOUR_WRITE_KEY").doesNotContain(key);
        assertThat(browser.text(By.id("debugger-events"))).contains("Signed Up");

        browser.go("/sources");
        assertThat(browser.text(By.cssSelector("table"))).contains("Web shop", id, key.substring(0, 6) + "…");
        browser.fullPageScreenshot("sources");

        browser.go("/sources/" + id).find(By.linkText("Rotate key…")).click();
        assertThat(browser.text(By.cssSelector("main"))).contains("refused from now on");
        browser.find(By.xpath("//button[normalize-space()='Rotate the key']")).click();
        String rotated = browser.text(By.id("new-write-key"));
        assertThat(rotated).isNotEqualTo(key);
        assertThat(call(port, "POST", "/v1/track", basic(key, ""), "{\"userId\":\"u\",\"event\":\"E\"}").statusCode())
                .isEqualTo(401);
        data.send(rotated, "/v1/track", "{\"userId\":\"u-" + id + "\",\"event\":\"Plan Changed\"}");

        browser.signOut();

        String viewer = data.user("VIEWER");
        browser.signIn(viewer, viewer + "-password").go("/sources");
        assertThat(browser.findAll(By.id("new-source"))).isEmpty();
        browser.go("/sources/" + id);
        assertThat(browser.findAll(By.linkText("Rotate key…"))).isEmpty();
        assertThat(browser.findAll(By.linkText("Delete…"))).isEmpty();
        assertThat(browser.text(By.id("debugger-events"))).contains("Plan Changed");
        browser.signOut();

        browser.signIn("admin", ADMIN_PASSWORD).go("/sources/" + id).find(By.linkText("Delete…")).click();
        assertThat(browser.text(By.cssSelector("main h2"))).isEqualTo("Delete source Web shop (" + id + ")?");
        browser.fullPageScreenshot("source-delete-confirm");
        browser.find(By.xpath("//button[normalize-space()='Delete " + id + "']")).click();
        browser.waitUntil(ExpectedConditions.urlContains("deleted=" + id));
        assertThat(browser.text(By.cssSelector("main .notice"))).contains("Source " + id + " deleted");
        assertThat(browser.findAll(By.xpath("//td/code[text()='" + id + "']"))).as("no longer listed").isEmpty();
        assertThat(call(port, "POST", "/v1/track", basic(rotated, ""), "{\"userId\":\"u\",\"event\":\"E\"}").statusCode())
                .isEqualTo(401);
        browser.signOut();
    }
}
