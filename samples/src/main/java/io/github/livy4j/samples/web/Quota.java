package io.github.livy4j.samples.web;

/**
 * How many Livy sessions and running statements one user has, within the limits the app sets
 * for each user ({@link WebConfig#maxSessionsPerUser}, {@link
 * WebConfig#maxRunningStatementsPerUser}). A place is taken under the lock before anything is
 * sent to Livy, so that many requests at once cannot pass a limit together, and given back
 * once when the session ends or the statement is done.
 */
final class Quota {
  private final int maxSessions;
  private final int maxStatements;
  private int sessions;
  private int statements;

  /**
   * @param maxSessions how many sessions the user may have open at once
   * @param maxStatements how many statements the user may have waiting or running at once
   */
  Quota(int maxSessions, int maxStatements) {
    this.maxSessions = maxSessions;
    this.maxStatements = maxStatements;
  }

  /**
   * A user asked for more than they may have at once: a session or a running statement.
   * Nothing was sent to Livy.
   */
  static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** How many the user may have. */
    final int limit;

    /** How many the user has. */
    final int have;

    LimitReached(String what, int limit, int have) {
      super(what + ": " + have + " of at most " + limit, null, false, false);
      this.limit = limit;
      this.have = have;
    }
  }

  /**
   * Takes a session's place.
   *
   * @throws LimitReached if the user has as many sessions as they may
   */
  synchronized void takeSession() {
    if (sessions >= maxSessions) {
      throw new LimitReached("sessions", maxSessions, sessions);
    }
    sessions++;
  }

  /** Gives a session's place back. */
  synchronized void sessionEnded() {
    sessions--;
  }

  /**
   * Takes a running statement's place.
   *
   * @throws LimitReached if the user has as many statements running as they may
   */
  synchronized void takeStatement() {
    if (statements >= maxStatements) {
      throw new LimitReached("running statements", maxStatements, statements);
    }
    statements++;
  }

  /** Gives a running statement's place back. */
  synchronized void statementEnded() {
    statements--;
  }

  @Override
  public synchronized String toString() {
    return "Quota[sessions="
        + sessions
        + "/"
        + maxSessions
        + ", running statements="
        + statements
        + "/"
        + maxStatements
        + "]";
  }
}
