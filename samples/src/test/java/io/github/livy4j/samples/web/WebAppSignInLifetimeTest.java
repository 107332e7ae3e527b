package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.samples.web.WebAppHarness.Browser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How long a sign-in holds, over HTTP: roles read again from Entra ID while the user stays
 * signed in, the end of every browser session of a user who has no access, what counts as the
 * user's activity, and the bounds on sign-ins under way.
 */
class WebAppSignInLifetimeTest {
  private static final Duration PAST_ROLE_REFRESH = Duration.ofMinutes(11);

  private WebAppHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private WebAppHarness start(Map<String, String> env) throws Exception {
    h = new WebAppHarness(env);
    return h;
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!b.get("/sessions/" + id + "/live").body().contains(">idle<")) {
      assertThat(System.nanoTime()).as("the session never became idle").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    return id;
  }

  @Test
  void changedGroups_reachEveryBrowserOfTheUser_atTheNextRequestAfterTheRoleRefresh()
      throws Exception {
    start(Map.of());
    Browser ed = h.browser();
    ed.signIn("ed");
    Browser edElsewhere = h.browser();
    edElsewhere.signIn("ed");
    h.entra.person("ed", "Ed Editor", List.of("g-view"), false);
    h.clock.advance(Duration.ofMinutes(9));
    assertThat(ed.get("/sessions").body()).as("not read again yet").contains("(Editors)");
    h.clock.advance(Duration.ofMinutes(2));
    String page = ed.get("/sessions").body();
    assertThat(page).contains("(Viewers)").doesNotContain("id=\"create-session\"");
    assertThat(edElsewhere.get("/sessions").body()).contains("(Viewers)");
    assertThat(edElsewhere.submit("/sessions", Map.of("kind", "pyspark")).statusCode())
        .isEqualTo(403);
    assertThat(h.livy.sessionCount()).isZero();
  }

  @Test
  void aUserLeftWithNoRole_isSignedOutInEveryBrowser_whoseNextPageSaysWhy() throws Exception {
    start(Map.of());
    // a user in too many groups for the token: read again from Graph
    Browser ov = h.browser();
    ov.signIn("ov");
    readySession(ov);
    Browser ovElsewhere = h.browser();
    ovElsewhere.signIn("ov");
    assertThat(h.livy.sessionCount()).isEqualTo(1);
    h.entra.person("ov", "Ov Overage", List.of("g-x1", "g-x2", "g-x3"), true);
    h.clock.advance(PAST_ROLE_REFRESH);
    HttpResponse<String> next = ov.get("/sessions");
    assertThat(next.statusCode()).isEqualTo(401);
    assertThat(next.body())
        .contains("You were signed out", "none of your 3 groups maps to a role", "every browser");
    assertThat(next.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("Max-Age=0"));
    assertThat(h.livy.sessionCount()).as("deleted, as at sign-out").isZero();
    assertThat(ov.get("/sessions").body()).contains("Please sign in");
    // the other browser's open tab: its background refresh sends it to the start page...
    HttpResponse<String> live = ovElsewhere.get("/sessions/live");
    assertThat(live.statusCode()).isEqualTo(401);
    // ...which says why, once
    HttpResponse<String> home = ovElsewhere.get("/");
    assertThat(home.statusCode()).isEqualTo(401);
    assertThat(home.body()).contains("none of your 3 groups maps to a role");
    assertThat(ovElsewhere.get("/").statusCode()).isEqualTo(200);
  }

  @Test
  void aSignInEntraNoLongerAccepts_endsAtTheNextRequestAfterTheRoleRefresh() throws Exception {
    start(Map.of());
    Browser vi = h.browser();
    vi.signIn("vi");
    h.entra.revoked.add("vi");
    h.clock.advance(PAST_ROLE_REFRESH);
    HttpResponse<String> next = vi.get("/profile");
    assertThat(next.statusCode()).isEqualTo(401);
    assertThat(next.body())
        .contains("Entra ID no longer accepts your sign-in", "invalid_grant", "disabled");
    assertThat(vi.get("/sessions").statusCode()).isEqualTo(401);
  }

  @Test
  void aSignInThatFindsNoAccess_endsTheUsersOtherBrowserSessionsToo() throws Exception {
    start(Map.of());
    Browser ed = h.browser();
    ed.signIn("ed");
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(200);
    h.entra.person("ed", "Ed Editor", List.of("g-unmapped"), false);
    Browser again = h.browser();
    HttpResponse<String> refused = again.signIn("ed");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("No access");
    HttpResponse<String> before = ed.get("/sessions");
    assertThat(before.statusCode()).isEqualTo(401);
    assertThat(before.body()).contains("signed in again as ed@contoso.test in another browser");
  }

