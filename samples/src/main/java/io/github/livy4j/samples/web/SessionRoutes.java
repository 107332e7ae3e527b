package io.github.livy4j.samples.web;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyException;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The pages and actions of Livy sessions: the user's sessions (and everyone's, for
 * Administrators), one session with its statements, and creating, running code, cancelling and
 * stopping. Each page has a fragment that the page's script reloads while something changes.
 */
final class SessionRoutes {
  private static final int MAX_CODE = 32 * 1024;
  private static final List<String> KINDS =
      Arrays.stream(CodeKind.values()).map(CodeKind::wireName).toList();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Set<String> CHANGING =
      Set.of("not_started", "starting", "recovering", "busy", "shutting_down");

  private final Frame frame;
  private final Workspaces workspaces;

  /**
   * @param frame the request frame
   * @param workspaces the users' Livy sessions
   */
  SessionRoutes(Frame frame, Workspaces workspaces) {
    this.frame = frame;
    this.workspaces = workspaces;
  }

  void sessionList(Context ctx, boolean everyone, boolean fragment) {
    User user = frame.signedIn(ctx);
    List<Run> runs = everyone ? workspaces.all() : workspaces.of(user);
    Pages.Sessions page =
        new Pages.Sessions(
            frame.layout(ctx, everyone ? "All sessions" : "My sessions"),
            everyone,
            !everyone && user.may(Action.CREATE_SESSION),
            everyone ? user.may(Action.STOP_ANY_SESSION) : user.may(Action.STOP_OWN_SESSION),
            runs.stream().map(this::view).toList(),
            KINDS);
    frame.render(ctx, fragment ? "sessionrows.jte" : "sessions.jte", page);
  }

  private Pages.SessionView view(Run r) {
    String state = r.liveState();
    return new Pages.SessionView(
        r.id,
        r.livyId(),
        r.name(),
        r.ownerName,
        r.kind.wireName(),
        state,
        r.problem == null ? "" : r.problem,
        TIME.format(r.created),
        r.statements.size(),
        !r.ended && (r.session == null || r.busy() || CHANGING.contains(state)),
        !r.ended);
  }

  private Run run(Context ctx, Action othersNeed) {
    User user = frame.signedIn(ctx);
    return workspaces
        .find(user, ctx.pathParam("id"), othersNeed != null && user.may(othersNeed))
        .orElseThrow(
            () ->
                new Refusal(
                    404,
                    "No such session",
                    "There is no session of yours" + " with this address.",
                    "My sessions",
                    "/sessions"));
  }

  void session(Context ctx, boolean fragment) {
    User user = frame.signedIn(ctx);
    Run r = run(ctx, Action.VIEW_ALL_SESSIONS);
    boolean own = r.owner.equals(user.key());
    Pages.SessionView view = view(r);
    List<Pages.StatementView> stmts = new ArrayList<>();
    List<Stmt> all = new ArrayList<>(r.statements);
    for (int i = all.size() - 1; i >= 0; i--) {
      Stmt s = all.get(i);
      stmts.add(
          new Pages.StatementView(
              s.number,
              s.kind.wireName(),
              s.code,
              s.state,
              s.percent(),
              !s.done(),
              nz(s.text),
              s.columns == null ? List.of() : s.columns,
              s.rows == null ? List.of() : s.rows,
              nz(s.note),
              nz(s.error)));
    }
    Pages.SessionPage page =
        new Pages.SessionPage(
            frame.layout(ctx, "Session"),
            view,
            own && user.may(Action.RUN_CODE),
            !r.ended
                && (own ? user.may(Action.STOP_OWN_SESSION) : user.may(Action.STOP_ANY_SESSION)),
            r.ready(),
            KINDS,
            stmts);
    frame.render(ctx, fragment ? "statements.jte" : "session.jte", page);
  }

