package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.AppTestSupport.profileId;
import static io.cdp.console.ConsoleTestData.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;

import io.cdp.ConsoleBrowserTest;

/**
 * The profile pages in a real browser: a visitor browses anonymously on two devices and identifies on
 * both; a marketer finds the person by email and sees one profile with every identity, the merge and
 * the timeline; a viewer sees no admin actions; the admin erases the person after a confirmation.
 */
class ProfileBrowserIT extends ConsoleBrowserTest {


    @Test
    void marketerFindsAnIdentifiedVisitorByEmailAndSeesMergedIdentitiesAndTimelineViewerSeesNoAdminActions()
            throws Exception {
        ConsoleTestData data = new ConsoleTestData(port);
        String run = unique("p");
        String webSource = "web" + run;
        String web = data.writeKey(webSource);
        String laptop = "laptop-" + run;
        String phone = "phone-" + run;
        String userId = "u-" + run;
        String email = "anna." + run + "@example.com";

        data.send(web, "/v1/page", "{\"anonymousId\":\"" + laptop + "\",\"name\":\"Home\",\"messageId\":\"p1-" + run + "\"}");
        data.send(web, "/v1/track", "{\"anonymousId\":\"" + laptop + "\",\"event\":\"Product Viewed\",\"messageId\":\"v1-" + run
                + "\",\"properties\":{\"product_id\":\"shoe-1\"}}");
        data.send(web, "/v1/identify", "{\"anonymousId\":\"" + laptop + "\",\"userId\":\"" + userId + "\",\"messageId\":\"i1-" + run
                + "\",\"traits\":{\"email\":\"" + email + "\",\"name\":\"Anna Lind\",\"country\":\"SE\"}}");
        data.send(web, "/v1/track", "{\"userId\":\"" + userId + "\",\"event\":\"Order Completed\",\"messageId\":\"o1-" + run
                + "\",\"properties\":{\"order_id\":\"A-" + run + "\",\"revenue\":42.50,\"currency\":\"USD\"}}");
        // the same person on a second device, anonymous first, then signed in: the phone's profile merges
        data.send(web, "/v1/page", "{\"anonymousId\":\"" + phone + "\",\"name\":\"Sale\",\"messageId\":\"p2-" + run + "\"}");
        String survivor = profileId(data.await("/api/profiles/lookup?type=email&value=" + URLEncoder.encode(email,
                StandardCharsets.UTF_8), "\"orders\":1"));
        data.send(web, "/v1/identify", "{\"anonymousId\":\"" + phone + "\",\"userId\":\"" + userId + "\",\"messageId\":\"i2-" + run + "\"}");
        data.await("/api/profiles/lookup?type=anonymousId&value=" + phone, "\"profileId\":\"" + survivor + "\"");
        data.await("/api/profiles/" + survivor + "/events?size=10", "i2-" + run);

        String marketer = data.user("MARKETER");
        browser.signIn(marketer, marketer + "-password").go("/profiles");
        new Select(browser.find(By.id("type"))).selectByValue("email");
        browser.find(By.id("q")).sendKeys(email.toUpperCase());
        browser.find(By.cssSelector("form[role=search] button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains("q="));
        assertThat(browser.text(By.cssSelector(".pager .count"))).isEqualTo("1–1 of 1");
        assertThat(browser.findAll(By.cssSelector("main .empty-state"))).as("no empty state above a result").isEmpty();
        browser.fullPageScreenshot("profiles-search");

        browser.find(By.linkText("Anna Lind")).click();
        browser.waitUntil(ExpectedConditions.urlContains("/profiles/" + survivor));
        String identities = browser.text(By.xpath("//section[h2[@id='identities-heading']]"));
        assertThat(identities).contains("user_id", userId).contains("email", email)
                .contains("anonymous_id", laptop).contains(phone);
        assertThat(browser.text(By.xpath("//section[h2[@id='identities-heading']]//h3/following-sibling::div")))
                .as("the phone's profile, merged into the survivor").contains(phone);
        assertThat(browser.text(By.xpath("//section[h2[@id='traits-heading']]"))).contains("country", "SE", webSource);
        assertThat(browser.text(By.xpath("//section[h2[@id='metrics-heading']]"))).contains("Orders\n1").contains("42.50 USD");
        String timeline = browser.text(By.id("timeline"));
        assertThat(timeline).contains("Order Completed", "Product Viewed", "page: Home", "page: Sale", "identify");
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("memberships"), "Journey stage"));
        assertThat(browser.findAll(By.linkText("Erase…"))).as("a marketer has no admin actions").isEmpty();
        browser.fullPageScreenshot("profile");

        new Select(browser.find(By.id("event-filter"))).selectByValue("Order Completed");
        WebElement before = browser.find(By.id("timeline"));
        browser.find(By.cssSelector("#timeline button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.stalenessOf(before));
        assertThat(browser.path()).as("htmx replaced the timeline, the filter is in the address")
                .isEqualTo("/profiles/" + survivor + "/events?event=Order%20Completed");
        assertThat(browser.text(By.cssSelector("#timeline tbody"))).contains("Order Completed")
                .doesNotContain("Product Viewed").doesNotContain("page: Home");
        assertThat(browser.text(By.cssSelector("#timeline .pager .count"))).isEqualTo("1–1 of 1");
        browser.screenshot("profile-timeline-filtered");
        browser.driver().navigate().refresh();
        assertThat(browser.path()).as("a reload shows the whole page, still filtered")
                .startsWith("/profiles/" + survivor + "?offset=0&event=Order");
        assertThat(browser.text(By.cssSelector("#timeline tbody"))).contains("Order Completed").doesNotContain("Product Viewed");

        browser.resize(390, 844).go("/profiles/" + survivor);
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("memberships"), "Journey stage"));
        browser.fullPageScreenshot("profile-390");
        browser.resize(1280, 900).signOut();

        String viewer = data.user("VIEWER");
        browser.signIn(viewer, viewer + "-password").go("/profiles/" + survivor);
        assertThat(browser.text(By.id("person-heading"))).isEqualTo("Anna Lind");
        assertThat(browser.findAll(By.linkText("Erase…"))).isEmpty();
        assertThat(browser.findAll(By.linkText("Export (GDPR)"))).isEmpty();
        browser.go("/admin/profiles/" + survivor + "/erase");
        assertThat(browser.text(By.cssSelector("main"))).contains("Your role does not allow this");
        browser.go("/profiles").signOut();

        browser.signIn("admin", ADMIN_PASSWORD).go("/profiles/" + survivor);
        assertThat(browser.find(By.linkText("Export (GDPR)")).getDomAttribute("href"))
                .isEqualTo("/admin/profiles/" + survivor + "/export");
        HttpResponse<String> export = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/admin/profiles/" + survivor + "/export"))
                .header("Cookie", browser.sessionCookie()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"profile-" + survivor + ".json\"");
        assertThat(export.body()).contains(email, laptop, phone, "o1-" + run);
        browser.find(By.linkText("Erase…")).click();
        assertThat(browser.text(By.cssSelector("main h2"))).isEqualTo("Erase " + email + "?");
        assertThat(browser.text(By.cssSelector("main"))).contains(laptop, phone, userId);
        browser.fullPageScreenshot("profile-erase-confirm");
        browser.find(By.xpath("//button[normalize-space()='Erase this person']")).click();
        browser.waitUntil(ExpectedConditions.urlContains("erased"));
        browser.go("/profiles?type=email&q=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        assertThat(browser.text(By.cssSelector("main"))).contains("Nobody matches this search.");
        browser.signOut();
    }
}
