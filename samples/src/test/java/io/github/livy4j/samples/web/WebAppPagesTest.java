package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.samples.web.WebAppHarness.Browser;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the session pages show over HTTP: everyone's sessions for every role, read-only; the
 * confirmation before stopping another user's session; Run while the session cannot run code;
 * the code box; statement cards with their tables paged and charted; the profile's token line;
 * and the account named at sign-out.
 */
class WebAppPagesTest {
  private static final String CITIES = "select city, people, area from cities";

  private WebAppHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new WebAppHarness(Map.of());
    List<List<Object>> cities = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      cities.add(List.of("city " + i, i * 10, i + 0.5));
    }
    h.livy.script(
        CITIES,
        FakeResult.sqlTable(
            List.of("city", "people", "area"), List.of("string", "int", "double"), cities));
    h.livy.script(
        "select id, square from squares",
        FakeResult.sqlTable(
            List.of("id", "square"),
            List.of("bigint", "bigint"),
            List.of(List.of(1, 1), List.of(2, 4), List.of(3, 9))));
    h.livy.script(
        "select first, last from names",
        FakeResult.sqlTable(
            List.of("first", "last"), List.of("string", "string"), List.of(List.of("Ada", "L"))));
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private static String until(Browser b, String path, Predicate<String> shown) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = b.get(path).body();
      if (shown.test(body)) {
        return body;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new AssertionError("the page " + path + " never showed what was expected:\n" + body);
  }

  private static String location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").orElse("");
  }

  private static String create(Browser b, String kind) {
    b.get("/sessions");
    HttpResponse<String> created = b.submit("/sessions", Map.of("kind", kind));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    return location(created).substring("/sessions/".length());
  }

  private static String readySession(Browser b, String kind) {
    String id = create(b, kind);
    until(b, "/sessions/" + id + "/live", body -> body.contains("data-runnable=\"true\""));
    return id;
  }

  /** Runs code and waits until its result shows; returns the session's live part. */
  private static String run(Browser b, String id, String kind, String code, String shown) {
    b.get("/sessions/" + id);
    HttpResponse<String> ran =
        b.submit("/sessions/" + id + "/statements", Map.of("kind", kind, "code", code));
    assertThat(ran.statusCode()).as(ran.body()).isEqualTo(302);
    return until(
        b,
        "/sessions/" + id + "/live",
        body -> !body.contains("data-active=\"true\"") && body.contains(shown));
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  @Test
  void aViewer_seesEveryonesSessionsAndResults_readOnly_andIsRefusedEveryAction() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed, "pyspark");
    run(ed, id, "pyspark", "1 + 1", "<pre class=\"output\">2</pre>");
    Browser vi = h.browser();
    vi.signIn("vi");

    String mine = vi.get("/sessions").body();
    assertThat(mine)
        .contains("id=\"note\"", "(Viewers) let you see everyone", "href=\"/admin/sessions\"")
        .doesNotContain("id=\"create-session\"");
    String all = vi.get("/admin/sessions").body();
    assertThat(all).contains("/sessions/" + id, "Ed Editor").doesNotContain("class=\"danger\"");
    HttpResponse<String> page = vi.get("/sessions/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<pre class=\"output\">2</pre>", "Ed Editor's session: you see it read-only")
        .doesNotContain("id=\"run\"", "id=\"stop-session\"", "id=\"cancel-", "id=\"code\"");

    int statements = h.livy.requests().size();
    for (String action :
        List.of(
            "/sessions/" + id + "/statements",
            "/sessions/" + id + "/statements/1/cancel",
            "/sessions/" + id + "/stop",
            "/sessions")) {
      HttpResponse<String> r =
          vi.submit(action, Map.of("kind", "pyspark", "code", "1 + 1", "confirm", "yes"));
      assertThat(r.statusCode()).as(action).isEqualTo(403);
      assertThat(r.body()).contains("Not allowed", "Viewers");
    }
    assertThat(h.livy.sessionCount()).isEqualTo(1);
    assertThat(h.livy.requests().subList(statements, h.livy.requests().size()))
        .noneMatch(r -> r.method().equals("POST") || r.method().equals("DELETE"));
    assertThat(ed.get("/sessions/" + id + "/live").body()).contains(">idle<");
  }

  @Test
  void anAdministratorsStop_ofAnotherUsersSession_asksFirst_whileAnOwnersStopDoesNot() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed, "pyspark");
    Browser ad = h.browser();
    ad.signIn("ad");
    assertThat(ad.get("/sessions/" + id).body()).contains("Stop Ed Editor's session");

    HttpResponse<String> asked = ad.submit("/sessions/" + id + "/stop", Map.of());
    assertThat(asked.statusCode()).isEqualTo(200);
    assertThat(asked.body())
        .contains(
            "Stop Ed Editor's session?",
            "name=\"confirm\" value=\"yes\"",
            "id=\"keep-running\" href=\"/sessions/" + id + "\"");
    assertThat(h.livy.sessionCount()).isEqualTo(1);
    assertThat(ed.get("/sessions/" + id + "/live").body()).contains(">idle<");

    HttpResponse<String> stopped = ad.submit("/sessions/" + id + "/stop", Map.of("confirm", "yes"));
    assertThat(stopped.statusCode()).isEqualTo(302);
    assertThat(location(stopped)).isEqualTo("/admin/sessions");
    until(ed, "/sessions/" + id + "/live", b -> b.contains(">stopped<"));

    String own = readySession(ed, "pyspark");
    ed.get("/sessions/" + own);
    HttpResponse<String> ownStop = ed.submit("/sessions/" + own + "/stop", Map.of());
    assertThat(ownStop.statusCode()).isEqualTo(302);
    assertThat(location(ownStop)).isEqualTo("/sessions");
  }

  @Test
  void runWaitsForTheSession_aRunTooEarlyKeepsTheTypedCode_andTheHeadingFollowsTheSession() {
    // the create answers 3 s late, so the session stays "starting" well past the page loads below
    h.livy.inject(Fault.on("POST", "/sessions").delay(Duration.ofSeconds(3)));
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = create(ed, "pyspark");
    String page = ed.get("/sessions/" + id).body();
    assertThat(page)
        .contains(
            "<h1 id=\"session-heading\">A new pyspark session, starting</h1>",
            "id=\"run\" disabled",
            "The session is starting: Run is available once it is idle.");

    String typed = "print(\"<b>kept</b>\")\nx = 1";
    HttpResponse<String> early =
        ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", typed));
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(early.body())
        .contains(
            "id=\"notice\" role=\"alert\">Not run: the session is not ready (starting).",
            "print(\"&lt;b&gt;kept&lt;/b&gt;\")\nx = 1</textarea>",
            "id=\"run\" disabled")
        .doesNotContain("<b>kept</b>");

    String live = until(ed, "/sessions/" + id + "/live", b -> b.contains("data-runnable=\"true\""));
    assertThat(live).contains("data-heading=\"web-test-", "data-why=\"\"");
    assertThat(ed.get("/sessions/" + id).body())
        .contains("<h1 id=\"session-heading\">web-test-")
        .doesNotContain("id=\"run\" disabled");
  }

  @Test
  void theCodeBox_showsExampleCodeOfItsKind_andKeepsTheLastCodeRun() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = create(ed, "sql");
    assertThat(ed.get("/sessions/" + id).body())
        .contains(
            "<option value=\"sql\" data-placeholder=\"SELECT id, id * id AS square FROM"
                + " range(10)\" selected>",
            "placeholder=\"SELECT id, id * id AS square FROM range(10)\">\n</textarea>",
            "<option value=\"pyspark\" data-placeholder=\"[r.id * r.id for r in"
                + " spark.range(10).collect()]\">",
            "<option value=\"spark\" data-placeholder=\"spark.range(10).count()\">");
    until(ed, "/sessions/" + id + "/live", body -> body.contains("data-runnable=\"true\""));
    run(ed, id, "pyspark", "1 + 1", "<pre class=\"output\">2</pre>");
    assertThat(ed.get("/sessions/" + id).body())
        .contains(
            ">\n1 + 1</textarea>",
            "<option value=\"pyspark\" data-placeholder=\"[r.id * r.id for r in"
                + " spark.range(10).collect()]\" selected>",
            "placeholder=\"[r.id * r.id for r in spark.range(10).collect()]\"");
  }

  @Test
  void statements_areCardsWithKindStateDurationAndRows_longTablesArePaged_andCharted() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed, "sql");
    String live = run(ed, id, "sql", CITIES, "id=\"result-1\"");
    assertThat(live)
        .contains(
            "id=\"statement-1\"",
            "<h3 class=\"card-title\">Statement 1</h3>",
            "<span class=\"badge kind\">sql</span>",
            "<span class=\"badge stmt-state state-available\">available</span>",
            "<span class=\"row-count\">120 rows</span>",
            "rows 1 to 50 of 120 (page 1 of 3)",
            "id=\"next-1\" href=\"/sessions/" + id + "?page1=2#statement-1\"",
            "data-live-href=\"/sessions/" + id + "/live?page1=2\"")
        .containsPattern("<span class=\"duration\"[^>]*>[0-9]+\\.[0-9] s</span>")
        .doesNotContain("id=\"prev-1\"");
    assertThat(count(live, "<td>city ")).isEqualTo(50);
    assertThat(live).contains("<td>city 1</td>", "<td>city 50</td>").doesNotContain("city 51<");
    // labels and numbers: a chart of the rows shown, beside the table, drawn from it
    Matcher canvas = Pattern.compile("<canvas [^>]*>").matcher(live);
    assertThat(canvas.find()).as(live).isTrue();
    assertThat(canvas.group())
        .contains(
            "id=\"chart-1\"",
            "data-chart-for=\"result-1\"",
            "data-label-column=\"0\"",
            "data-value-columns=\"1,2\"",
            "role=\"img\"",
            "aria-label=\"Bar chart of people and area by city, rows 1 to 50; the table beside"
                + " it holds the values.\"");

    String second = ed.get("/sessions/" + id + "?page1=2").body();
    assertThat(count(second, "<td>city ")).isEqualTo(50);
    assertThat(second)
        .contains("<td>city 51</td>", "<td>city 100</td>", "rows 51 to 100 of 120 (page 2 of 3)")
        .contains("data-live=\"/sessions/" + id + "/live?page1=2\"")
        .contains("id=\"prev-1\" href=\"/sessions/" + id + "#statement-1\"")
        .contains("Bar chart of people and area by city, rows 51 to 100");
    String last = ed.get("/sessions/" + id + "/live?page1=3").body();
    assertThat(count(last, "<td>city ")).isEqualTo(20);
    assertThat(last).contains("rows 101 to 120 of 120").doesNotContain("id=\"next-1\"");
    // pages out of range or malformed show the nearest page, or the first
    assertThat(ed.get("/sessions/" + id + "/live?page1=99").body()).contains("(page 3 of 3)");
    assertThat(ed.get("/sessions/" + id + "/live?page1=x&page2=2").body())
        .contains("(page 1 of 3)");

    // a second statement's pages keep the first's
    run(ed, id, "sql", CITIES, "id=\"result-2\"");
    String both = ed.get("/sessions/" + id + "/live?page1=3").body();
    assertThat(both)
        .contains("id=\"next-2\" href=\"/sessions/" + id + "?page1=3&amp;page2=2#statement-2\"")
        .contains("rows 101 to 120 of 120 (page 3 of 3)", "rows 1 to 50 of 120 (page 1 of 3)");

    // no chart for numbers only (no label column), two text columns, or text
    run(ed, id, "sql", "select id, square from squares", "id=\"result-3\"");
    run(ed, id, "sql", "select first, last from names", "id=\"result-4\"");
    String noCharts = run(ed, id, "pyspark", "1 + 1", "<pre class=\"output\">2</pre>");
    assertThat(noCharts).contains("<span class=\"row-count\">3 rows</span>");
    assertThat(count(noCharts, "<canvas")).isEqualTo(2);
    assertThat(noCharts).contains("id=\"chart-1\"", "id=\"chart-2\"");
    assertThat(noCharts).doesNotContain("id=\"chart-3\"", "id=\"chart-4\"", "id=\"chart-5\"");

    HttpResponse<String> js = ed.get("/static/chart.umd.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(js.body()).startsWith("/*!\n * Chart.js v4.");
  }

  @Test
  void theProfile_onApacheLivy_saysLivyGetsNoUserToken_andSignOutNamesTheAccountToEntra() {
    Browser ed = h.browser();
    ed.signIn("ed");
    assertThat(ed.get("/profile").body())
        .contains("<dd id=\"token-left\">none: Apache Livy receives no user token</dd>")
        .doesNotContain("min left (");
    ed.get("/sessions");
    String to = location(ed.submit("/sign-out", Map.of()));
    assertThat(to).contains("/oauth2/v2.0/logout?post_logout_redirect_uri=");
    assertThat(to).endsWith("&logout_hint=hint-ed");
    ed.get(to);
    assertThat(h.entra.signOutHints).containsExactly("hint-ed");

    h.entra.loginHints = false; // the app registration lists no login_hint optional claim
    Browser vi = h.browser();
    vi.signIn("vi");
    vi.get("/sessions");
    String viTo = location(vi.submit("/sign-out", Map.of()));
    assertThat(viTo).endsWith("&logout_hint=vi%40contoso.test");
  }
}
