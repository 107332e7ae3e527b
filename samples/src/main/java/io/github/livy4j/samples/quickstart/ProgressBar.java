package io.github.livy4j.samples.quickstart;

import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import java.io.PrintStream;
import java.util.Locale;

/** Draws a one-line progress bar on stderr from a statement's poll observations. */
final class ProgressBar implements PollListener {
  private static final int WIDTH = 30;
  private final PrintStream err;
  private String last = "";

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public void onPoll(PollResponse r) {
    double p = r.progressValue().orElse(0.0);
    int filled = (int) Math.round(Math.max(0, Math.min(1, p)) * WIDTH);
    String line =
        String.format(
            Locale.ROOT,
            "[%s%s] %3d%% %-10s",
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            Math.round(p * 100),
            r.state());
    if (!line.equals(last)) {
      last = line;
      err.print("\r" + line);
      err.flush();
    }
  }

  static void finish(PrintStream err) {
    err.println();
  }
}
