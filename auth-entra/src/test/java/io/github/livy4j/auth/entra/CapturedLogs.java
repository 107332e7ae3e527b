package io.github.livy4j.auth.entra;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/** Every log line of this module's tests, MSAL's included at DEBUG. */
public final class CapturedLogs {
  private static final List<String> LINES = new ArrayList<>();

  private CapturedLogs() {}

  /** @return a copy of every line so far, with exception messages */
  public static synchronized List<String> lines() {
    return List.copyOf(LINES);
  }

  static synchronized void add(String line) {
    LINES.add(line);
  }

  /** The logback appender that fills the list. */
  public static final class Appender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent e) {
      StringBuilder sb = new StringBuilder(e.getLevel() + " " + e.getLoggerName() + " "
          + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
      }
      add(sb.toString());
    }
  }
}