  @Test
  void thePagesBackgroundRefresh_doesNotKeepATabAlive_butWhatTheUserDoesDoes() throws Exception {
    start(Map.of());
    Browser idle = h.browser();
    idle.signIn("ed");
    Browser busy = h.browser();
    busy.signIn("vi");
    for (int minute = 0; minute < 65; minute += 5) {
      h.clock.advance(Duration.ofMinutes(5));
      HttpResponse<String> live = idle.get("/sessions/live");
      if (minute < 55) {
        assertThat(live.statusCode()).as("after %d min", minute + 5).isEqualTo(200);
      }
      if (minute == 45) {
        busy.get("/sessions");
      }
    }
    assertThat(idle.get("/sessions/live").statusCode())
        .as("65 min of background refreshes alone")
        .isEqualTo(401);
    assertThat(busy.get("/sessions/live").statusCode())
        .as("15 min after a page load")
        .isEqualTo(200);
  }

  @Test
  void aFloodOfSignIns_pushesOutTheOldestPendingOne_neverASignedInUser() throws Exception {
    start(Map.of("SIGN_INS_PENDING_MAX", "5"));
    Browser ed = h.browser();
    ed.signIn("ed");
    List<Browser> flood = new ArrayList<>();
    List<URI> authorize = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Browser b = h.browser();
      HttpResponse<String> r = b.get("/sign-in");
      assertThat(r.statusCode()).isEqualTo(302);
      flood.add(b);
      authorize.add(URI.create(location(r)));
    }
    HttpResponse<String> oldest = flood.get(0).get(h.entra.signInAs(authorize.get(0), "vi"));
    assertThat(oldest.statusCode()).isEqualTo(400);
    assertThat(oldest.body()).contains("No sign-in is under way");
    HttpResponse<String> newest = flood.get(11).get(h.entra.signInAs(authorize.get(11), "vi"));
    assertThat(newest.statusCode()).as(newest.body()).isEqualTo(302);
    assertThat(ed.get("/sessions").statusCode()).isEqualTo(200);
  }

  @Test
  void signInsStartingTooFast_areAnswered429_untilTheBucketRefills() throws Exception {
    start(Map.of("SIGN_INS_PER_MINUTE_PER_ADDRESS", "3"));
    Browser ed = h.browser();
    ed.signIn("ed");
    assertThat(h.browser().get("/sign-in").statusCode()).isEqualTo(302);
    assertThat(h.browser().get("/sign-in").statusCode()).isEqualTo(302);
    HttpResponse<String> refused = h.browser().get("/sign-in");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("<html", "Too many sign-ins", "try again");
    assertThat(refused.headers().firstValue("Retry-After").map(Integer::parseInt))
        .hasValueSatisfying(s -> assertThat(s).isBetween(1, 20));
    assertThat(refused.headers().firstValue("Set-Cookie")).as("nothing kept").isEmpty();
    assertThat(ed.get("/sessions").statusCode()).as("signed-in users carry on").isEqualTo(200);
    h.clock.advance(Duration.ofSeconds(20));
    assertThat(h.browser().get("/sign-in").statusCode()).isEqualTo(302);
    assertThat(h.browser().get("/sign-in").statusCode()).isEqualTo(429);
  }

  @Test
  void badLimits_areReportedOneLineEach_andTheDefaultsAreSensible() {
    Map<String, String> env = new HashMap<>();
    env.put("DEV_USERS", "{\"ada\": [\"g\"]}");
    env.put("ROLES", "{\"g\": \"Viewers\"}");
    env.put("LIVY_BASE_ENDPOINT", "http://127.0.0.1:8998");
    assertThat(WebConfig.fromEnvironment(env).signIns())
        .isEqualTo(new WebConfig.SignIns(Duration.ofMinutes(10), 10_000, 600, 60));
    env.put("ROLE_REFRESH", "0");
    env.put("SIGN_INS_PENDING_MAX", "lots");
    env.put("SIGN_INS_PER_MINUTE", "-1");
    assertThatThrownBy(() -> WebConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            WebConfig.InvalidConfig.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "ROLE_REFRESH must be between 1 and 480, was 0",
                        "SIGN_INS_PENDING_MAX must be a whole number, was 'lots'",
                        "SIGN_INS_PER_MINUTE must be between 1 and 1000000, was -1"));
  }
}
