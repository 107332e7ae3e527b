package io.github.livy4j;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * The test run's log lines (TRACE and up for livy4j): the latest 20,000 are kept, and every
 * line is checked for secrets as it is written, so that {@link NoSecretLeaks} sees them all.
 */
public final class CapturedLogs {
  private static final int KEPT = 20_000;
  private static final java.util.ArrayDeque<String> LINES = new java.util.ArrayDeque<>();
  private static final List<Leak> LEAKS = new ArrayList<>();
  private static long written;

  private CapturedLogs() {}

  /** A line that held a secret, masked, with its place in the run. */
  record Leak(long at, String masked) {}

  /** @return a copy of the latest lines, with exception messages */
  public static synchronized List<String> lines() {
    return List.copyOf(LINES);
  }

  /** @return how many lines were written so far: a mark for {@link #since} */
  public static synchronized long mark() {
    return written;
  }

  /**
   * @param mark a {@link #mark()}
   * @return the lines written since (as many as are kept)
   */
  public static synchronized List<String> since(long mark) {
    int n = (int) Math.min(LINES.size(), Math.max(0, written - mark));
    List<String> all = new ArrayList<>(LINES);
    return List.copyOf(all.subList(all.size() - n, all.size()));
  }

  static synchronized List<Leak> leaksSince(long mark) {
    return LEAKS.stream().filter(l -> l.at() >= mark).toList();
  }

  /** For the check's own test: drops the leaks it planted. */
  static synchronized void forgetLeaksSince(long mark) {
    LEAKS.removeIf(l -> l.at() >= mark);
  }

  static synchronized void add(String line) {
    String masked = NoSecretLeaks.masked(line);
    if (!masked.equals(line)) {
      LEAKS.add(new Leak(written, masked));
    }
    written++;
    LINES.addLast(line);
    if (LINES.size() > KEPT) {
      LINES.removeFirst();
    }
  }

  /** The logback appender that fills the list. */
  public static final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder sb =
          new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      add(sb.toString());
    }
  }
}
