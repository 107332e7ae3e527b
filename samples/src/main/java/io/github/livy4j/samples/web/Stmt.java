package io.github.livy4j.samples.web;

import io.github.livy4j.CodeKind;
import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.Table;
import io.github.livy4j.polling.StatementPoller;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A statement run through the app, and what of its result the page shows. It counts against
 * its owner's running statements until it is done (or stopped with its session).
 */
final class Stmt {
  private static final int MAX_ROWS_SHOWN = 1_000;
  private static final int MAX_TEXT_SHOWN = 200_000;

  final int number;
  final String code;
  final CodeKind kind;
  private final Quota quota;
  private final AtomicBoolean counted = new AtomicBoolean(true);
  volatile String state = "waiting";
  volatile double progress;
  volatile String text;
  volatile List<String> columns;
  volatile List<List<String>> rows;
  volatile String note;
  volatile String error;
  volatile StatementPoller poller;
  volatile CompletableFuture<StatementResult> wait;

  /**
   * @param number its number in the session
   * @param code the code
   * @param kind the code's kind
   * @param quota the owner's, where it holds a running statement's place
   */
  Stmt(int number, String code, CodeKind kind, Quota quota) {
    this.number = number;
    this.code = code;
    this.kind = kind;
    this.quota = quota;
  }

  boolean done() {
    return state.equals("available")
        || state.equals("error")
        || state.equals("cancelled")
        || state.equals("stopped");
  }

  void stop(String why) {
    if (!done()) {
      state = "stopped";
      error = why;
      CompletableFuture<StatementResult> f = wait;
      if (f != null) {
        f.cancel(true);
      }
    }
    release();
  }

  /** The statement no longer counts against its owner's running statements. */
  void release() {
    if (counted.compareAndSet(true, false)) {
      quota.statementEnded();
    }
  }

  int percent() {
    return (int) Math.round(progress * 100);
  }

  /**
   * Takes the statement's outcome.
   *
   * @param result the result, or {@code null} if it failed
   * @param failure why it failed, or {@code null}
   * @return the session's expiry when that is what ended it (its run ends too), else {@code
   *     null}
   */
  SessionExpiredException settle(StatementResult result, Throwable failure) {
    release();
    Throwable e = failure instanceof CompletionException c ? c.getCause() : failure;
    if (e == null) {
      show(result);
      state = "available";
      progress = 1;
    } else if (e instanceof StatementFailedException f) {
      error =
          f.errorName()
              + ": "
              + f.errorValue()
              + (f.traceback().isEmpty() ? "" : "\n" + String.join("", f.traceback()));
      state = f.getMessage().contains("cancel") ? "cancelled" : "error";
    } else if (e instanceof SessionExpiredException x) {
      return x;
    } else if (!done()) {
      error = e instanceof CancellationException ? "Cancelled." : Incident.onPage("A statement", e);
      state = e instanceof CancellationException ? "cancelled" : "error";
    }
    return null;
  }

  private void show(StatementResult r) {
    Table t = null;
    try {
      t = r.table();
    } catch (IllegalStateException e) {
      // not a table
    }
    if (t != null) {
      List<String> cols = t.columns().stream().map(Table.Column::name).toList();
      List<List<String>> shown = new ArrayList<>();
      for (Table.Row row : t.rows()) {
        if (shown.size() == MAX_ROWS_SHOWN) {
          break;
        }
        List<String> cells = new ArrayList<>(cols.size());
        for (int i = 0; i < cols.size(); i++) {
          Object v = row.get(i);
          cells.add(v == null ? "NULL" : v.toString());
        }
        shown.add(cells);
      }
      columns = cols;
      rows = shown;
      note =
          t.size()
              + (t.size() == 1 ? " row" : " rows")
              + (t.size() > MAX_ROWS_SHOWN ? ", the first " + MAX_ROWS_SHOWN + " shown" : "")
              + (t.truncated()
                  ? "; the server cut the result at " + t.rowLimit().orElse(t.size()) + " rows"
                  : "");
      return;
    }
    String out =
        r.text()
            .or(() -> r.json().map(Object::toString))
            .or(() -> r.image().map(b -> "(an image/png of " + b.length + " bytes)"))
            .orElse("(no output)");
    if (out.length() > MAX_TEXT_SHOWN) {
      note = "the first " + MAX_TEXT_SHOWN + " of " + out.length() + " characters shown";
      out = out.substring(0, MAX_TEXT_SHOWN);
    }
    text = out;
  }
}
