package io.github.livy4j.samples.web;

import io.github.livy4j.CodeKind;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.StatementResult;
import io.github.livy4j.polling.StatementPoller;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * What the session pages show, chosen for the user who asks: a session with its heading, whether
 * code can run now (and why not), the code box, and its statements as cards with their tables
 * paged and, for a table of labels and numbers, a chart.
 */
final class SessionViews {
  /** Rows of a table on one page. */
  static final int PAGE_SIZE = 50;

  private static final int MAX_SERIES = 6;
  private static final Pattern NUMBER =
      Pattern.compile("-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Set<String> CHANGING =
      Set.of("not_started", "starting", "recovering", "busy", "shutting_down");
  private static final Set<String> NOT_RUNNABLE =
      Set.of(
          "not_started",
          "starting",
          "recovering",
          "shutting_down",
          "error",
          "dead",
          "killed",
          "success");
  private static final Map<String, String> EXAMPLES =
      Map.of(
          "spark", "spark.range(10).count()",
          "pyspark", "[r.id * r.id for r in spark.range(10).collect()]",
          "sparkr", "df <- createDataFrame(data.frame(x = 1:10)); head(df)",
          "sql", "SELECT id, id * id AS square FROM range(10)");

  private final Frame frame;

  /** @param frame the request frame */
  SessionViews(Frame frame) {
    this.frame = frame;
  }

  /** @return the session kinds, each with its example code */
  static List<Pages.KindOption> kinds() {
    return Arrays.stream(CodeKind.values())
        .map(k -> new Pages.KindOption(k.wireName(), example(k.wireName())))
        .toList();
  }

  /** @return example code of a kind, for the empty code box */
  static String example(String kind) {
    return EXAMPLES.getOrDefault(kind, "");
  }

  /** A session in a list or on its page, as this user may act on it. */
  Pages.SessionView session(Run r, User user) {
    String state = r.liveState();
    boolean mine = r.owner.equals(user.key());
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
        !r.ended,
        mine,
        !r.ended && user.may(mine ? Action.STOP_OWN_SESSION : Action.STOP_ANY_SESSION));
  }

  /** The list of the user's sessions, or everyone's. */
  Pages.Sessions sessions(Context ctx, User user, List<Run> runs, boolean everyone) {
    boolean mayCreate = user.may(Action.CREATE_SESSION);
    String note;
    if (everyone) {
      note =
          "Everyone's sessions and their results, to read: you run code only in your own."
              + (user.may(Action.STOP_ANY_SESSION)
                  ? " You may also stop anyone's session, after a confirmation."
                  : "");
    } else {
      note =
          mayCreate
              ? ""
              : "Your roles ("
                  + Frame.rolesText(user.roles())
                  + ") let you see everyone's sessions and results, read-only; creating"
                  + " sessions and running code needs Editors.";
    }
    return new Pages.Sessions(
        frame.layout(ctx, everyone ? "All sessions" : "My sessions"),
        everyone,
        !everyone && mayCreate,
        note,
        runs.stream().map(r -> session(r, user)).toList(),
        Arrays.stream(CodeKind.values()).map(CodeKind::wireName).toList());
  }

