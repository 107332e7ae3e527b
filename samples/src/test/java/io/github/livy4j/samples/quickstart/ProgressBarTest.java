package io.github.livy4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.PollStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static PollResponse at(String state, Double progress) {
    return new PollResponse(PollStatus.IN_PROGRESS, state, null, progress, 1, Duration.ZERO);
  }

  @Test
  void drawsTheShareDone_redrawingOnlyWhatChanged_andEndsTheLine() {
    ProgressBar bar = new ProgressBar(err);
    bar.onPoll(at("waiting", null));
    bar.onPoll(at("running", 0.5));
    bar.onPoll(at("running", 0.5));
    bar.onPoll(at("running", 1.0));
    ProgressBar.finish(err);
    String blank = " ".repeat(30);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "\r["
                + blank
                + "]   0% waiting   "
                + "\r["
                + "#".repeat(15)
                + " ".repeat(15)
                + "]  50% running   "
                + "\r["
                + "#".repeat(30)
                + "] 100% running   "
                + System.lineSeparator());
  }

  @Test
  void progressOutsideZeroToOne_isClampedInTheBar() {
    ProgressBar bar = new ProgressBar(err);
    bar.onPoll(at("running", 1.7));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith("\r[" + "#".repeat(30) + "]");
  }
}
