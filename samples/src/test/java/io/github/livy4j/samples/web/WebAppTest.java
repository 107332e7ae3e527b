package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.samples.web.WebAppHarness.Browser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web app over HTTP: sign-in, roles, every route's check, CSRF, and what pages show. */
class WebAppTest {
  private WebAppHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new WebAppHarness(Map.of());
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  /** Polls the app (it answers from the SDK's latest view) until the page shows something. */
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

  private static void eventually(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition did not hold within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static String location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").orElse("");
  }

  /** Creates a ready session as this browser's user; returns its id. */
  private static String readySession(Browser b) {
    b.get("/sessions");
    HttpResponse<String> created = b.submit("/sessions", Map.of("kind", "pyspark"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    String id = location(created).substring("/sessions/".length());
    until(b, "/sessions/" + id + "/live", body -> body.contains(">idle<"));
    return id;
  }

  @Test
  void anEditor_signsInWithEntra_createsASession_runsCode_andSeesTheResult() {
    Browser ed = h.browser();
    HttpResponse<String> signedIn = ed.signIn("ed");
    assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(302);
    assertThat(location(signedIn)).isEqualTo("/sessions");
    String page = ed.get("/sessions").body();
    assertThat(page).contains("Ed Editor", "(Editors)", "id=\"create-session\"");
    String id = readySession(ed);
    assertThat(ed.get("/sessions/" + id).body()).contains("id=\"run\"", "web-test-");
    HttpResponse<String> ran =
        ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", "1 + 1"));
    assertThat(ran.statusCode()).isEqualTo(302);
    String live =
        until(
            ed,
            "/sessions/" + id + "/live",
            body -> body.contains("<pre class=\"output\">2</pre>"));
    assertThat(live).contains("available");
    assertThat(ed.get("/sessions/live").body()).contains(id);
  }

  @Test
  void onFabric_eachUsersLivyCalls_carryThatUsersOwnDelegatedToken() throws Exception {
    h.close();
    h = new WebAppHarness(Map.of(), true);
    Browser ed = h.browser();
    ed.signIn("ed");
    Browser ad = h.browser();
    ad.signIn("ad");
    String edSession = readySession(ed);
    int edCalls = h.livyCallers.size();
    assertThat(h.livyCallers).isNotEmpty().containsOnly("ed");
    readySession(ad);
    assertThat(h.livyCallers.subList(edCalls, h.livyCallers.size()))
        .isNotEmpty()
        .containsOnly("ad");
    ed.get("/sessions/" + edSession);
    ed.submit("/sessions/" + edSession + "/statements", Map.of("kind", "pyspark", "code", "1 + 1"));
    until(ed, "/sessions/" + edSession + "/live", b -> b.contains("available"));
    assertThat(ed.get("/profile").body()).contains("min left (Fabric; renewed");
    ed.submit("/sign-out", Map.of());
    ad.get("/sessions");
    ad.submit("/sign-out", Map.of());
    assertThat(h.livy.sessionCount()).isZero();
    assertThat(h.livyCallers).containsOnly("ed", "ad");
  }

  @Test
  void everyRoute_checksTheActionTable_forEachRole() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String mine = readySession(ed);
    Browser vi = h.browser();
    vi.signIn("vi");
    Browser ad = h.browser();
    ad.signIn("ad");
    Browser anon = h.browser();
    anon.get("/");
    Browser ed2 = h.browser();
    h.entra.person("ed2", "Second Editor", List.of("g-edit"), false);
    ed2.signIn("ed2");

    record Case(
        String method,
        String path,
        int anonymous,
        int viewer,
        int editor,
        int otherEditor,
        int admin) {}
    List<Case> cases =
        List.of(
            new Case("GET", "/", 200, 302, 302, 302, 302),
            new Case("GET", "/static/app.js", 200, 200, 200, 200, 200),
            new Case("GET", "/static/app.css", 200, 200, 200, 200, 200),
            new Case("GET", "/signed-out", 200, 200, 200, 200, 200),
            new Case("GET", "/profile", 401, 200, 200, 200, 200),
            new Case("GET", "/sessions", 401, 200, 200, 200, 200),
            new Case("GET", "/sessions/live", 401, 200, 200, 200, 200),
            // everyone's sessions are there to read; acting on them is another matter
            new Case("GET", "/sessions/" + mine, 401, 200, 200, 200, 200),
            new Case("GET", "/sessions/" + mine + "/live", 401, 200, 200, 200, 200),
            new Case("GET", "/sessions/not-a-session", 401, 404, 404, 404, 404),
            new Case("POST", "/sessions/" + mine + "/statements", 401, 403, 302, 404, 404),
            new Case("POST", "/sessions/" + mine + "/statements/1/cancel", 401, 403, 302, 404, 404),
            new Case("GET", "/admin/sessions", 401, 200, 200, 200, 200),
            new Case("GET", "/admin/sessions/live", 401, 200, 200, 200, 200),
            new Case("POST", "/sessions", 401, 403, 302, 302, 302));
    Map<String, Browser> who = new LinkedHashMap<>();
    who.put("anonymous", anon);
    who.put("viewer", vi);
    who.put("editor", ed);
    who.put("other editor", ed2);
    who.put("admin", ad);
    for (Case c : cases) {
      int[] expected = {c.anonymous(), c.viewer(), c.editor(), c.otherEditor(), c.admin()};
      int i = 0;
      for (Map.Entry<String, Browser> w : who.entrySet()) {
        Browser b = w.getValue();
        b.get("/sessions");
        HttpResponse<String> r =
            c.method().equals("GET")
                ? b.get(c.path())
                : b.submit(c.path(), Map.of("kind", "pyspark", "code", "1 + 1"));
        assertThat(r.statusCode())
            .as(w.getKey() + " " + c.method() + " " + c.path() + ": " + r.body())
            .isEqualTo(expected[i++]);
        if (r.statusCode() == 401) {
          assertThat(r.body()).contains("Please sign in");
          if (!c.path().endsWith("/live")) {
            assertThat(r.body()).contains("href=\"/\"");
          }
        }
        if (r.statusCode() == 403) {
          assertThat(r.body()).contains("Not allowed");
          if (!c.path().endsWith("/live")) {
            assertThat(r.body()).contains("do not allow this");
          }
        }
      }
    }
    // stopping: not for a viewer or another editor; the owner and an administrator may
    assertThat(vi.submit("/sessions/" + mine + "/stop", Map.of()).statusCode()).isEqualTo(403);
    assertThat(ed2.submit("/sessions/" + mine + "/stop", Map.of()).statusCode()).isEqualTo(404);
    assertThat(anon.post("/sessions/" + mine + "/stop", Map.of()).statusCode()).isEqualTo(401);
    assertThat(ad.get("/admin/sessions").body()).contains(mine, "Ed Editor");
    HttpResponse<String> stopped =
        ad.submit("/sessions/" + mine + "/stop", Map.of("confirm", "yes"));
    assertThat(stopped.statusCode()).isEqualTo(302);
    assertThat(location(stopped)).isEqualTo("/admin/sessions");
    assertThat(until(ed, "/sessions/" + mine + "/live", b -> b.contains("stopped")))
        .doesNotContain("id=\"run\"");
  }

  @Test
  void everyPost_needsTheBrowserSessionsCsrfToken_andNothingHappensWithout() {
    Browser ed = h.browser();
    ed.signIn("ed");
    ed.get("/sessions");
    Browser other = h.browser();
    other.signIn("vi");
    other.get("/sessions");
    HttpResponse<String> none = ed.post("/sessions", Map.of("kind", "pyspark"));
    HttpResponse<String> foreign =
        ed.post("/sessions", Map.of("kind", "pyspark", "csrf", other.lastCsrf));
    HttpResponse<String> crossSite =
        ed.send(
            HttpRequest.newBuilder(h.base().resolve("/sessions"))
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("kind=pyspark&csrf=" + ed.lastCsrf)));
    HttpResponse<String> signOut = ed.post("/sign-out", Map.of());
    for (HttpResponse<String> r : List.of(none, foreign, crossSite, signOut)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
      assertThat(r.body()).contains("Refused");
    }
    assertThat(crossSite.body()).contains("sent from another site");
    assertThat(h.livy.sessionCount()).isZero();
    assertThat(ed.get("/sessions").body()).contains("id=\"no-sessions\"");
  }

