package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.basic;
import static io.cdp.AppTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.sun.net.httpserver.HttpServer;

import io.cdp.AppTestSupport;
import io.cdp.ConsoleBrowserTest;

/**
 * A marketer's activations in a real browser against the whole app on the real stack: an email
 * trigger created in the console reaches the local mail catcher when a person enters the segment
 * through the ingestion API, its preview renders for that person, a hostile webhook address is
 * refused next to its field, an audience sync shows its progress, and viewers get no edit controls.
 */
@TestPropertySource(properties = {"cdp.activation.local-smtp.enabled=true", "cdp.activation.local-smtp.port=0",
        "cdp.activation.index-prefix=cdp-t-appact-", "cdp.activation.key-file=target/activation.key",
        "cdp.activation.allowed-networks=127.0.0.1"})
class ActivationBrowserIT extends ConsoleBrowserTest {

    private final String admin = basic("admin", ADMIN_PASSWORD);

    @Autowired
    private GreenMail localSmtp;

    @Test
    void aMarketersEmailTriggerReachesAPersonWhoEntersTheSegmentAndPreviewsForThem() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String marketer = user("MARKETER", run);
        String segment = "gold-" + run;
        assertThat(call(port, "PUT", "/api/segments/" + segment, admin, "{\"name\":\"Gold " + run + "\",\"condition\":"
                + "{\"type\":\"trait\",\"key\":\"plan\",\"op\":\"equals\",\"value\":\"gold-" + run + "\"}}").statusCode())
                .isIn(200, 201);

        browser.signIn(marketer, "a-long-password");
        browser.go("/destinations/new?kind=EMAIL");
        browser.find(By.id("name")).sendKeys("Local mail " + run);
        browser.find(By.id("settings.host")).sendKeys("127.0.0.1");
        browser.find(By.id("settings.port")).sendKeys(String.valueOf(localSmtp.getSmtp().getPort()));
        browser.find(By.id("settings.from")).sendKeys("news@example.com");
        browser.find(By.cssSelector("#destination-form button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/destinations?saved="));
        assertThat(browser.text(By.id("destinations"))).contains("Local mail " + run);
        browser.fullPageScreenshot("console-destinations");

        browser.go("/activations/new?segment=" + segment);
        browser.find(By.id("name")).sendKeys("Welcome " + run);
        new Select(browser.find(By.id("destinationId"))).selectByVisibleText("Local mail " + run + " · Email (SMTP)");
        replace("subject", "Welcome {{firstName|friend}}");
        replace("body", "Hi {{firstName|friend}}, thanks for going gold.\nUnsubscribe: {{unsubscribeUrl}}");
        replace("holdoutPercent", "0");
        browser.fullPageScreenshot("console-activation-new");
        browser.find(By.xpath("//button[normalize-space()='Create activation']")).click();
        browser.waitUntil(ExpectedConditions.urlContains("?saved"));
        String activationPath = browser.path().substring(0, browser.path().indexOf('?'));

        String email = "ada-" + run + "@example.com";
        String writeKey = writeKey("shop" + run);
        assertThat(call(port, "POST", "/v1/identify", basic(writeKey, ""), "{\"userId\":\"ada-" + run + "\",\"messageId\":\"i-"
                + run + "\",\"traits\":{\"email\":\"" + email + "\",\"firstName\":\"Ada\",\"plan\":\"gold-" + run + "\"},"
                + "\"context\":{\"consent\":{\"categoryPreferences\":{\"email\":true}}}}").statusCode()).isEqualTo(200);

        String inbox = AppTestSupport.await(port, "/api/admin/local-smtp/messages", email);
        assertThat(inbox).contains("Welcome Ada").contains("Hi Ada, thanks for going gold.");

        browser.go(activationPath);
        browser.waitUntil(driver -> {
            driver.navigate().refresh();
            return driver.findElements(By.id("delivery-log")).stream().anyMatch(log -> log.getText().contains("SENT"));
        });
        assertThat(browser.text(By.id("lift-summary"))).contains("of the 1 people sent to converted")
                .contains("of the 0 held out").contains("No lift estimate yet").doesNotContain("confidence interval");
        assertThat(browser.findAll(By.cssSelector("figure.chart[data-drawn] canvas"))).isNotEmpty();
        browser.fullPageScreenshot("console-activation-detail");