  void createSession(Context ctx) {
    User user = frame.signedIn(ctx);
    CodeKind kind = kind(ctx.formParam("kind"));
    Run r;
    try {
      r = workspaces.create(user, kind);
    } catch (Quota.LimitReached e) {
      throw new Refusal(
          429,
          "Too many sessions",
          "You have "
              + count(e.have, "session")
              + " open, and "
              + e.limit
              + " is the most one person may have at once. Stop a session you no longer need,"
              + " then create a new one.",
          "My sessions",
          "/sessions");
    }
    ctx.redirect("/sessions/" + r.id);
  }

  void runCode(Context ctx) {
    Run r = run(ctx, null);
    String code = ctx.formParam("code");
    if (code == null || code.isBlank()) {
      throw new Refusal(400, "No code", "Type some code to run.", "Back", "/sessions/" + r.id);
    }
    if (code.length() > MAX_CODE) {
      throw new Refusal(
          413,
          "Too much code",
          "At most " + MAX_CODE + " characters run at" + " once.",
          "Back",
          "/sessions/" + r.id);
    }
    CodeKind kind = kind(ctx.formParam("kind"));
    try {
      workspaces.execute(r, new Code(kind, code));
    } catch (Quota.LimitReached e) {
      keepCode(ctx, r, kind, code, e);
      return;
    } catch (IllegalStateException e) {
      throw new Refusal(
          409,
          "Not ready",
          "The session cannot run code now: " + e.getMessage() + ".",
          "Back",
          "/sessions/" + r.id);
    } catch (LivyException e) {
      throw new Refusal(502, "Livy refused the code", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect("/sessions/" + r.id);
  }

  void cancel(Context ctx) {
    Run r = run(ctx, null);
    int n;
    try {
      n = Integer.parseInt(ctx.pathParam("n"));
    } catch (NumberFormatException e) {
      n = -1;
    }
    int number = n;
    Stmt s =
        r.statements.stream()
            .filter(x -> x.number == number)
            .findFirst()
            .orElseThrow(
                () ->
                    new Refusal(
                        404,
                        "No such statement",
                        "This session has no" + " statement " + ctx.pathParam("n") + ".",
                        "Back",
                        "/sessions/" + r.id));
    try {
      workspaces.cancel(s);
    } catch (LivyException e) {
      throw new Refusal(502, "Livy refused to cancel", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect("/sessions/" + r.id);
  }

  void stop(Context ctx) {
    User user = frame.signedIn(ctx);
    Run r = run(ctx, Action.STOP_ANY_SESSION);
    try {
      workspaces.stop(r);
    } catch (LivyException e) {
      throw new Refusal(
          502, "Livy refused to stop the session", e.getMessage(), "Back", "/sessions/" + r.id);
    }
    ctx.redirect(r.owner.equals(user.key()) ? "/sessions" : "/admin/sessions");
  }

  /**
   * The page of code refused because its user has as many statements running as they may:
   * what the limit is, and the code, kept in a form to run again.
   */
  private void keepCode(Context ctx, Run r, CodeKind kind, String code, Quota.LimitReached e) {
    String heading = "Too many statements running";
    ctx.status(429);
    frame.render(
        ctx,
        "keptcode.jte",
        new KeptCodePage(
            frame.layout(ctx, heading),
            heading,
            "You have "
                + count(e.have, "statement")
                + " waiting or running, and "
                + e.limit
                + " is the most one person may run at once. Your code was not run: wait for a"
                + " statement to finish, or cancel one, then run it again from here.",
            r.id,
            kind.wireName(),
            KINDS,
            code));
  }

  private static String count(int n, String thing) {
    return n + " " + thing + (n == 1 ? "" : "s");
  }

  private static CodeKind kind(String wire) {
    return CodeKind.fromWireName(wire == null ? "" : wire)
        .orElseThrow(
            () ->
                new Refusal(
                    400, "Unknown kind", "Choose one of " + KINDS + ".", "Back", "/sessions"));
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
