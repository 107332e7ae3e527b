package io.github.livy4j;

import java.util.List;
import java.util.Objects;

/**
 * A page of a session's log.
 *
 * @param from the number of the first line in this page
 * @param total the number of lines the log has in all
 * @param lines the lines
 */
public record LogPage(int from, int total, List<String> lines) {

  /** Validates the page and makes its lines immutable. */
  public LogPage {
    lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
  }
}
