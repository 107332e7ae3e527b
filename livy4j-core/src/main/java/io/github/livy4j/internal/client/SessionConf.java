package io.github.livy4j.internal.client;

import io.github.livy4j.SessionSpec;

/**
 * What a session's Livy configuration ({@link SessionSpec#conf()}) tells the client, with
 * Livy's defaults where the spec says nothing.
 */
final class SessionConf {
  /** Livy's default for {@code livy.rsc.retained-statements}. */
  static final int DEFAULT_RETAINED_STATEMENTS = 100;

  /** Livy's default for {@code livy.rsc.sql.num-rows}. */
  static final int DEFAULT_SQL_ROW_LIMIT = 1000;

  private SessionConf() {}

  /**
   * @param spec the spec, or {@code null} for an attached session
   * @return the SQL row cap the session runs with ({@code 0} if its setting is not a number)
   */
  static int sqlRowLimit(SessionSpec spec) {
    String v = spec == null ? null : spec.conf().get("livy.rsc.sql.num-rows");
    if (v == null) {
      return DEFAULT_SQL_ROW_LIMIT;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * @param spec the spec, or {@code null} for an attached session
   * @return how many statements the server keeps
   */
  static int retainedStatements(SessionSpec spec) {
    String v = spec == null ? null : spec.conf().get("livy.rsc.retained-statements");
    try {
      return v == null ? DEFAULT_RETAINED_STATEMENTS : Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return DEFAULT_RETAINED_STATEMENTS;
    }
  }
}
