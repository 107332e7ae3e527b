package io.github.livy4j.internal.client;

import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import java.util.concurrent.ConcurrentSkipListSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Livy keeps only the last statements of a session ({@code livy.rsc.retained-statements}):
 * this tracks the statements submitted through a handle whose results were not read yet, and
 * warns when the oldest of them is about to leave that window.
 */
final class RetainedWindow {
  private static final Logger LOG = LoggerFactory.getLogger(RetainedWindow.class);

  /** How close to the end of the window the warning comes. */
  private static final int MARGIN = 10;

  private final int retained;
  private final ConcurrentSkipListSet<Long> unread = new ConcurrentSkipListSet<>();
  private volatile long warnedAbout = -1;

  /**
   * Creates the window.
   *
   * @param retained how many statements the server keeps
   */
  RetainedWindow(int retained) {
    this.retained = retained;
  }

  /**
   * A statement was submitted; warns if the oldest unread one is about to be dropped.
   *
   * @param session the session, for the warning
   * @param statement the statement
   */
  void submitted(SessionId session, StatementId statement) {
    long n = StatementIds.numeric(statement);
    if (n == Long.MAX_VALUE) {
      return;
    }
    unread.add(n);
    long oldest = unread.first();
    if (n - oldest >= retained - MARGIN && warnedAbout != oldest) {
      warnedAbout = oldest;
      LOG.warn(
          "Session {} ran {} statements since statement {}, whose result is not read yet:"
              + " Livy keeps only the last {} (livy.rsc.retained-statements), so it is lost unless"
              + " read soon",
          session,
          n - oldest,
          oldest,
          retained);
    }
  }

  /**
   * A statement's result was read, or its wait gave up on it.
   *
   * @param statement the statement
   */
  void read(StatementId statement) {
    unread.remove(StatementIds.numeric(statement));
  }

  /** The session was replaced: its statements are gone. */
  void clear() {
    unread.clear();
  }
}