  @Test
  void groupOverage_readsEveryPageOfGraph_andAGraphFailureSaysSo() {
    Browser ov = h.browser();
    h.entra.graphFailures = 1;
    HttpResponse<String> failed = ov.signIn("ov");
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.body())
        .contains("could not be read from Microsoft Graph", "503")
        .doesNotContain("No access");
    HttpResponse<String> ok = ov.signIn("ov");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(302);
    assertThat(ov.get("/sessions").body()).contains("(Editors)");
    String profile = ov.get("/profile").body();
    assertThat(profile).contains("Group g-x1", "Group g-x4", "g-edit", "Editors");
  }

  @Test
  void aSignInThatEntraRefuses_saysWhy_andTheNextOneWorks() {
    Browser ed = h.browser();
    HttpResponse<String> start = ed.get("/sign-in");
    String state =
        FakeEntraServer.form(java.net.URI.create(location(start)).getRawQuery()).get("state");
    HttpResponse<String> refused =
        ed.get(
            "/azure_auth/callback?error=access_denied"
                + "&error_description=AADSTS65004%3A+User+declined+to+consent&state="
                + state);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body())
        .contains("Sign-in failed", "consent to this app was declined", "Try again");
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(401);
    assertThat(ed.signIn("ed").statusCode()).isEqualTo(302);
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(200);
  }

  @Test
  void aUserInNoMappedGroup_seesNoAccess_andIsNotSignedIn() {
    Browser no = h.browser();
    HttpResponse<String> r = no.signIn("no");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("No access", "none of your 1 groups maps to a role");
    assertThat(no.get("/sessions").statusCode()).isEqualTo(401);
  }

  @Test
  void aCallback_worksOnce_inTheBrowserThatStartedIt_andStartsANewBrowserSession() {
    Browser ed = h.browser();
    HttpResponse<String> start = ed.get("/sign-in");
    String before = start.headers().firstValue("Set-Cookie").orElseThrow();
    String callback = h.entra.signInAs(java.net.URI.create(location(start)), "ed");
    Browser elsewhere = h.browser();
    assertThat(elsewhere.get(callback).statusCode()).isEqualTo(400);
    HttpResponse<String> done = ed.get(callback);
    assertThat(done.statusCode()).isEqualTo(302);
    String after = done.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(after.split(";")[0]).isNotEqualTo(before.split(";")[0]);
    HttpResponse<String> replay = ed.get(callback);
    assertThat(replay.statusCode()).isEqualTo(400);
    assertThat(replay.body()).contains("No sign-in is under way");
    assertThat(after).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
  }

  @Test
  void aCookieFixedBeforeSignIn_isNeverSignedIn() {
    Browser victim = h.browser();
    // the attacker's own browser session, planted in the victim's browser before sign-in
    String planted =
        h.browser().get("/sign-in").headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
    HttpResponse<String> start =
        victim.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/sign-in"))
                .header("Cookie", planted)
                .GET());
    String callback = h.entra.signInAs(java.net.URI.create(location(start)), "ed");
    HttpResponse<String> done =
        victim.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(callback))
                .header("Cookie", planted)
                .GET());
    assertThat(done.statusCode())
        .as("a sign-in begun under a planted cookie: " + done.body())
        .isEqualTo(302);
    assertThat(done.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0])
        .as("the browser session after sign-in")
        .isNotEqualTo(planted);
    // whatever the victim's browser now holds, the planted cookie is not signed in
    HttpResponse<String> attacker =
        h.browser()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/sessions"))
                    .header("Cookie", planted)
                    .GET());
    assertThat(attacker.statusCode()).as("the planted cookie, after the sign-in").isEqualTo(401);
    // and a forged cookie value is no session at all
    HttpResponse<String> forged =
        h.browser()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.base() + "/sessions"))
                    .header(
                        "Cookie", planted.substring(0, planted.indexOf('=') + 1) + "forged.value")
                    .GET());
    assertThat(forged.statusCode()).isEqualTo(401);
  }

  @Test
  void whatAUserTypesIntoTheAddress_isNeverReflectedAsMarkup() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String payload = "<script>alert(1)</script>";
    String encoded = java.net.URLEncoder.encode(payload, java.nio.charset.StandardCharsets.UTF_8);
    for (String path :
        List.of(
            "/no-such-page/" + encoded,
            "/sessions/" + encoded,
            "/sessions/" + encoded + "/live",
            "/sessions?error=" + encoded,
            "/?next=" + encoded,
            "/signed-out?x=" + encoded)) {
      for (Browser b : List.of(ed, h.browser())) {
        HttpResponse<String> r = b.get(path);
        assertThat(r.body()).as(path).doesNotContain(payload).doesNotContain("<script>alert");
      }
    }
  }

  @Test
  void signOut_deletesTheUsersLivySessions_endsTheBrowserSession_andGoesThroughEntra() {
    Browser ed = h.browser();
    ed.signIn("ed");
    readySession(ed);
    Browser sameUserElsewhere = h.browser();
    sameUserElsewhere.signIn("ed");
    assertThat(h.livy.sessionCount()).isEqualTo(1);
    ed.get("/sessions");
    HttpResponse<String> out = ed.submit("/sign-out", Map.of());
    assertThat(out.statusCode()).isEqualTo(302);
    String to = location(out);
    assertThat(to)
        .startsWith(
            h.entra.authorityHost()
                + FakeEntraServer.TENANT
                + "/oauth2/v2.0/logout?post_logout_redirect_uri=");
    String redirect = to.substring(to.indexOf('=') + 1).replaceFirst("&.*", "");
    assertThat(URLDecoder.decode(redirect, StandardCharsets.UTF_8))
        .isEqualTo(h.base() + "/signed-out");
    assertThat(out.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("Max-Age=0"));
    HttpResponse<String> entraSide = ed.get(to);
    assertThat(location(entraSide)).isEqualTo(h.base() + "/signed-out");
    assertThat(ed.get("/signed-out").body()).contains("You are signed out", "stopped");
    assertThat(h.livy.sessionCount()).isZero();
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(401);
    assertThat(sameUserElsewhere.get("/sessions").statusCode()).isEqualTo(401);
  }

  @Test
  void signingOut_duringAStatement_stopsItsWait_andDeletesTheSession() {
    h.livy.script(
        "long running",
        io.github.livy4j.testkit.FakeResult.text("done").taking(java.time.Duration.ofMinutes(5)));
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", "long running"));
    until(ed, "/sessions/" + id + "/live", b -> b.contains("<progress"));
    ed.get("/sessions");
    assertThat(ed.submit("/sign-out", Map.of()).statusCode()).isEqualTo(302);
    assertThat(h.livy.sessionCount()).isZero();
    assertThat(h.livy.requests())
        .anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/sessions/0"));
    // the wait was interrupted: its thread leaves waitForCompletion
    java.util.function.Supplier<List<String>> waiting =
        () ->
            Thread.getAllStackTraces().entrySet().stream()
                .filter(
                    e ->
                        e.getKey().getName().startsWith("web-wait")
                            && java.util.Arrays.stream(e.getValue())
                                .anyMatch(f -> f.getMethodName().equals("waitForCompletion")))
                .map(e -> e.getKey().getName() + java.util.Arrays.toString(e.getValue()))
                .toList();
    try {
      eventually(() -> waiting.get().isEmpty());
    } catch (AssertionError e) {
      throw new AssertionError("still waiting: " + waiting.get(), e);
    }
  }

  @Test
  void withKeepSessionsOnSignOut_theSessionsStay_andTheAppSaysSo() throws Exception {
    h.close();
    h = new WebAppHarness(Map.of("KEEP_SESSIONS_ON_SIGN_OUT", "true"));
    Browser ed = h.browser();
    ed.signIn("ed");
    readySession(ed);
    ed.get("/sessions");
    ed.submit("/sign-out", Map.of());
    assertThat(h.livy.sessionCount()).isEqualTo(1);
    assertThat(ed.get("/signed-out").body()).contains("left running");
    h.app.close();
    assertThat(h.livy.sessionCount()).as("kept sessions are the user's now").isEqualTo(1);
  }

  /** Ed (an Editor) and Ad (an Administrator), signed in, each with a ready session. */
  private List<Browser> twoUsersWithASessionEach() {
    Browser ed = h.browser();
    ed.signIn("ed");
    readySession(ed);
    Browser ad = h.browser();
    ad.signIn("ad");
    readySession(ad);
    return List.of(ed, ad);
  }

  @Test
  void aUserWhoseBrowserSessionsEnded_isSignedOut_andTheirLivySessionsDeleted() {
    List<Browser> both = twoUsersWithASessionEach();
    Browser ed = both.get(0);
    Browser ad = both.get(1);
    h.clock.advance(java.time.Duration.ofMinutes(50));
    ad.get("/sessions");
    h.clock.advance(java.time.Duration.ofMinutes(20));
    h.app.sweep();
    assertThat(h.livy.sessionCount()).as("Ed's session went, Ad's stayed").isEqualTo(1);
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(401);
    assertThat(ad.get("/sessions").statusCode()).isEqualTo(200);
    h.clock.advance(java.time.Duration.ofHours(8));
    h.app.sweep();
    assertThat(h.livy.sessionCount()).isZero();
    assertThat(ad.get("/sessions").statusCode()).as("8 hours at most").isEqualTo(401);
  }

  @Test
  void onApacheLivy_everyUsersCallsCarryTheConfiguredCredential_whichNoPageShows()
      throws Exception {
    h.close();
    String token = "apache-gateway-token-7d1e";
    h = new WebAppHarness(Map.of("LIVY_ACCESS_TOKEN", token));
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", "1 + 1"));
    until(ed, "/sessions/" + id + "/live", b -> b.contains("<pre class=\"output\">2</pre>"));
    assertThat(h.app.toString()).contains("livyCredential=bearer token").doesNotContain(token);
    assertThat(h.answers).noneMatch(a -> a.contains(token));
    Map<String, String> env = new HashMap<>(WebAppHarness.env(5000, h.entra, h.livy.uri()));
    env.put("LIVY_USERNAME", "livy");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WebConfig.fromEnvironment(env)))
        .hasMessageContaining("LIVY_USERNAME and LIVY_PASSWORD" + " go together");
    env.put("LIVY_PASSWORD", "pw-never-shown");
    assertThat(WebConfig.fromEnvironment(env).toString())
        .contains("Basic user livy")
        .doesNotContain("pw-never-shown");
  }

  @Test
  void closingTheApp_deletesEverySessionItCreated() {
    twoUsersWithASessionEach();
    assertThat(h.livy.sessionCount()).isEqualTo(2);
    h.app.close();
    assertThat(h.livy.sessionCount()).isZero();
  }

  @Test
  void pages_escapeCodeOutputTablesAndGraphFields() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    ed.submit(
        "/sessions/" + id + "/statements",
        Map.of("kind", "pyspark", "code", "<script>alert(1)</script>"));
    ed.get("/sessions/" + id);
    ed.submit("/sessions/" + id + "/statements", Map.of("kind", "sql", "code", "select 1 as one"));
    String live =
        until(
            ed,
            "/sessions/" + id + "/live",
            b -> b.contains("&lt;img src=x") && b.contains("&lt;i&gt;y&lt;/i&gt;"));
    assertThat(live)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;")
        .doesNotContain("<script>", "<img src=x", "<i>y</i>", "<b>x</b>");
    String profile = ed.get("/profile").body();
    assertThat(profile).contains("&lt;b&gt;Tester&lt;/b&gt;").doesNotContain("<b>Tester</b>");
  }

  @Test
  void noTokenCodeOrSecret_everReachesABrowser() {
    long logMark = io.github.livy4j.CapturedLogs.mark();
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    ed.get("/profile");
    ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", "1 + 1"));
    until(ed, "/sessions/" + id + "/live", b -> b.contains("available"));
    ed.get("/sessions");
    ed.submit("/sign-out", Map.of());
    assertThat(h.entra.issued).isNotEmpty();
    List<String> secrets = new java.util.ArrayList<>(h.entra.issued);
    secrets.add(FakeEntraServer.SECRET);
    secrets.add(WebAppHarness.SESSION_SECRET);
    for (String answer : h.answers) {
      for (String s : secrets) {
        assertThat(answer).doesNotContain(s);
      }
    }
    assertThat(h.answers).hasSizeGreaterThan(5);
    // and the app's own log lines, captured at TRACE, are checked by NoSecretLeaks
    assertThat(io.github.livy4j.CapturedLogs.since(logMark))
        .anyMatch(l -> l.contains("signed in with roles"));
  }

  @Test
  void noAddressAUserCanGive_isEverARedirectTarget() {
    Browser ed = h.browser();
    HttpResponse<String> start =
        ed.get(
            "/sign-in?next=https://evil.example/&redirect_uri="
                + "https://evil.example/cb&post_logout_redirect_uri=https://evil.example/");
    assertThat(location(start))
        .startsWith(h.entra.authorityHost())
        .contains(
            "redirect_uri="
                + java.net.URLEncoder.encode(
                    h.base() + "/azure_auth/callback", StandardCharsets.UTF_8))
        .doesNotContain("evil");
    String callback = h.entra.signInAs(java.net.URI.create(location(start)), "ed");
    HttpResponse<String> done = ed.get(callback + "&next=https://evil.example/");
    assertThat(location(done)).isEqualTo("/sessions");
    ed.get("/sessions");
    HttpResponse<String> out =
        ed.submit(
            "/sign-out",
            Map.of(
                "next",
                "https://evil.example/",
                "post_logout_redirect_uri",
                "https://evil.example/"));
    assertThat(location(out))
        .doesNotContain("evil")
        .contains(java.net.URLEncoder.encode(h.base() + "/signed-out", StandardCharsets.UTF_8));
  }

  @Test
  void overHttps_theCookieIsSecure() throws Exception {
    h.close();
    h =
        new WebAppHarness(
            Map.of("REDIRECT_URI", "https://livy-web.example.test/azure_auth/" + "callback"));
    HttpResponse<String> start = h.browser().get("/sign-in");
    assertThat(start.headers().firstValue("Set-Cookie").orElseThrow())
        .contains("HttpOnly", "SameSite=Lax", "Secure");
  }

  @Test
  void everyPage_carriesTheSecurityHeaders() {
    Browser anon = h.browser();
    for (String path : List.of("/", "/sessions", "/no-such-page", "/static/app.js")) {
      HttpResponse<String> r = anon.get(path);
      assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
          .as(path)
          .contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
    assertThat(anon.get("/no-such-page").statusCode()).isEqualTo(404);
    assertThat(anon.get("/sessions").headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void aHugeForm_isRefused() {
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    HttpResponse<String> r =
        ed.submit(
            "/sessions/" + id + "/statements",
            Map.of("kind", "pyspark", "code", "x".repeat(40_000)));
    assertThat(r.statusCode()).isEqualTo(413);
    HttpResponse<String> huge =
        ed.submit(
            "/sessions/" + id + "/statements",
            Map.of("kind", "pyspark", "code", "x".repeat(200_000)));
    assertThat(huge.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(ed.get("/sessions/" + id + "/live").body()).doesNotContain("class=\"statement\"");
  }

  /** Sends a request as written, Host header included, and returns the whole answer. */
  private String raw(String request) throws java.io.IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRequestForAnotherName_isRefusedBeforeAnyHandler_asADnsRebindingPageWouldSendIt()
      throws Exception {
    String ours = "127.0.0.1:" + h.port;
    assertThat(raw("GET / HTTP/1.1\r\nHost: " + ours + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
    String home =
        raw("GET / HTTP/1.1\r\nHost: rebind.test:" + h.port + "\r\nConnection: close\r\n\r\n");
    assertThat(home).startsWith("HTTP/1.1 421").doesNotContainIgnoringCase("set-cookie");
    assertThat(home).doesNotContain("name=\"csrf\"");
    String form = "csrf=T&user=ad";
    String signIn =
        raw(
            "POST /dev/sign-in HTTP/1.1\r\nHost: rebind.test:"
                + h.port
                + "\r\nOrigin: http://rebind.test:"
                + h.port
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length()
                + "\r\nConnection: close\r\n\r\n"
                + form);
    assertThat(signIn).startsWith("HTTP/1.1 421").doesNotContain("Location:");
    // a form from another origin is refused even with our own Host (signed in or not)
    String forged =
        raw(
            "POST /sign-out HTTP/1.1\r\nHost: "
                + ours
                + "\r\nOrigin: http://rebind.test:"
                + h.port
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + form.length()
                + "\r\nConnection: close\r\n\r\n"
                + form);
    assertThat(forged).matches("(?s)HTTP/1.1 40[13] .*").doesNotContain("Location:");
  }

  @Test
  void headRequests_answerAsTheirGetDoes_withoutABody() throws Exception {
    String ours = "127.0.0.1:" + h.port;
    for (String path : List.of("/", "/static/app.css", "/static/app.js", "/sign-in")) {
      String get =
          raw("GET " + path + " HTTP/1.1\r\nHost: " + ours + "\r\nConnection: close\r\n\r\n");
      String head =
          raw("HEAD " + path + " HTTP/1.1\r\nHost: " + ours + "\r\nConnection: close\r\n\r\n");
      assertThat(head.lines().findFirst()).as("HEAD %s", path).isEqualTo(get.lines().findFirst());
      assertThat(head).as("HEAD %s has no body", path).endsWith("\r\n\r\n");
    }
    // a page that needs a sign-in says so to HEAD as to GET, not 500
    assertThat(raw("HEAD /profile HTTP/1.1\r\nHost: " + ours + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 401");
  }

  @Test
  void aKeyGivenTwice_inRolesOrDevUsers_isRefused_namingIt_ratherThanTheLastWinning() {
    Map<String, String> env = new HashMap<>(WebAppHarness.env(5000, h.entra, h.livy.uri()));
    env.put("ROLES", "{\"g\": \"Viewers\", \"g\": \"Administrators\"}");
    env.put("DEV_USERS", "{\"ada\": [\"g\"], \"ada\": [\"h\"]}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = WebApp.run(env, new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(text)
        .contains(
            "ROLES names the group 'g' twice",
            "DEV_USERS is not valid JSON: the key 'ada' is given twice (each may appear once)")
        .doesNotContain("Exception", "\tat ");
  }

  @Test
  void badSettings_areReportedOneLineEach_withoutAStackTrace() {
    Map<String, String> env = new HashMap<>(WebAppHarness.env(5000, h.entra, h.livy.uri()));
    env.put("ROLES", "{\"g\": \"Owners\"}");
    env.put("LIVY_SPARK_CONF", "{not json");
    env.remove("LIVY_BASE_ENDPOINT");
    env.put("SESSION_SECRET", "short");
    env.put("LIVY_REQUESTS_TIMEOUT", "soon");
    env.put("DEV_USERS", "{\"alice\": [\"g\"]}");
    env.put("BIND_ADDRESS", "0.0.0.0");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = WebApp.run(env, new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(text.lines()).allMatch(l -> l.startsWith("web app: ")).hasSize(6);
    assertThat(text)
        .contains(
            "'Owners'",
            "LIVY_SPARK_CONF is not valid JSON",
            "LIVY_BASE_ENDPOINT is not set",
            "SESSION_SECRET (or DJANGO_SECRET) is too short",
            "LIVY_REQUESTS_TIMEOUT must be a whole number",
            "DEV_USERS (the development sign-in)" + " is refused on BIND_ADDRESS 0.0.0.0")
        .doesNotContain("Exception", "\tat ");
    Map<String, String> djangoName = new HashMap<>(WebAppHarness.env(5000, h.entra, h.livy.uri()));
    djangoName.remove("SESSION_SECRET");
    djangoName.put("DJANGO_SECRET", WebAppHarness.SESSION_SECRET);
    assertThat(WebConfig.fromEnvironment(djangoName).sessionSecret())
        .isEqualTo(WebAppHarness.SESSION_SECRET);
  }

  @Test
  void theDevelopmentSignIn_goesThroughTheSameRoles_andIsMarked() throws Exception {
    h.close();
    h =
        WebAppHarness.withDevSignIn(
            "{\"val\": {\"name\": \"Val Viewer\","
                + " \"groups\": [\"g-view\"]}, \"eve\": [\"g-edit\"], \"nobody\": [\"g-none\"]}",
            Map.of());
    Browser val = h.browser();
    String home = val.get("/").body();
    assertThat(home).contains("Development sign-in is on", "Sign in as Val Viewer");
    assertThat(home)
        .as("Entra ID is off beside it")
        .doesNotContain("Sign in with Microsoft Entra ID");
    HttpResponse<String> in = val.devSignIn("val");
    assertThat(in.statusCode()).isEqualTo(302);
    String sessions = val.get("/sessions").body();
    assertThat(sessions).contains("Val Viewer", "(Viewers)").doesNotContain("create-session");
    assertThat(val.submit("/sessions", Map.of("kind", "pyspark")).statusCode()).isEqualTo(403);
    assertThat(val.get("/profile").body()).contains("the development sign-in", "g-view");
    Browser nobody = h.browser();
    assertThat(nobody.devSignIn("nobody").statusCode()).isEqualTo(403);
    Browser eve = h.browser();
    eve.devSignIn("eve");
    readySession(eve);
    eve.get("/sessions");
    HttpResponse<String> out = eve.submit("/sign-out", Map.of());
    assertThat(location(out)).isEqualTo(h.base() + "/signed-out");
    assertThat(h.livy.sessionCount()).isZero();
  }
}
