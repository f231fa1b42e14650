package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;

import io.cdp.ConsoleBrowserTest;

/** Signing in to the console, roles in the pages, and CSRF: in a real browser against the real stack. */
class ConsoleSecurityBrowserIT extends ConsoleBrowserTest {


    @Test
    void adminSignsInAddsAViewerWhoSeesNoEditControlsAndCannotForgeAPost() throws Exception {
        browser.go("/segments");
        assertThat(browser.path()).startsWith("/login");
        browser.screenshot("console-sign-in");

        browser.signIn("admin", "wrong-password");
        assertThat(browser.text(By.cssSelector("[role=alert]"))).contains("Wrong username or password");

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin");
        assertThat(browser.text(By.cssSelector(".topbar .role"))).isEqualTo("Admin");
        assertThat(browser.findAll(By.linkText("Admin"))).hasSize(1);

        String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
        browser.find(By.id("username")).sendKeys(viewer);
        browser.find(By.id("password")).sendKeys("short");
        browser.find(By.cssSelector("#new-user button[type=submit]")).click();
        assertThat(browser.text(By.id("password-error"))).contains("at least 8 characters");
        assertThat(browser.find(By.id("username")).getDomAttribute("value")).isEqualTo(viewer);
        assertThat(browser.find(By.id("password")).getDomAttribute("aria-invalid")).isEqualTo("true");
        browser.fullPageScreenshot("console-admin-user-error");

        browser.find(By.id("password")).sendKeys("viewer-password");
        new Select(browser.find(By.id("role"))).selectByValue("VIEWER");
        browser.find(By.cssSelector("#new-user button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlContains("created="));
        assertThat(browser.text(By.cssSelector("table"))).contains(viewer);
        browser.fullPageScreenshot("console-admin-users");
        browser.signOut();
        assertThat(browser.text(By.cssSelector(".notice"))).contains("signed out");

        browser.signIn(viewer, "viewer-password");
        assertThat(browser.text(By.cssSelector(".topbar .role"))).isEqualTo("Viewer");
        assertThat(browser.findAll(By.linkText("Admin"))).isEmpty();
        browser.go("/admin");
        assertThat(browser.text(By.cssSelector("main"))).contains("Your role does not allow this");

        // a page elsewhere posting with the viewer's cookie but without the page's CSRF token
        String forged = "forged-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> refused = browser.forgedPost("/admin/users",
                "username=" + forged + "&password=forged-password&role=ADMIN");
        assertThat(refused.statusCode()).isEqualTo(403);
        browser.signOut().signIn("admin", ADMIN_PASSWORD);
        HttpResponse<String> adminForged = browser.forgedPost("/admin/users",
                "username=" + forged + "&password=forged-password&role=ADMIN");
        assertThat(adminForged.statusCode()).isEqualTo(403);
        browser.go("/admin");
        assertThat(browser.text(By.cssSelector("table"))).contains(viewer).doesNotContain(forged);
        browser.signOut();
    }
}
