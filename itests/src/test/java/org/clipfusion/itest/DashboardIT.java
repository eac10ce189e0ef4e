package org.clipfusion.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the built distribution: without a token it shows only the token
 * form (and a wrong token is refused); with one it goes live, shows a detection made through the API within 2 s of the
 * API's answer with its overlay picture, score, decision and threshold, and uploads an image itself; the browser
 * console has no errors meanwhile.
 */
public class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final long LIVE_LIMIT_MILLIS = 2000;

    @Test
    public void liveDashboardInHeadlessChromium() throws Exception {
        assertTrue("the dashboard test needs Debian's chromium and chromium-driver (apt-get install -y chromium "
                + "chromium-driver; .ci/run does it)", Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER));
        Path work = Path.of(System.getProperty("clipfusion.examDir"), "dashboard");
        ItestFiles.deleteRecursively(work);
        Path bright = ItestImages.png(work.resolve("images"), "bright.png", 100, true);
        Path dark = ItestImages.png(work.resolve("images"), "dark.png", 10, false);
        KarafProcess karaf = KarafProcess.unpack(Path.of(System.getProperty("clipfusion.distribution")),
                work.resolve("karaf"), System.getProperty("clipfusion.javacppCache"));
        karaf.deploy(Path.of(System.getProperty("clipfusion.checkBundle")));
        karaf.writeConfiguration("org.clipfusion.itest.brightness.cfg", "enabled = true");
        karaf.writeConfiguration("org.clipfusion.category-line.cfg", "name = line", "scorers = itest-brightness",
                "thresholdMode = value", "threshold = 0.2");
        HttpApiClient api = new HttpApiClient(karaf.httpPort());
        WebDriver browser = null;
        try {
            karaf.start();
            KarafProcess.awaitTrue("health UP", 120, () -> api.get("/api/v1/health", null).status() == 200);
            String operator = karaf.shellOk("clipfusion:token-create --role operator line-screen").trim();
            browser = chromium(work.resolve("chromium-profile"));
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(20));

            // no token: the token form, nothing else
            browser.get(api.base() + "/dashboard/");
            wait.until(d -> d.findElement(By.id("login")).isDisplayed());
            assertTrue(browser.findElement(By.id("login")).getText().contains("Access token required"));
            assertFalse(browser.findElement(By.id("dashboard")).isDisplayed());
            assertNoConsoleErrors(browser);

            // with a token: live
            browser.findElement(By.id("token-input")).sendKeys(operator);
            browser.findElement(By.cssSelector("#login-form button")).click();
            wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
            assertTrue(browser.findElement(By.id("dashboard")).isDisplayed());

            // a detection through the API shows within 2 s, with its overlay
            HttpApiClient.Reply made = api.inspect(operator, "line", "live-1", bright);
            long answered = System.nanoTime();
            assertEquals(made.text(), 201, made.status());
            By overlay = By.cssSelector("#recent li[data-request-id='live-1'] img.overlay[data-loaded='true']");
            WebElement shown = wait.until(d -> d.findElements(overlay).stream().findFirst().orElse(null));
            long shownAfter = (System.nanoTime() - answered) / 1_000_000;
            System.out.println("dashboard showed live-1 with its overlay " + shownAfter + " ms after the API answered");
            assertTrue("shown after " + shownAfter + " ms", shownAfter <= LIVE_LIMIT_MILLIS);
            Number overlayWidth = (Number) ((JavascriptExecutor) browser).executeScript(
                    "return arguments[0].naturalWidth;", shown);
            assertEquals("the overlay is drawn on the inspected image", ItestImages.SIZE, overlayWidth.intValue());
            wait.until(d -> "live-1".equals(d.findElement(By.id("latest")).getAttribute("data-request-id")));
            String latest = browser.findElement(By.id("latest")).getText();
            assertTrue(latest, latest.contains("ANOMALOUS"));
            assertTrue(latest, latest.contains("0.2000 (FIXED_VALUE)"));
            assertTrue(latest, latest.contains("itest-brightness-model"));
            assertTrue(latest, latest.contains(String.format(java.util.Locale.ROOT, "%.4f",
                    made.json().path("imageScore").asDouble())));
            wait.until(d -> d.findElement(By.cssSelector("#latest img.mask")).getAttribute("data-loaded")
                    .equals("true"));
            wait.until(d -> d.findElement(By.cssSelector("#counts tr[data-category='line']")).getText()
                    .startsWith("line 0 1 0"));
            assertTrue(browser.findElement(By.id("histogram-legend")).getText().contains("1 results"));
            wait.until(d -> d.findElement(By.id("scorers")).getText().contains("itest-brightness LOADED"));

            // an upload from the page
            browser.findElement(By.id("upload-file")).sendKeys(dark.toString());
            browser.findElement(By.cssSelector("#upload-form button")).click();
            wait.until(d -> d.findElement(By.id("upload-status")).getText().startsWith("dark.png: NORMAL"));
            wait.until(d -> d.findElement(By.cssSelector("#counts tr[data-category='line']")).getText()
                    .startsWith("line 1 1 0"));
            assertNoConsoleErrors(browser);

            // a wrong token is refused
            browser.findElement(By.id("forget-token")).click();
            wait.until(d -> d.findElement(By.id("login")).isDisplayed());
            browser.findElement(By.id("token-input")).sendKeys("cf_wrong");
            browser.findElement(By.cssSelector("#login-form button")).click();
            wait.until(d -> d.findElement(By.id("login-error")).getText().startsWith("Access refused"));
            assertFalse(browser.findElement(By.id("dashboard")).isDisplayed());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            karaf.stop();
        }
    }

    private static WebDriver chromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void assertNoConsoleErrors(WebDriver browser) {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertTrue("console errors:\n" + errors.stream().map(LogEntry::toString).collect(Collectors.joining("\n")),
                errors.isEmpty());
    }
}
