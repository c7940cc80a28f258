package dev.mlops.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.core.bundle.BundleSource;
import dev.mlops.core.bundle.TestModels;
import dev.mlops.core.naming.Service;
import dev.mlops.core.settings.ModelSettings;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The host's {@code /ui} page as a user sees it: Debian's {@code chromium}, headless, driven by Selenium through
 * Debian's {@code chromium-driver} ({@code .ci/test-packages} installs both). Checked for its content and for an
 * empty browser console; screenshots go to {@code target/screenshots/}.
 */
@Tag("integration")
public class BrowserIT {

    private static final String ECHO = """
            package com.example;
            import dev.mlops.api.*;
            import java.nio.file.Path;
            import java.util.*;
            public class Failing implements PredictionModel<Map<String, Object>, Void> {
                public Void initialization(Path folder, Secrets secrets) { return null; }
                public Object predict(Map<String, Object> data, Void state, Secrets secrets) throws ModelException {
                    throw new ModelException("the well is unknown; key " + secrets.require("API_KEY"));
                }
            }
            """;

    @TempDir
    Path work;

    private HostHarness host;
    private ChromeDriver browser;

    /** A headless Chromium that keeps its console for the test. */
    public static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--remote-allow-origins=*");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** @return the console's warnings and errors since the last call */
    public static List<String> consoleProblems(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString).toList();
    }

    /** Keeps a screenshot as build output. */
    public static Path screenshot(ChromeDriver browser, String name) throws Exception {
        Path folder = Files.createDirectories(Path.of("target", "screenshots"));
        Path file = folder.resolve(name + ".png");
        Files.move(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @BeforeEach
    void start() throws Exception {
        TestModels models = new TestModels(work.resolve("models"));
        models.folder("linear_artifact", Map.of("coefficients.txt", "1 2 3 4"));
        Path linear = models.jar("linear", Map.of("com.example.Linear", HostHarness.LINEAR));
        Path failing = models.jar("failing", Map.of("com.example.Failing", ECHO));
        Path deployments = work.resolve("deployments");
        Optional<BundleSource.LogStore> store = Optional.of(new BundleSource.LogStore(
                work.resolve("store").toString(), "mlops"));
        ModelSettings logged = models.settings("model1", "com.example.Linear", "linear_artifact",
                "monitoring:\n  sample_rate: 1");
        models.bundle(logged, Service.PREDICTION, 1, List.of(linear), deployments, store);
        ModelSettings broken = models.settings("model2", "com.example.Failing", "null", "secrets: [API_KEY]");
        models.bundle(broken, Service.PREDICTION, 1, List.of(failing), deployments, store);
        host = new HostHarness(models, deployments);
        host.start(host.options().withToken(Optional.of("ui-token-1")),
                name -> name.equals("API_KEY") ? "k-secret-42" : null);
        browser = chromium();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        host.close();
    }

    private void awaitReady() throws InterruptedException {
        HostHarness.await("functions ready", () -> {
            try {
                return host.send(host.request("/functions/model1-prediction-test-1").header("Authorization",
                        "Bearer ui-token-1").GET()).json().path("status").asText().equals("ready");
            } catch (Exception e) {
                return false;
            }
        });
    }

    private void calls(int ok) throws Exception {
        for (int i = 0; i < ok; i++) {
            host.send(host.request("/functions/model1-prediction-test-1/call").header("Authorization",
                    "Bearer ui-token-1").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\": "
                    + HostHarness.ROW + "}")));
        }
    }

    @Test
    void thePageAsksForTheTokenThenShowsFunctionsRatesLatencyErrorsAndTheLog() throws Exception {
        awaitReady();
        calls(30);
        host.send(host.request("/functions/model2-prediction-test-1/call").header("Authorization",
                "Bearer ui-token-1").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"data\": {}}")));

        browser.get("http://127.0.0.1:" + host.host().port() + "/ui");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        WebElement form = wait.until(b -> {
            WebElement element = b.findElement(By.id("token-form"));
            return element.isDisplayed() ? element : null;
        });
        assertThat(browser.findElements(By.cssSelector("#functions tbody tr"))).as("no data without the token")
                .isEmpty();
        screenshot(browser, "host-ui-token");
        browser.findElement(By.id("token")).sendKeys("ui-token-1");
        form.findElement(By.tagName("button")).click();
        wait.until(b -> ((Number) browser.executeScript(
                "return document.querySelectorAll('#functions tbody tr').length;")).intValue() == 2);
        // A second reading gives the rates: keep calling meanwhile.
        calls(40);
        // Calls go on while the page takes its readings, so that two readings differ; bounded to 20 s.
        java.util.concurrent.atomic.AtomicBoolean calling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread caller = new Thread(() -> {
            long end = System.nanoTime() + 20_000_000_000L;
            while (calling.get() && System.nanoTime() < end) {
                try {
                    calls(1);
                    Thread.sleep(20);
                } catch (Exception e) {
                    return;
                }
            }
        });
        caller.start();
        // The page redraws its rows at every reading: each row is read in one script, never element by element.
        wait.until(b -> {
            List<String> row = row("model1-prediction-test-1");
            return row.size() == 9 && !row.get(2).equals("–") && Double.parseDouble(row.get(2)) > 0;
        });
        List<String> cells = row("model1-prediction-test-1");
        calling.set(false);
        caller.join(5000);
        assertThat(cells.get(1)).isEqualTo("ready");
        assertThat(Double.parseDouble(cells.get(2))).as("requests/s").isPositive();
        assertThat(cells.get(3)).isEqualTo("0.0 %");
        assertThat(Integer.parseInt(cells.get(4))).as("calls counted so far").isGreaterThan(30);
        for (int p = 5; p <= 7; p++) {
            assertThat(Double.parseDouble(cells.get(p))).as("percentile column " + p).isPositive();
        }
        assertThat(cells.get(8)).isEqualTo("100 %");
        String errors = browser.findElement(By.id("errors")).getText();
        assertThat(errors).contains("model2-prediction-test-1", "500", "the well is unknown; key [secret]")
                .doesNotContain("k-secret-42");
        String log = browser.findElement(By.id("log")).getText();
        assertThat(log).contains("queued", "dropped, queue full 0", "dropped, write failed 0");
        assertThat(browser.getPageSource()).doesNotContain("k-secret-42");
        screenshot(browser, "host-ui");
        assertThat(consoleProblems(browser)).as("the browser console").isEmpty();
    }

    @SuppressWarnings("unchecked")
    private List<String> row(String function) {
        return (List<String>) browser.executeScript("return Array.from(document.querySelectorAll("
                + "\"tr[data-function='" + function + "'] td\")).map(td => td.textContent);");
    }

    @Test
    void theDriftReportOpensWithAHistogramPerColumn() throws Exception {
        awaitReady();
        calls(50);
        host.close();
        StringBuilder csv = new StringBuilder("ACS,RDEP,DEN\n");
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 100; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%.3f%n", 1 + random.nextGaussian(),
                    3 + random.nextGaussian(), 2 + random.nextGaussian() / 10));
        }
        Path reference = Files.writeString(work.resolve("reference.csv"), csv);
        dev.mlops.core.monitoring.LogTarget version = new dev.mlops.core.monitoring.LogTarget(
                work.resolve("store").toString(), "mlops", "model1", "test", 1, 1);
        dev.mlops.core.monitoring.DriftReport report = dev.mlops.core.monitoring.DriftReport.compute(
                new dev.mlops.core.store.LocalArtifactStore(work.resolve("store")), version, reference,
                dev.mlops.core.settings.MonitoringSettings.NONE, java.time.Instant.now().minusSeconds(3600),
                java.time.Instant.now().plusSeconds(60));
        Path json = report.write(Path.of("target", "screenshots", "drift"));
        browser.get(json.resolveSibling("model1-test.html").toAbsolutePath().toUri().toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Drift of model1 in test, version 1");
        assertThat(browser.findElements(By.cssSelector("#columns tr"))).hasSize(4);
        assertThat(browser.findElements(By.tagName("svg"))).hasSize(3);
        assertThat(browser.findElement(By.id("summary")).getText()).contains("columns drifted", "50 logged calls");
        screenshot(browser, "drift-report");
        assertThat(consoleProblems(browser)).as("the browser console").isEmpty();
    }

    @Test
    void theModelReportsPagesShowVersionsTheLedgerAndDrift() throws Exception {
        List<dev.mlops.core.registry.ArtifactVersion> versions = List.of(
                new dev.mlops.core.registry.ArtifactVersion("model1", "test", 1, "mlops", "a".repeat(64), "b",
                        10, 1, "2026-12-01T10:00:00Z", "ci", Map.of("git_commit", "abc123"), null),
                new dev.mlops.core.registry.ArtifactVersion("model1", "prod", 1, "mlops", "a".repeat(64), "b",
                        10, 1, "2026-12-02T10:00:00Z", "alice", Map.of(), "model1/test/1"));
        List<dev.mlops.core.platform.DeploymentRecord> records = List.of(
                new dev.mlops.core.platform.DeploymentRecord("deploy", "model1-prediction-prod",
                        "model1-prediction-prod-1", null, 1, "model1/prod/1", "a", "", "alice",
                        "2026-12-02T10:05:00Z", ""),
                new dev.mlops.core.platform.DeploymentRecord("rollback", "model1-prediction-prod",
                        "model1-prediction-prod-1", "model1-prediction-prod-2", 1, "model1/prod/1", "a", "", "bob",
                        "2026-12-03T09:00:00Z", "p99 <doubled>"));
        Path index = new dev.mlops.core.report.ModelReport(versions, Map.of("model1-prediction-prod", records),
                List.of()).write(Path.of("target", "screenshots", "report"));
        browser.get(index.toAbsolutePath().toUri().toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Model versions");
        assertThat(browser.findElement(By.cssSelector("table[data-env='prod']")).getText())
                .contains("model1/test/1", "alice");
        assertThat(browser.findElement(By.cssSelector("table[data-env='test']")).getText())
                .contains("git_commit = abc123");
        screenshot(browser, "report-versions");
        browser.findElement(By.linkText("Ledger")).click();
        String ledger = browser.findElement(By.id("ledger")).getText();
        assertThat(ledger).contains("rollback", "bob", "p99 <doubled>", "model1-prediction-prod-2");
        assertThat(ledger.indexOf("rollback")).as("newest first").isLessThan(ledger.indexOf("deploy"));
        screenshot(browser, "report-ledger");
        browser.findElement(By.linkText("Drift")).click();
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("No drift report yet");
        assertThat(consoleProblems(browser)).as("the browser console").isEmpty();
    }

    @Test
    void aWrongTokenShowsNoData() throws Exception {
        browser.get("http://127.0.0.1:" + host.host().port() + "/ui");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(b -> b.findElement(By.id("token-form")).isDisplayed());
        browser.findElement(By.id("token")).sendKeys("wrong");
        browser.findElement(By.cssSelector("#token-form button")).click();
        wait.until(b -> b.findElement(By.id("status")).getText().equals("the token was refused"));
        assertThat(browser.findElements(By.cssSelector("#functions tbody tr"))).isEmpty();
        assertThat(consoleProblems(browser)).isEmpty();
    }
}
