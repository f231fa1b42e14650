package io.cdp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driving the
 * console of the app under test. Screenshots go to {@code target/screenshots/} for a reviewer.
 * When the browser is missing and the tests run as root on Debian, it is installed first, as
 * {@code .ci/run} does, so that {@code ./mvnw -B verify} works on a fresh machine.
 */
public final class ConsoleBrowser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String base;

    private ConsoleBrowser(int port) {
        installWhenMissing();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        this.base = "http://127.0.0.1:" + port;
    }

    public static ConsoleBrowser open(int port) {
        return new ConsoleBrowser(port);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public ConsoleBrowser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** Signs in through the form, as a person does; a refused attempt stays on the form, saying why. */
    public ConsoleBrowser signIn(String username, String password) {
        go("/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitUntil(ExpectedConditions.not(ExpectedConditions.urlToBe(base + "/login")));
        return this;
    }

    public ConsoleBrowser signOut() {
        driver.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();
        waitUntil(ExpectedConditions.urlContains("/login"));
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /**
     * The element once the page shows it: after a click that submits a form the old page may still be displayed
     * for a moment, so a lookup waits (up to 20 s) instead of failing on the old page.
     */
    public WebElement find(By by) {
        return waitUntil(ExpectedConditions.presenceOfElementLocated(by));
    }

    public List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** The element's text once the page shows it; an element htmx swapped meanwhile is looked up again. */
    public String text(By by) {
        return waitUntil(d -> d.findElement(by).getText());
    }

    /** Waits for something htmx or a chart does after the page loaded; fails the test after 20 s. */
    public <T> T waitUntil(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nthe page said:\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** The cookie a signed-in browser holds, for requests forged outside its pages. */
    public String sessionCookie() {
        return "JSESSIONID=" + driver.manage().getCookieNamed("JSESSIONID").getValue();
    }

    /**
     * A form POST as a page elsewhere would forge it: with the signed-in browser's session cookie but
     * without the CSRF token of the console's pages.
     */
    public HttpResponse<String> forgedPost(String path, String form) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Cookie", sessionCookie())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting", e);
        }
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, not just the window: long tables and builders fit in one picture. */
    public Path fullPageScreenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), Math.min(6000, height.intValue() + 150)));
        try {
            return screenshot(name);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    public ConsoleBrowser resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        return this;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static synchronized void installWhenMissing() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            throw new IllegalStateException("browser tests need Debian's chromium and chromium-driver packages at "
                    + CHROMIUM + " and " + CHROMEDRIVER);
        }
        run("apt-get", "update", "-qq");
        run("apt-get", "install", "-y", "-qq", "chromium", "chromium-driver");
    }

    private static void run(String... command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("could not install the browser: " + String.join(" ", command)
                        + " failed (run it as root, or install chromium and chromium-driver yourself)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the browser", e);
        }
    }
}
