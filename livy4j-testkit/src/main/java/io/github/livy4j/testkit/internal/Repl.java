package io.github.livy4j.testkit.internal;

import java.time.Instant;

/** A REPL in a shared (high-concurrency) session, holding its own statements. */
final class Repl {
  final int id;
  final String name;
  final Session session;
  final Session statements;
  final Instant acquiredAt;

  Repl(int id, String name, Session session, Session statements, Instant acquiredAt) {
    this.id = id;
    this.name = name;
    this.session = session;
    this.statements = statements;
    this.acquiredAt = acquiredAt;
  }

  boolean busy() {
    return statements.state.equals("busy");
  }
}
