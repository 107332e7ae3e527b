package io.github.livy4j.internal.client;

import io.github.livy4j.Code;
import io.github.livy4j.LogPage;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.internal.http.CallScope;
import io.github.livy4j.internal.observe.ObservedOperation;
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
    return statement(statement, start(LivyOperation.STATEMENT_GET));
  }

  /**
   * Reads a statement, as {@code op}.
   *
   * @param statement the statement, checked
   * @param op the operation, started on the caller's thread
   * @return the statement
   */
  StatementInfo statement(StatementId statement, ObservedOperation op) {
    return ClientContext.observed(
        op, call -> ctx.backend.getStatement(ctx.transport(call), session.id(), statement));
  }

  void cancel(StatementId statement) {
    Objects.requireNonNull(statement, "statement");
    cancel(statement, start(LivyOperation.STATEMENT_CANCEL));
  }

  /**
   * Cancels a statement, as {@code op}.
   *
   * @param statement the statement, checked
   * @param op the operation, started on the caller's thread
   */
  void cancel(StatementId statement, ObservedOperation op) {
    ClientContext.observed(
        op,
        call -> {
          ctx.backend.cancelStatement(ctx.transport(call), session.id(), statement);
          return null;
        });
  }

  List<String> log(int lines) {
    if (lines < 1) {
      throw new IllegalArgumentException("lines must be at least 1, was " + lines);
    }
    requireLogs(CallScope.NONE);
    return log(lines, start(LivyOperation.SESSION_LOG));
  }

  /**
   * Reads the log's last lines, as {@code op}; a backend without session logs fails it.
   *
   * @param lines how many, checked
   * @param op the operation, started on the caller's thread
   * @return the lines
   */
  List<String> log(int lines, ObservedOperation op) {
    return ClientContext.observed(
        op,
        call -> {
          requireLogs(call);
          return ctx.backend.sessionLog(ctx.transport(call), session.id(), -1, lines).lines();
        });
  }

  LogPage log(int from, int size) {
    if (from < 0) {
      throw new IllegalArgumentException("from must not be negative, was " + from);
    }
    if (size < 1) {
      throw new IllegalArgumentException("size must be at least 1, was " + size);
    }
    requireLogs(CallScope.NONE);
    return log(from, size, start(LivyOperation.SESSION_LOG));
  }

  /**
   * Reads a page of the log, as {@code op}; a backend without session logs fails it.
   *
   * @param from the first line, checked
   * @param size how many lines, checked
   * @param op the operation, started on the caller's thread
   * @return the page
   */
  LogPage log(int from, int size, ObservedOperation op) {
    return ClientContext.observed(
        op,
        call -> {
          requireLogs(call);
          return ctx.backend.sessionLog(ctx.transport(call), session.id(), from, size);
        });
  }

  private void requireLogs(CallScope call) {
    if (!ctx.capabilities(call).sessionLogs()) {
      throw new UnsupportedOperationException(ctx.backend.description() + " has no session logs");
    }
  }

  List<String> completions(Code code, int cursor) {
    Objects.requireNonNull(code, "code");
    if (cursor < 0 || cursor > code.code().length()) {
      throw new IllegalArgumentException(
          "cursor " + cursor + " is outside the code (0 to " + code.code().length() + ")");
    }
    requireCompletion(CallScope.NONE);
    session.ensureUsable();
    return completions(code, cursor, start(LivyOperation.STATEMENT_COMPLETION));
  }

  /**
   * Asks for code completions, as {@code op}; a backend without completion, or a session no
   * longer usable, fails it.
   *
   * @param code the code, checked
   * @param cursor where in the code, checked
   * @param op the operation, started on the caller's thread
   * @return the completions
   */
  List<String> completions(Code code, int cursor, ObservedOperation op) {
    return ClientContext.observed(
        op,
        call -> {
          requireCompletion(call);
          session.ensureUsable();
          return ctx.backend.completion(ctx.transport(call), session.id(), code, cursor);
        });
  }

  private void requireCompletion(CallScope call) {
    if (!ctx.capabilities(call).completion()) {
      throw new UnsupportedOperationException(
          ctx.backend.description() + " offers no code completion");
    }
  }

  boolean keepAlive() {
    session.ensureUsable();
    if (!ctx.capabilities(CallScope.NONE).keepAlive()) {
      return false;
    }
    return keepAlive(start(LivyOperation.SESSION_KEEPALIVE));
  }

  /**
   * Keeps the session alive, as {@code op}; a session no longer usable fails it, and on a
   * backend without keep-alive it ends having sent nothing.
   *
   * @param op the operation, started on the caller's thread
   * @return whether the backend keeps sessions alive on request
   */
  boolean keepAlive(ObservedOperation op) {
    return ClientContext.observed(
        op,
        call -> {
          session.ensureUsable();
          if (!ctx.capabilities(call).keepAlive()) {
            return false;
          }
          ctx.backend.keepAlive(ctx.transport(call), session.id());
          return true;
        });
  }

  private ObservedOperation start(String name) {
    return ctx.observers.start(name, session.id(), null);
  }
}
