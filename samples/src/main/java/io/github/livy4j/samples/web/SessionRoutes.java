package io.github.livy4j.samples.web;

import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;

/**
 * The pages and actions of Livy sessions: the user's sessions and everyone's (read-only), one
 * session with its statements, and creating, running code, cancelling and stopping (another
 * user's session after a confirmation). Each page has a fragment that the page's script reloads
 * while something changes; {@link SessionViews} chooses what they show.
 */
final class SessionRoutes {
  private static final int MAX_CODE = 32 * 1024;
  private static final List<String> KINDS =
      Arrays.stream(CodeKind.values()).map(CodeKind::wireName).toList();

  private final Frame frame;
  private final Workspaces workspaces;
  private final SessionViews views;

  /**
   * @param frame the request frame
   * @param workspaces the users' Livy sessions
   */
  SessionRoutes(Frame frame, Workspaces workspaces) {
    this.frame = frame;
    this.workspaces = workspaces;
    this.views = new SessionViews(frame);
  }

  void sessionList(Context ctx, boolean everyone, boolean fragment) {
    User user = frame.signedIn(ctx);
    List<Run> runs = everyone ? workspaces.all() : workspaces.of(user);
    frame.render(
        ctx,
        fragment ? "sessionrows.jte" : "sessions.jte",
        views.sessions(ctx, user, runs, everyone));
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
    frame.render(
        ctx, fragment ? "statements.jte" : "session.jte", views.page(ctx, user, r, null, null, ""));
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
      // the page again, the code kept, with the reason: Run is enabled once the session is idle
      ctx.status(409);
      frame.render(
          ctx,
          "session.jte",
          views.page(
              ctx,
              frame.signedIn(ctx),
              r,
              code,
              kind.wireName(),
              "Not run: "
                  + e.getMessage()
                  + ". Your code is kept below: run it again once the session is idle."));
      return;
    } catch (LivyException e) {
      throw new Refusal(
          502, "Livy refused the code", livy("Running code", r, e), "Back", "/sessions/" + r.id);
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
      throw new Refusal(
          502, "Livy refused to cancel", livy("Cancelling", r, e), "Back", "/sessions/" + r.id);
    }
    ctx.redirect("/sessions/" + r.id);
  }

  void stop(Context ctx) {
    User user = frame.signedIn(ctx);
    Run r = run(ctx, Action.STOP_ANY_SESSION);
    if (!r.owner.equals(user.key()) && !"yes".equals(ctx.formParam("confirm"))) {
      // another user's session: stopped only once the user confirms
      frame.render(
          ctx,
          "confirmstop.jte",
          new Pages.ConfirmStop(
              frame.layout(ctx, "Stop " + r.ownerName + "'s session?"), views.session(r, user)));
      return;
    }
    try {
      workspaces.stop(r);
    } catch (LivyException e) {
      throw new Refusal(
          502,
          "Livy refused to stop the session",
          livy("Stopping", r, e),
          "Back",
          "/sessions/" + r.id);
    }
    ctx.redirect(r.owner.equals(user.key()) ? "/sessions" : "/admin/sessions");
  }

  /** A refusal's words: no Livy message (host names, internals) reaches the page; the log has it. */
  private static String livy(String doing, Run r, LivyException e) {
    String ref = Incident.log(doing + " in session " + r.livyId() + " of " + r.owner, e);
    return Incident.words(e) + " Try again." + Incident.see(ref);
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
}
