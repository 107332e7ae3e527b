package io.github.livy4j.samples.web;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web app on a free loopback port, with a fake Entra ID and Graph and the testkit's fake
 * Livy behind it, and plain HTTP "browsers" that keep cookies and never follow redirects. Every
 * answer any browser got is kept, so a test can check that no credential ever reached one.
 */
final class WebAppHarness implements AutoCloseable {
  static final String ROLES =
      "{\"g-view\": \"Viewers\", \"g-edit\": \"Editors\","
          + " \"g-admin\": [\"Administrators\", \"Editors\"]}";
  static final String SESSION_SECRET = "session-secret-for-tests-0123456789abcdef";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

  final FakeEntraServer entra;
  final FakeLivy livy;
  final WebApp app;
  final int port;
  final List<String> answers = new CopyOnWriteArrayList<>();

  /** The app's clock: tests move it forward. */
  final MovableClock clock = new MovableClock();

  /** On Fabric: whose token each Livy request carried. */
  final List<String> livyCallers = new CopyOnWriteArrayList<>();

  WebAppHarness(Map<String, String> extra) throws IOException {
    this(extra, false);
  }

  WebAppHarness(Map<String, String> extra, boolean fabric) throws IOException {
    this(extra, fabric, true);
  }

  /**
   * The app as a developer runs it: the development sign-in with these users, no Entra ID
   * (the app refuses the two together); Graph stays the fake's.
   *
   * @param devUsers {@code DEV_USERS}
   * @param extra more settings
   */
  static WebAppHarness withDevSignIn(String devUsers, Map<String, String> extra)
      throws IOException {
    Map<String, String> env = new HashMap<>(extra);
    env.put("DEV_USERS", devUsers);
    return new WebAppHarness(env, false, false);
  }

  private WebAppHarness(Map<String, String> extra, boolean fabric, boolean entraSignIn)
      throws IOException {
    entra =
        new FakeEntraServer()
            .person("ed", "Ed Editor", List.of("g-edit", "g-unmapped"), false)
            .person("vi", "Vi Viewer", List.of("g-view"), false)
            .person("ad", "Ad Admin", List.of("g-admin"), false)
            .person("ov", "Ov Overage", List.of("g-x1", "g-x2", "g-x3", "g-edit", "g-x4"), true)
            .person("no", "No Body", List.of("g-unmapped"), false);
    FakeLivy.Builder lb =
        FakeLivy.builder()
            .sessionStartup(Duration.ofMillis(200))
            .statementDuration(Duration.ofMillis(200));
    String apacheToken = extra.get("LIVY_ACCESS_TOKEN");
    if (apacheToken != null) {
      lb.acceptTokens(apacheToken::equals);
    }
    if (fabric) {
      lb.fabric()
          .acceptTokens(
              t -> {
                var who = entra.holder(t, "https://api.fabric.microsoft.com/");
                who.ifPresent(p -> livyCallers.add(p.oid()));
                return who.isPresent();
              });
    }
    livy = lb.start();
    livy.script("1 + 1", FakeResult.text("2"));
    livy.script("<script>alert(1)</script>", FakeResult.text("<img src=x onerror=alert(2)>"));
    livy.script(
        "select 1 as one",
        FakeResult.sqlTable(
            List.of("one", "<b>x</b>"), List.of("int", "string"), List.of(List.of(1, "<i>y</i>"))));
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(env(port, entra, livy.uri()));
    if (fabric) {
      env.put("LIVY_BACKEND", "fabric");
      env.put(
          "LIVY_BASE_ENDPOINT",
          livy.uri()
              + "/workspaces/11111111-2222-3333-4444-"
              + "555555555555/lakehouses/66666666-7777-8888-9999-000000000000/livyapi/versions/"
              + "2023-12-01");
    }
    if (!entraSignIn) {
      List.of("TENANT_ID", "CLIENT_ID", "CLIENT_SECRET", "AZURE_AUTHORITY_HOST")
          .forEach(env::remove);
    }
    env.putAll(extra);
    env.values().removeIf(v -> v == null);
    app = new WebApp(WebConfig.fromEnvironment(env), clock).start();
  }

  static Map<String, String> env(int port, FakeEntraServer entra, URI livy) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TENANT_ID", FakeEntraServer.TENANT);
    env.put("CLIENT_ID", FakeEntraServer.CLIENT);
    env.put("CLIENT_SECRET", FakeEntraServer.SECRET);
    env.put("REDIRECT_URI", "http://127.0.0.1:" + port + "/azure_auth/callback");
    env.put("LOGOUT_URI", "http://127.0.0.1:" + port + "/signed-out");
    env.put("AZURE_AUTHORITY_HOST", entra.authorityHost());
    env.put("GRAPH_USER_ENDPOINT", entra.graph("/me"));
    env.put("GRAPH_MEMBER_ENDPOINT", entra.graph("/me/memberOf"));
    env.put("ROLES", ROLES);
    env.put("LIVY_BACKEND", "apache");
    env.put("LIVY_BASE_ENDPOINT", livy.toString());
    env.put("LIVY_SESSION_NAME_PREFIX", "web-test-");
    env.put("SESSION_SECRET", SESSION_SECRET);
    env.put("PORT", Integer.toString(port));
    return env;
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  Browser browser() {
    return new Browser();
  }

  /** A browser without JavaScript: keeps cookies, shows each answer, follows nothing. */
  final class Browser {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String lastCsrf = "";

    HttpResponse<String> get(String pathOrUrl) {
      return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
      StringBuilder body = new StringBuilder();
      form.forEach(
          (k, v) ->
              body.append(body.length() == 0 ? "" : "&")
                  .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                  .append('=')
                  .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Posts a form with the CSRF token of the last page seen. */
    HttpResponse<String> submit(String path, Map<String, String> fields) {
      Map<String, String> form = new LinkedHashMap<>(fields);
      form.put("csrf", lastCsrf);
      return post(path, form);
    }

    HttpResponse<String> send(HttpRequest.Builder b) {
      try {
        HttpResponse<String> r =
            http.send(
                b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        answers.add(r.statusCode() + "\n" + headers(r.headers()) + "\n" + r.body());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
          lastCsrf = m.group(1);
        }
        return r;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    /** Signs in through the fake Entra as one of its people; returns the callback's answer. */
    HttpResponse<String> signIn(String oid) {
      HttpResponse<String> start = get("/sign-in");
      URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
      return get(entra.signInAs(authorize, oid));
    }

    /** Signs in through the development sign-in. */
    HttpResponse<String> devSignIn(String user) {
      get("/");
      return submit("/dev/sign-in", Map.of("user", user));
    }

    private URI uri(String pathOrUrl) {
      return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base() + pathOrUrl);
    }
  }

  /** The system clock plus an offset a test moves forward. */
  static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration d) {
      offset = offset.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return Clock.systemUTC().instant().plus(offset);
    }
  }

  private static String headers(HttpHeaders h) {
    StringBuilder sb = new StringBuilder();
    h.map().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    return sb.toString();
  }

  @Override
  public void close() {
    app.close();
    livy.close();
    entra.close();
  }
}