        browser.go(activationPath + "/edit");
        browser.find(By.id("previewProfile")).sendKeys(email);
        browser.find(By.id("preview-button")).click();
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-subject"), "Welcome Ada"));
        assertThat(browser.text(By.id("preview-body"))).startsWith("Hi Ada, thanks for going gold.")
                .contains("/unsubscribe?token=preview");
        browser.fullPageScreenshot("console-activation-preview");

        browser.go("/activations?segment=" + segment);
        assertThat(browser.text(By.cssSelector("table"))).contains("Welcome " + run).contains("Local mail " + run)
                .contains("SENT");
        browser.fullPageScreenshot("console-activations");
        browser.signOut();
    }

    @Test
    void aWebhookAddressInTheCloudMetadataRangeIsRefusedNextToItsFieldWithWhatWasTypedKept() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        browser.signIn(user("MARKETER", run), "a-long-password");
        browser.go("/destinations/new?kind=WEBHOOK");
        browser.find(By.id("name")).sendKeys("Hook " + run);
        browser.find(By.id("settings.url")).sendKeys("http://169.254.169.254/latest/meta-data");
        browser.find(By.id("secrets.signingKey")).sendKeys("signing-key");
        browser.find(By.cssSelector("#destination-form button[type=submit]")).click();

        assertThat(browser.text(By.id("settings.url-error"))).contains("may not reach");
        assertThat(browser.find(By.id("settings.url")).getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find(By.id("settings.url")).getDomProperty("value"))
                .isEqualTo("http://169.254.169.254/latest/meta-data");
        browser.fullPageScreenshot("console-destination-refused");
        assertThat(call(port, "GET", "/api/destinations", admin, null).body()).doesNotContain("Hook " + run);
        browser.signOut();
    }

    @Test
    void aRunningAudienceSyncShowsHowFarItGotWhileTheAdPlatformHoldsItsFirstBatchThenCompletes() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String segment = "sync-" + run;
        assertThat(call(port, "PUT", "/api/segments/" + segment, admin, "{\"name\":\"Sync " + run + "\",\"condition\":"
                + "{\"type\":\"trait\",\"key\":\"plan\",\"op\":\"equals\",\"value\":\"" + segment + "\"}}").statusCode())
                .isIn(200, 201);
        String writeKey = writeKey("ads" + run);
        for (int i = 0; i < 3; i++) {
            assertThat(call(port, "POST", "/v1/identify", basic(writeKey, ""), "{\"userId\":\"ad-" + i + "-" + run
                    + "\",\"messageId\":\"ad-" + i + "-" + run + "\",\"traits\":{\"email\":\"ad-" + i + "-" + run
                    + "@example.com\",\"plan\":\"" + segment + "\"},\"context\":{\"consent\":{\"categoryPreferences\":"
                    + "{\"ads\":true}}}}").statusCode()).isEqualTo(200);
        }
        // the sync counts the entries activation has recorded: all three, before it starts (a CLV snapshot counts them)
        AppTestSupport.await(port, "POST", "/api/measurement/segments/" + segment + "/clv", "\"members\":3,");

        // the ad platform holds the first batch until the test lets it through: the sync is running, at 0 of 3
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer meta = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        meta.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            arrived.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] ok = "{\"num_received\":3}".getBytes();
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        meta.start();
        try {
            String destination = field(call(port, "POST", "/api/destinations", admin, "{\"name\":\"Meta " + run
                    + "\",\"kind\":\"META\",\"settings\":{\"baseUrl\":\"http://127.0.0.1:" + meta.getAddress().getPort()
                    + "\",\"audienceId\":\"a-" + run + "\"},\"secrets\":{\"accessToken\":\"t\"}}").body(), "id");

            browser.signIn(user("MARKETER", run), "a-long-password");
            browser.go("/activations/new?segment=" + segment + "&mode=AUDIENCE_SYNC");
            browser.find(By.id("name")).sendKeys("Ads " + run);
            new Select(browser.find(By.id("destinationId"))).selectByValue(destination);
            replace("subject", "");
            replace("body", "");
            browser.find(By.xpath("//button[normalize-space()='Create activation']")).click();
            browser.waitUntil(ExpectedConditions.urlContains("?saved"));
            assertThat(arrived.await(60, TimeUnit.SECONDS)).as("the first batch reached the ad platform").isTrue();

            assertThat(browser.text(By.id("sync-progress"))).contains("Syncing…").contains("0 of 3 people checked");
            assertThat(browser.find(By.id("sync-bar")).getDomAttribute("max")).isEqualTo("3");
            assertThat(browser.find(By.id("sync-bar")).getDomAttribute("value")).isEqualTo("0");
            assertThat(browser.find(By.id("sync-progress")).getDomAttribute("hx-trigger")).as("it polls while running")
                    .isEqualTo("every 2s");
            browser.fullPageScreenshot("console-activation-sync-running");

            release.countDown();
            // the page follows by itself (htmx polling), without a reload
            browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-progress"), "In sync"));
            assertThat(browser.text(By.id("sync-progress"))).contains("3 of 3 people checked; 3 added, 0 removed");
            assertThat(browser.find(By.id("sync-bar")).getDomAttribute("value")).isEqualTo("3");
            browser.fullPageScreenshot("console-activation-sync");
            browser.signOut();
        } finally {
            release.countDown();
            meta.stop(0);
        }
    }

    @Test
    void aMarketerDeletesAnActivationThenItsDestinationWhichWasRefusedWhileTheActivationUsedIt() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String destinationId = field(call(port, "POST", "/api/destinations", admin, "{\"name\":\"Hook " + run
                + "\",\"kind\":\"WEBHOOK\",\"settings\":{\"url\":\"http://127.0.0.1:9/hook\"},\"secrets\":{\"signingKey\":\"k\"}}").body(), "id");
        String activationId = field(call(port, "POST", "/api/activations", admin, "{\"name\":\"Ping " + run
                + "\",\"segmentId\":\"ping-" + run + "\",\"destinationId\":\"" + destinationId
                + "\",\"mode\":\"TRIGGER\"}").body(), "id");

        // the API refuses to delete a destination in use, naming the activation
        HttpResponse<String> refused = call(port, "DELETE", "/api/destinations/" + destinationId, admin, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("\"field\":\"destinationId\"").contains("\"rule\":\"inUse\"")
                .contains("Ping " + run);

        browser.signIn(user("MARKETER", run), "a-long-password");
        browser.go("/destinations");
        browser.find(By.cssSelector("a[aria-label='Activations sending to Hook " + run + "']")).click();
        assertThat(browser.text(By.id("activations-heading"))).isEqualTo("What the platform sends to Hook " + run);
        assertThat(browser.text(By.cssSelector("main table"))).contains("Ping " + run).contains("Webhook");
        browser.go("/destinations");
        browser.find(By.cssSelector("a[aria-label='Delete Hook " + run + "']")).click();
        assertThat(browser.text(By.id("in-use"))).startsWith("One activation sends to it.");
        assertThat(browser.text(By.id("users"))).contains("Ping " + run).contains("segment ping-" + run);
        assertThat(browser.findAll(By.id("confirm-delete"))).isEmpty();
        browser.fullPageScreenshot("console-destination-delete-in-use");
        assertThat(browser.forgedPost("/destinations/" + destinationId + "/delete", "").statusCode()).isEqualTo(403);

        browser.find(By.linkText("Ping " + run)).click();
        browser.find(By.linkText("Delete")).click();
        assertThat(browser.text(By.cssSelector("main h2"))).isEqualTo("Delete the activation Ping " + run + "?");
        assertThat(browser.text(By.id("what-stops"))).contains("People who enter segment ping-" + run
                + " get nothing more from Hook " + run).contains("No send is waiting").contains("already sent stays sent");
        browser.fullPageScreenshot("console-activation-delete");
        assertThat(browser.forgedPost("/activations/" + activationId + "/delete", "").statusCode()).isEqualTo(403);
        assertThat(call(port, "GET", "/api/activations/" + activationId, admin, null).statusCode()).isEqualTo(200);
        browser.find(By.id("confirm-delete")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/activations?deleted="));
        assertThat(browser.text(By.cssSelector("[role=status]"))).isEqualTo("Activation Ping " + run + " deleted.");
        assertThat(call(port, "GET", "/api/activations/" + activationId, admin, null).statusCode()).isEqualTo(404);

        browser.go("/destinations/" + destinationId + "/delete");
        assertThat(browser.text(By.id("what-goes"))).startsWith("No activation sends to it.");
        browser.find(By.id("confirm-delete")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/destinations?deleted="));
        assertThat(browser.text(By.cssSelector("[role=status]"))).isEqualTo("Destination Hook " + run + " deleted.");
        assertThat(browser.findAll(By.cssSelector("a[aria-label='Delete Hook " + run + "']"))).isEmpty();
        assertThat(call(port, "GET", "/api/destinations/" + destinationId, admin, null).statusCode()).isEqualTo(404);
        browser.signOut();
    }

    @Test
    void aViewerSeesNoEditControlsAndAForgedPostWithoutTheCsrfTokenIsRefused() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String destination = call(port, "POST", "/api/destinations", admin, "{\"name\":\"Mail " + run
                + "\",\"kind\":\"EMAIL\",\"settings\":{\"host\":\"127.0.0.1\",\"port\":\"" + localSmtp.getSmtp().getPort()
                + "\",\"from\":\"a@example.com\"}}").body();
        String destinationId = field(destination, "id");
        String activation = call(port, "POST", "/api/activations", admin, "{\"name\":\"Kept " + run
                + "\",\"segmentId\":\"kept-" + run + "\",\"destinationId\":\"" + destinationId
                + "\",\"mode\":\"TRIGGER\",\"template\":{\"subject\":\"s\",\"body\":\"b\"}}").body();
        String activationId = field(activation, "id");

        browser.signIn(user("VIEWER", run), "a-long-password");
        browser.go("/activations/" + activationId);
        assertThat(browser.text(By.cssSelector(".topbar h1"))).isEqualTo("Kept " + run);
        assertThat(browser.findAll(By.linkText("Edit"))).isEmpty();
        assertThat(browser.findAll(By.linkText("Delete"))).isEmpty();
        browser.go("/activations");
        assertThat(browser.findAll(By.linkText("New activation"))).isEmpty();
        browser.go("/destinations");
        assertThat(browser.findAll(By.linkText("Edit"))).isEmpty();
        assertThat(browser.findAll(By.linkText("Webhook"))).isEmpty();
        browser.fullPageScreenshot("console-destinations-viewer");

        String form = "name=Forged&segmentId=kept-" + run + "&destinationId=" + destinationId
                + "&mode=TRIGGER&onEntry=true&subject=forged&body=forged";
        assertThat(browser.forgedPost("/activations/" + activationId, form).statusCode()).isEqualTo(403);
        browser.signOut();
        browser.signIn(user("MARKETER", run), "a-long-password");
        assertThat(browser.forgedPost("/activations/" + activationId, form).statusCode()).isEqualTo(403);
        assertThat(call(port, "GET", "/api/activations/" + activationId, admin, null).body())
                .contains("Kept " + run).doesNotContain("Forged");
        browser.signOut();
    }

    /** Clears a field and types into it, as a person selecting all and typing over it does. */
    private static void replace(String id, String text) {
        browser.find(By.id(id)).clear();
        browser.find(By.id(id)).sendKeys(text);
    }

    private String user(String role, String run) throws Exception {
        String name = role.toLowerCase() + "-" + run;
        var created = call(port, "POST", "/api/admin/users", admin,
                "{\"username\":\"" + name + "\",\"password\":\"a-long-password\",\"role\":\"" + role + "\"}");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 409);
        return name;
    }

    private String writeKey(String sourceId) throws Exception {
        var response = call(port, "POST", "/api/admin/sources", admin, "{\"id\":\"" + sourceId + "\",\"name\":\"" + sourceId + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return field(response.body(), "writeKey");
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(value.find()).as(json).isTrue();
        return value.group(1);
    }
}
