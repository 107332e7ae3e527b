package io.github.livy4j.benchmarks;

import io.github.livy4j.samples.web.WebLoadRig;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated person in a browser without JavaScript, on a thread of its own: signs in through
 * the whole Entra ID flow (the app's {@code /sign-in}, the fake Entra ID's authorize page and its
 * pick, the app's callback), creates a session with the page's CSRF token, loads its page and
 * refreshes its live part at the page's pace until the session is idle, runs each of {@link
 * WebLoadRig#STATEMENTS} and refreshes until its result shows, and signs out. It keeps its own
 * cookies, follows each redirect itself, and records each request's time by kind. A wrong answer
 * fails it with the step, the status and the page's title; never a URL's query or a page's body,
 * which may hold a code.
 */
final class WebUser {
  static final String SIGN_IN = "sign-in (GET /sign-in)";
  static final String CALLBACK = "callback (code for tokens)";
  static final String CREATE = "create (POST /sessions)";
  static final String RUN = "run (POST /sessions/{id}/statements)";
  static final String SIGN_OUT = "sign-out (POST /sign-out)";
  static final String PAGE = "page load (sessions, session, signed out)";
  static final String LIVE = "live refresh (GET /sessions/{id}/live)";
  static final String ENTRA = "fake Entra ID (authorize page, pick, logout)";
  static final List<String> KINDS =
      List.of(SIGN_IN, CALLBACK, PAGE, CREATE, LIVE, RUN, SIGN_OUT, ENTRA);

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");
  private static final Pattern SESSION = Pattern.compile("^/sessions/([A-Za-z0-9_-]+)$");

  /**
   * How the users behave.
   *
   * @param poll how often a page's live part is refreshed while it changes
   * @param requestTimeout the longest wait for one answer
   * @param waitLimit the longest wait for a session or a result to show
   * @param entra the requests to the fake Entra ID that may be in flight at once (it answers one
   *     at a time, on one thread, and refuses connections beyond the JDK's default backlog)
   */
  record Settings(Duration poll, Duration requestTimeout, Duration waitLimit, Semaphore entra) {}

  /** A user's failure: which user, which step, what came back. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  private final int number;
  private final URI base;
  private final HttpClient http;
  private final PageTimes times;
  private final Settings settings;
  private final CookieManager cookies = new CookieManager();
  private String csrf = "";

  WebUser(int number, URI base, HttpClient http, PageTimes times, Settings settings) {
    this.number = number;
    this.base = base;
    this.http = http;
    this.times = times;
    this.settings = settings;
  }

  /**
   * Goes through it all.
   *
   * @throws Failure if an answer was not the one expected
   * @throws InterruptedException if interrupted
   */
  void run() throws InterruptedException {
    HttpResponse<String> r = get("/sign-in", SIGN_IN, 302);
    r = get(location(r), ENTRA, 200);
    r = get(pick(r), ENTRA, 302);
    r = get(location(r), CALLBACK, 302);
    expectLocation(r, "/sessions", "callback");
    get("/sessions", PAGE, 200);
    r = post("/sessions", Map.of("kind", "pyspark"), CREATE);
    String page = location(r);
    Matcher m = SESSION.matcher(page);
    if (!m.matches()) {
      throw fail("create", "redirected to " + URI.create(page).getPath() + ", not to a session");
    }
    get(page, PAGE, 200);
    until(page, b -> b.contains("id=\"state\">idle<"), "idle");
    for (int i = 0; i < WebLoadRig.STATEMENTS.size(); i++) {
      WebLoadRig.Script s = WebLoadRig.STATEMENTS.get(i);
      int done = i + 1;
      r = post(page + "/statements", Map.of("kind", s.kind(), "code", s.code()), RUN);
      expectLocation(r, page, "run");
      get(page, PAGE, 200);
      until(
          page,
          b -> count(b, "data-state=\"available\"") == done && b.contains(s.shows()),
          "the result of statement " + done);
    }
    r = post("/sign-out", Map.of(), SIGN_OUT);
    r = get(location(r), ENTRA, 302);
    get(location(r), PAGE, 200);
  }

  /** Refreshes the session's live part at the page's pace until it shows what is awaited. */
  private void until(String page, Predicate<String> shows, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + settings.waitLimit().toNanos();
    while (true) {
      Thread.sleep(settings.poll().toMillis());
      String body = get(page + "/live", LIVE, 200).body();
      if (shows.test(body)) {
        return;
      }
      if (body.contains("data-state=\"error\"")) {
        throw fail("waiting for " + what, "a statement failed");
      }
      if (System.nanoTime() > deadline) {
        throw fail(
            "waiting for " + what, "not shown within " + settings.waitLimit().toSeconds() + " s");
      }
    }
  }

  private HttpResponse<String> get(String pathOrUrl, String kind, int status)
      throws InterruptedException {
    return send(HttpRequest.newBuilder(uri(pathOrUrl)).GET(), kind, status);
  }

  /** Posts a form with the CSRF token of the last page; every post answers with a redirect. */
  private HttpResponse<String> post(String path, Map<String, String> fields, String kind)
      throws InterruptedException {
    Map<String, String> form = new LinkedHashMap<>(fields);
    form.put("csrf", csrf);
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
            .header("Origin", base.toString())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
        kind,
        302);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String kind, int status)
      throws InterruptedException {
    b.timeout(settings.requestTimeout());
    URI u = b.build().uri();
    HttpResponse<String> r;
    boolean entra = kind.equals(ENTRA);
    if (entra
        && !settings
            .entra()
            .tryAcquire(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      throw fail(kind, "no turn at the fake Entra ID within the request timeout");
    }
    try {
      cookies.get(u, Map.of()).forEach((name, values) -> values.forEach(v -> b.header(name, v)));
      long start = System.nanoTime();
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      times.record(kind, System.nanoTime() - start);
      cookies.put(u, r.headers().map());
    } catch (IOException e) {
      throw fail(kind, "no answer: " + e.getClass().getSimpleName());
    } finally {
      if (entra) {
        settings.entra().release();
      }
    }
    if (r.statusCode() != status) {
      Matcher t = TITLE.matcher(r.body());
      throw fail(
          kind,
          "expected "
              + status
              + ", got "
              + r.statusCode()
              + (t.find() ? " (" + t.group(1) + ")" : ""));
    }
    Matcher m = CSRF.matcher(r.body());
    if (m.find()) {
      csrf = m.group(1);
    }
    return r;
  }

  /** The fake Entra ID's authorize page lists its people: the user picks their own. */
  private String pick(HttpResponse<String> page) {
    String oid = WebLoadRig.oid(number);
    String body = page.body();
    int form = body.indexOf("<form method=\"get\" action=\"pick\">");
    int end = body.indexOf("</form>", form);
    if (form < 0 || end < 0 || !body.contains("id=\"pick-" + oid + "\"")) {
      throw fail("authorize", "the sign-in page does not offer " + oid);
    }
    StringBuilder q = new StringBuilder();
    Matcher m = HIDDEN.matcher(body.substring(form, end));
    while (m.find()) {
      String value = m.group(2).replace("&quot;", "\"").replace("&amp;", "&");
      String v = m.group(1).equals("user") ? oid : value;
      q.append(q.length() == 0 ? "?" : "&")
          .append(m.group(1))
          .append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
    return page.uri().resolve("pick").toString() + q;
  }

  private void expectLocation(HttpResponse<String> r, String path, String step) {
    String to = location(r);
    if (!to.equals(path)) {
      throw fail(step, "redirected to " + URI.create(to).getPath() + ", not to " + path);
    }
  }

  private String location(HttpResponse<String> r) {
    return r.headers()
        .firstValue("Location")
        .orElseThrow(() -> fail(r.request().uri().getPath(), "a redirect without a Location"));
  }

  private URI uri(String pathOrUrl) {
    return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : base.resolve(pathOrUrl);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  private Failure fail(String step, String what) {
    return new Failure("user " + (number + 1) + ", " + step + ": " + what);
  }
}
