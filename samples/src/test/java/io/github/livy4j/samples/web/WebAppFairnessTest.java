package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.Fault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One user's load does not delay another's: a user's sessions and running statements are
 * capped (a clear page says so, and typed code is kept), and what one user has in flight on a
 * slow server holds nothing another user's create or statement waits for.
 */
class WebAppFairnessTest {
  /**
   * More than the threads livy4j keeps for its blocking calls (as many as the machine has
   * cores, at least two), so that creates that held one each would leave none for anyone else.
   */
  private static final int SESSIONS = Math.max(2, Runtime.getRuntime().availableProcessors()) + 1;

  private static final int STATEMENTS = 2;
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  private FakeLivy livy;
  private WebApp app;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    livy =
        FakeLivy.builder().sessionStartup(Duration.ZERO).statementDuration(Duration.ZERO).start();
    livy.script("bob's code", FakeResult.text("bob's result"));
    livy.script("slow", FakeResult.text("late").taking(Duration.ofMinutes(10)));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("DEV_USERS", "{\"amy\": [\"g-edit\"], \"bob\": [\"g-edit\"]}");
    env.put("ROLES", "{\"g-edit\": \"Editors\"}");
    env.put("LIVY_BASE_ENDPOINT", livy.uri().toString());
    env.put("PORT", Integer.toString(port));
    env.put("MAX_SESSIONS_PER_USER", Integer.toString(SESSIONS));
    env.put("MAX_RUNNING_STATEMENTS_PER_USER", Integer.toString(STATEMENTS));
    app = new WebApp(WebConfig.fromEnvironment(env), Clock.systemUTC()).start();
    base = URI.create("http://127.0.0.1:" + port);
  }

  @AfterEach
  void stop() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      livy.close();
    }
  }

  @Test
  void manyCreatesOfOneUser_onAServerSlowToTakeThem_delayNeitherAnothersCreateNorTheirCode() {
    Browser bob = new Browser("bob");
    String bobs = bob.readySession();

    // Amy's creates hang at the server, and she sends more than she may have at once
    livy.inject(Fault.on("POST", "/sessions").hang().times(SESSIONS));
    Browser amy = new Browser("amy");
    List<CompletableFuture<HttpResponse<String>>> creates = new ArrayList<>();
    for (int i = 0; i < SESSIONS + 3; i++) {
      creates.add(amy.postAsync("/sessions", Map.of("kind", "spark")));
    }
    List<HttpResponse<String>> answers = creates.stream().map(CompletableFuture::join).toList();

    // every one of hers the app took was sent at once, none waiting for another
    eventually(() -> createsSent() >= 1 + SESSIONS);
    // Bob's create is sent and answered, and his code runs, while hers hang
    HttpResponse<String> created = bob.post("/sessions", Map.of("kind", "spark"));
    assertThat(created.statusCode()).isEqualTo(302);
    String second = location(created);
    bob.until(second, page -> page.contains("(Livy session "));
    assertThat(bob.post(bobs + "/statements", Map.of("kind", "spark", "code", "bob's code")))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(302);
    bob.until(bobs + "/live", page -> page.contains("<pre class=\"output\">bob's result</pre>"));

    // she got her sessions up to the limit, and a clear page for the rest, at once
    assertThat(answers).filteredOn(r -> r.statusCode() == 302).hasSize(SESSIONS);
    assertThat(answers)
        .filteredOn(r -> r.statusCode() == 429)
        .hasSize(3)
        .allSatisfy(
            r ->
                assertThat(r.body())
                    .contains("Too many sessions")
                    .contains(
                        "You have "
                            + SESSIONS
                            + " sessions open, and "
                            + SESSIONS
                            + " is the most one person may have at once")
                    .contains("Stop a session you no longer need"));
    assertThat(createsSent()).isEqualTo(1 + SESSIONS + 1);

    // stopping one of hers (its create still on its way) gives its place back
    String hers = location(answers.stream().filter(r -> r.statusCode() == 302).findFirst().get());
    assertThat(amy.post(hers + "/stop", Map.of()).statusCode()).isEqualTo(302);
    assertThat(amy.post("/sessions", Map.of("kind", "spark")).statusCode()).isEqualTo(302);
    assertThat(amy.post("/sessions", Map.of("kind", "spark")).statusCode()).isEqualTo(429);
  }

  @Test
  void codeBeyondTheUsersRunningStatements_isRefusedWithAClearPage_andKept() {
    Browser bob = new Browser("bob");
    String s = bob.readySession();
    for (int i = 0; i < STATEMENTS; i++) {
      assertThat(bob.post(s + "/statements", Map.of("kind", "spark", "code", "slow")).statusCode())
          .isEqualTo(302);
    }
    String typed = "val x = 1\n\"<b>kept</b>\"";
    HttpResponse<String> refused =
        bob.post(s + "/statements", Map.of("kind", "pyspark", "code", typed));

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body())
        .contains("Too many statements running")
        .contains(
            "You have 2 statements waiting or running, and 2 is the most one person may run at"
                + " once")
        .contains("cancel one")
        .contains(">val x = 1\n\"&lt;b&gt;kept&lt;/b&gt;\"</textarea>")
        .contains("action=\"" + s + "/statements\"")
        .contains("<option value=\"pyspark\" selected>");
    assertThat(livy.requests())
        .filteredOn(r -> r.method().equals("POST") && r.path().endsWith("/statements"))
        .hasSize(STATEMENTS);

    // a statement done gives its place back
    assertThat(bob.post(s + "/statements/1/cancel", Map.of()).statusCode()).isEqualTo(302);
    bob.until(s + "/live", page -> page.contains("data-state=\"cancelled\""));
    assertThat(bob.post(s + "/statements", Map.of("kind", "spark", "code", "bob's code")))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(302);
  }

  @Test
  void theLimits_areCheckedWhenTheAppStarts() {
    Map<String, String> env = new HashMap<>();
    env.put("DEV_USERS", "{\"amy\": [\"g-edit\"]}");
    env.put("ROLES", "{\"g-edit\": \"Editors\"}");
    env.put("LIVY_BASE_ENDPOINT", livy.uri().toString());
    assertThat(WebConfig.fromEnvironment(env).maxSessionsPerUser()).isEqualTo(5);
    assertThat(WebConfig.fromEnvironment(env).maxRunningStatementsPerUser()).isEqualTo(5);
    env.put("MAX_SESSIONS_PER_USER", "0");
    env.put("MAX_RUNNING_STATEMENTS_PER_USER", "many");
    assertThat(catchThrowable(() -> WebConfig.fromEnvironment(env)))
        .isInstanceOf(WebConfig.InvalidConfig.class)
        .hasMessageContaining("MAX_SESSIONS_PER_USER must be between 1 and 1000, was 0")
        .hasMessageContaining("MAX_RUNNING_STATEMENTS_PER_USER must be a whole number, was 'many'");
  }

  private long createsSent() {
    return livy.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals("/sessions"))
        .count();
  }

  private static String location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").orElseThrow();
  }

  /** Waits for what a real server shows, within 10 s. */
  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
  }

  /** A signed-in browser without JavaScript: keeps its cookie, follows no redirect. */
  private final class Browser {
    private final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private String csrf = "";

    Browser(String user) {
      get("/");
      assertThat(post("/dev/sign-in", Map.of("user", user)).statusCode()).isEqualTo(302);
      get("/sessions");
    }

    /** Creates a session and waits until it is idle; returns its page's path. */
    String readySession() {
      HttpResponse<String> created = post("/sessions", Map.of("kind", "spark"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
      String path = location(created);
      until(path + "/live", page -> page.contains(">idle<"));
      return path;
    }

    void until(String path, java.util.function.Predicate<String> shown) {
      String[] last = {""};
      try {
        eventually(() -> shown.test(last[0] = get(path).body()));
      } catch (AssertionError e) {
        throw new AssertionError(path + " never showed what was expected:\n" + last[0], e);
      }
    }

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(base.resolve(path)).GET()).join();
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
      return postAsync(path, form).join();
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, Map<String, String> form) {
      StringBuilder body = new StringBuilder("csrf=" + encode(csrf));
      form.forEach((k, v) -> body.append('&').append(encode(k)).append('=').append(encode(v)));
      return send(
          HttpRequest.newBuilder(base.resolve(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder b) {
      return http.sendAsync(
              b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
          .thenApply(
              r -> {
                Matcher m = CSRF.matcher(r.body());
                if (m.find()) {
                  csrf = m.group(1);
                }
                return r;
              })
          .exceptionally(
              e -> {
                throw new UncheckedIOException(new IOException(e));
              });
    }

    private String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