  /**
   * A session's page.
   *
   * @param ctx the request, whose {@code page<n>} parameters choose the pages of the tables
   * @param user who asks
   * @param r the session
   * @param code the code to show in the code box, or {@code null} for the last code run
   * @param codeKind its kind, or {@code null} with it
   * @param notice what just happened, or empty
   * @return the page
   */
  Pages.SessionPage page(
      Context ctx, User user, Run r, String code, String codeKind, String notice) {
    Pages.SessionView view = session(r, user);
    boolean mayRun = view.mine() && user.may(Action.RUN_CODE);
    String readOnly =
        mayRun
            ? ""
            : view.mine()
                ? "Your roles (" + Frame.rolesText(user.roles()) + ") do not allow running code."
                : "This is " + view.owner() + "'s session: you see it read-only.";
    List<Stmt> all = new ArrayList<>(r.statements);
    if (code == null) {
      Stmt last = all.isEmpty() || !mayRun ? null : all.get(all.size() - 1);
      code = last == null ? "" : last.code;
      codeKind = last == null ? view.kind() : last.kind.wireName();
    }
    Map<Integer, Integer> pages = pages(ctx);
    String base = "/sessions/" + r.id;
    List<Pages.StatementView> stmts = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      stmts.add(statement(all.get(i), pages, base));
    }
    String heading =
        view.name().isEmpty() && view.open()
            ? view.title() + ", " + view.state().replace('_', ' ')
            : view.title();
    String why = runWhy(r, view);
    return new Pages.SessionPage(
        frame.layout(ctx, heading),
        view,
        heading,
        readOnly,
        notice,
        mayRun,
        why.isEmpty(),
        why,
        kinds(),
        code,
        codeKind,
        example(codeKind),
        base + "/live" + query(pages, -1, 0),
        stmts);
  }

  private static String runWhy(Run r, Pages.SessionView view) {
    if (r.ended) {
      return "The session has ended (" + view.state() + "): it runs no more code.";
    }
    if (!r.ready() || NOT_RUNNABLE.contains(view.state())) {
      return "The session is "
          + view.state().replace('_', ' ')
          + ": Run is available once it is idle.";
    }
    return "";
  }

  /** @return the table pages asked for: statement number to page, from {@code page<n>=<p>} */
  private static Map<Integer, Integer> pages(Context ctx) {
    Map<Integer, Integer> out = new TreeMap<>();
    ctx.queryParamMap()
        .forEach(
            (k, v) -> {
              if (k.matches("page[0-9]{1,6}") && !v.isEmpty() && v.get(0).matches("[0-9]{1,6}")) {
                out.put(Integer.parseInt(k.substring(4)), Integer.parseInt(v.get(0)));
              }
            });
    return out;
  }

  /** @return the query naming these pages, with statement {@code number} on {@code page} */
  private static String query(Map<Integer, Integer> pages, int number, int page) {
    Map<Integer, Integer> q = new TreeMap<>(pages);
    if (number >= 0) {
      q.put(number, page);
    }
    q.values().removeIf(p -> p <= 1);
    StringBuilder sb = new StringBuilder();
    q.forEach((n, p) -> sb.append(sb.length() == 0 ? '?' : '&').append("page" + n + "=" + p));
    return sb.toString();
  }

  private Pages.StatementView statement(Stmt s, Map<Integer, Integer> pages, String base) {
    List<String> cols = s.columns == null ? List.of() : s.columns;
    List<List<String>> rows = s.rows == null ? List.of() : s.rows;
    Optional<StatementResult> result = result(s);
    int total = cols.isEmpty() ? 0 : result.map(x -> x.table().size()).orElse(rows.size());
    int pageCount = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
    int page = Math.min(Math.max(1, pages.getOrDefault(s.number, 1)), pageCount);
    int from = (page - 1) * PAGE_SIZE;
    List<List<String>> shown = rows.subList(from, Math.min(rows.size(), from + PAGE_SIZE));
    Pages.Pager pager = null;
    if (pageCount > 1) {
      String anchor = "#statement-" + s.number;
      pager =
          new Pages.Pager(
              page,
              pageCount,
              "rows " + (from + 1) + " to " + (from + shown.size()) + " of " + rows.size(),
              page > 1 ? base + query(pages, s.number, page - 1) + anchor : "",
              page > 1 ? base + "/live" + query(pages, s.number, page - 1) : "",
              page < pageCount ? base + query(pages, s.number, page + 1) + anchor : "",
              page < pageCount ? base + "/live" + query(pages, s.number, page + 1) : "");
    }
    String rowCount = cols.isEmpty() ? "" : total + (total == 1 ? " row" : " rows");
    String note = nz(s.note);
    return new Pages.StatementView(
        s.number,
        s.kind.wireName(),
        s.code,
        s.state,
        s.percent(),
        // until its result is shown, even when the server already said "available"
        !s.done() || s.wait == null || !s.wait.isDone(),
        duration(s, result),
        rowCount,
        nz(s.text),
        cols,
        shown,
        pager,
        chart(cols, shown, from),
        note.equals(rowCount) ? "" : note, // the card says it already
        nz(s.error));
  }

  private static Optional<StatementResult> result(Stmt s) {
    CompletableFuture<StatementResult> f = s.wait;
    if (f == null || !f.isDone() || f.isCompletedExceptionally() || f.isCancelled()) {
      return Optional.empty();
    }
    return Optional.ofNullable(f.getNow(null));
  }

  /** @return how long it ran by the server's clock, or how long it has been waited for */
  private static String duration(Stmt s, Optional<StatementResult> result) {
    Optional<Duration> d =
        result.flatMap(
            r -> {
              StatementInfo info = r.statement();
              return info.started().isPresent() && info.completed().isPresent()
                  ? Optional.of(Duration.between(info.started().get(), info.completed().get()))
                  : Optional.empty();
            });
    StatementPoller p = s.poller;
    if (d.isEmpty() && p != null) {
      d = Optional.of(p.latest().elapsed());
    }
    return d.filter(x -> !x.isNegative()).map(SessionViews::format).orElse("");
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
  }

  /**
   * A chart for a table of one label column and numeric columns: every value of the other
   * columns on the page a finite number (or NULL), and at least one of each.
   *
   * @return the chart, or {@code null} when the table is not one to chart
   */
  static Pages.Chart chart(List<String> cols, List<List<String>> rows, int from) {
    if (cols.size() < 2 || cols.size() > MAX_SERIES + 1 || rows.isEmpty()) {
      return null;
    }
    int label = -1;
    List<Integer> values = new ArrayList<>();
    for (int c = 0; c < cols.size(); c++) {
      int column = c;
      boolean numeric =
          rows.stream().allMatch(r -> r.get(column).equals("NULL") || number(r.get(column)))
              && rows.stream().anyMatch(r -> !r.get(column).equals("NULL"));
      if (numeric) {
        values.add(c);
      } else if (label < 0) {
        label = c;
      } else {
        return null; // two columns of text: not a chart of one label column
      }
    }
    if (label < 0 || values.isEmpty()) {
      return null;
    }
    List<String> names = values.stream().map(cols::get).toList();
    String what =
        names.size() == 1
            ? names.get(0)
            : String.join(", ", names.subList(0, names.size() - 1))
                + " and "
                + names.get(names.size() - 1);
    return new Pages.Chart(
        label,
        String.join(",", values.stream().map(String::valueOf).toList()),
        "Bar chart of "
            + what
            + " by "
            + cols.get(label)
            + ", rows "
            + (from + 1)
            + " to "
            + (from + rows.size())
            + "; the table beside it holds the values.");
  }

  /** @return whether the text is a plain decimal number, as the page's script reads one */
  private static boolean number(String s) {
    return s.length() <= 40 && NUMBER.matcher(s).matches();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
