package io.cdp.console;

import static io.cdp.AppTestSupport.ADMIN_PASSWORD;
import static io.cdp.console.ConsoleTestData.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Value;

import io.cdp.ConsoleBrowserTest;

/** The admin's CSV upload in a real browser: progress, the imported rows and the row that broke a rule. */
class ImportBrowserIT extends ConsoleBrowserTest {


    @Test
    void adminUploadsContactsWithOneBadRowAndSeesTheImportFinishWithThatRowsError() throws Exception {
        ConsoleTestData data = new ConsoleTestData(port);
        String source = unique("crm");
        data.writeKey(source);
        String run = unique("c");
        Path csv = Files.createTempFile("contacts-", ".csv");
        Files.writeString(csv, """
                userId,email,first_name,city
                u-%1$s,ann.%1$s@example.com,Ann,Berlin
                ,bob.%1$s@example.com,Bob,
                ,,Nobody,Paris
                """.formatted(run));

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/imports");
        browser.fullPageScreenshot("imports");
        new Select(browser.find(By.id("kind"))).selectByValue("CONTACTS");
        new Select(browser.find(By.id("source"))).selectByValue(source);
        browser.find(By.id("zone")).sendKeys("Mars/Olympus");
        browser.find(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.find(By.cssSelector("#upload button[type=submit]")).click();
        assertThat(browser.text(By.id("zone-error"))).contains("time-zone id");
        assertThat(browser.find(By.id("zone")).getDomAttribute("value")).isEqualTo("Mars/Olympus");

        browser.find(By.id("zone")).clear();
        browser.find(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.find(By.cssSelector("#upload button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlMatches("/admin/imports/[0-9a-f-]{36}$"));
        assertThat(browser.findAll(By.cssSelector("#progress progress"))).hasSize(1);
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("import-state"), "Done"));
        assertThat(browser.text(By.id("import-state"))).isEqualTo("Done: 3 rows, 2 imported, 1 rejected.");
        assertThat(browser.find(By.cssSelector("#progress progress")).getDomAttribute("value")).isEqualTo("100");
        String errors = browser.text(By.id("row-errors"));
        assertThat(errors).contains("4", "user_id", "required", "a contact needs one of")
                .as("never a value of the file").doesNotContain("Nobody").doesNotContain("Paris");
        browser.fullPageScreenshot("import-report");

        data.await("/api/profiles/lookup?type=email&value=bob." + run + "@example.com", "\"first_name\"");
        browser.go("/admin/imports");
        assertThat(browser.text(By.cssSelector("main table"))).contains(csv.getFileName().toString(), source, "done");
        browser.signOut();
        Files.delete(csv);
    }

    @Test
    void adminUploadsProductCostsAndSeesTheStoredRowsAndTheRowWithANegativeCost() throws Exception {
        String run = unique("p");
        Path csv = Files.createTempFile("costs-", ".csv");
        Files.writeString(csv, """
                product_id,cost,currency,valid_from
                mug-%1$s,4.20,USD,2024-01-01
                tea-%1$s,-1,USD,
                """.formatted(run));

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/imports");
        new Select(browser.find(By.id("kind"))).selectByValue("COSTS");
        browser.find(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.find(By.cssSelector("#upload button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlMatches("/admin/imports/[0-9a-f-]{36}$"));
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("import-state"), "Done"));

        assertThat(browser.text(By.id("import-state"))).isEqualTo("Done: 2 rows, 1 imported, 1 rejected.");
        assertThat(browser.text(By.id("row-errors"))).contains("3", "cost", "non-negative");
        browser.go("/admin/imports");
        assertThat(browser.text(By.cssSelector("main table"))).contains(csv.getFileName().toString(), "costs", "done");
        browser.signOut();
        Files.delete(csv);
    }

    @Test
    void adminUploadsYearsOfOrdersAndTheReportSaysWhichTimeWindowsTheHistoryFallsInto() throws Exception {
        ConsoleTestData data = new ConsoleTestData(port);
        String source = unique("pos");
        data.writeKey(source);
        String run = unique("o");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Path csv = Files.createTempFile("orders-", ".csv");
        Files.writeString(csv, """
                order_id,email,timestamp,revenue,currency
                %1$s-1,ann.%1$s@example.com,%2$s,10,USD
                %1$s-2,ann.%1$s@example.com,%3$s,20,USD
                """.formatted(run, today.minusDays(1000), today.minusDays(3)));

        browser.signIn("admin", ADMIN_PASSWORD).go("/admin/imports");
        new Select(browser.find(By.id("kind"))).selectByValue("ORDERS");
        new Select(browser.find(By.id("source"))).selectByValue(source);
        browser.find(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.find(By.cssSelector("#upload button[type=submit]")).click();
        browser.waitUntil(ExpectedConditions.urlMatches("/admin/imports/[0-9a-f-]{36}$"));
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("import-state"), "Done"));

        // the shipped stage "Service: ordered in the last 30 days" looks at the last order of the last 30 days
        String history = browser.text(By.id("history-windows"));
        assertThat(history).contains("1 of 2 orders (50 %) are older than", "in no time-window segment")
                .contains("Stage 'Service: ordered in the last 30 days': last order within the last 30 days: the"
                        + " latest imported order of 1 of 1 customers (100 %) is inside its window");
        browser.fullPageScreenshot("import-history");
        browser.signOut();
        Files.delete(csv);
    }
}
