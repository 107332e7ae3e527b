package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LogPage;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.observe.LivyOperation;
import java.util.List;
import java.util.Objects;

/**
 * The single requests a session handle makes for its user, each checked, then observed as its
 * own operation: a statement read, a cancel, the log, code completion, a keep-alive.
 */
final class SessionRequests {
  private final StatementHost session;
  private final ClientContext ctx;

  /**
   * Creates the requests of a session.
   *
   * @param session the session
   */
  SessionRequests(StatementHost session) {
    this.session = session;
    this.ctx = session.context();
  }

  StatementInfo statement(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    return ctx.observed(
        LivyOperation.STATEMENT_GET,
        session.id(),
        call -> ctx.backend.getStatement(ctx.transport(call), session.id(), statement));
  }

  void cancel(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    ctx.observed(
        LivyOperation.STATEMENT_CANCEL,
        session.id(),
        call -> {
          ctx.backend.cancelStatement(ctx.transport(call), session.id(), statement);
          return null;
        });
  }

  List<String> log(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    requireLogs();
    return ctx.observed(
        LivyOperation.SESSION_LOG,
        session.id(),
        call -> ctx.backend.sessionLog(ctx.transport(call), session.id(), -1, lines).lines());
  }

  LogPage log(int from, int size) {
    if (from < 0) {
      throw new IllegalArgumentException("from must not be negative, was " + from);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    requireLogs();
    return ctx.observed(
        LivyOperation.SESSION_LOG,
        session.id(),
        call -> ctx.backend.sessionLog(ctx.transport(call), session.id(), from, size));
  }

  private void requireLogs() {
    if (!ctx.capabilities(CallScope.NONE).sessionLogs()) {
      throw new UnsupportedOperationException(ctx.backend.description() + " has no session logs");
    }
  }

  List<String> completions(Code code, int cursor) {
    Objects.requireNonNull(code, "code");
    if (cursor < 0 || cursor > code.code().length()) {
      throw new IllegalArgumentException(
          "cursor " + cursor + " is outside the code (0 to " + code.code().length() + ")");
    }
    if (!ctx.capabilities(CallScope.NONE).completion()) {
      throw new UnsupportedOperationException(
          ctx.backend.description() + " offers no code completion");
    }
    session.ensureUsable();
    return ctx.observed(
        LivyOperation.STATEMENT_COMPLETION,
        session.id(),
        call -> ctx.backend.completion(ctx.transport(call), session.id(), code, cursor));
  }

  boolean keepAlive() {
    session.ensureUsable();
    if (!ctx.capabilities(CallScope.NONE).keepAlive()) {
      return false;
    }
    ctx.observed(
        LivyOperation.SESSION_KEEPALIVE,
        session.id(),
        call -> {
          ctx.backend.keepAlive(ctx.transport(call), session.id());
          return null;
        });
    return true;
  }
}
