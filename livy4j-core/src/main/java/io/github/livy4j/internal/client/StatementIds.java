package io.github.livy4j.internal.client;

import io.github.livy4j.StatementId;

/**
 * Statement ids as numbers, where the server counts them (Livy does, from 0 in each session),
 * and the highest one a session handle has seen: a statement with a higher id is a new one.
 */
final class StatementIds {
  /** The highest id seen, -1 before any. */
  private volatile long highest = -1;

  /**
   * @param statement a statement id
   * @return its number, or {@link Long#MAX_VALUE} if it is not one (never taken for a new one)
   */
  static long numeric(StatementId statement) {
    try {
      return Long.parseLong(statement.value());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * A statement was seen.
   *
   * @param statement its id
   */
  synchronized void seen(StatementId statement) {
    long n = numeric(statement);
    if (n > highest) {
      highest = n;
    }
  }

  /** @return the highest id seen, -1 before any */
  long highest() {
    return highest;
  }

  /** The session was replaced: its ids start again. */
  void reset() {
    highest = -1;
  }
}
