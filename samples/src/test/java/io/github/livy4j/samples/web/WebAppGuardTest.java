package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.CapturedLogs;
import io.github.livy4j.samples.web.WebAppHarness.Browser;
import io.github.livy4j.testkit.Fault;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the web app refuses before any handler, and what its pages keep to themselves: bodies
 * that are not the app's small forms, the framework's refusals drawn as the app's pages, HSTS
 * over https, and failures of Entra ID, Graph and Livy told in words with a reference while
 * the log has the details.
 */
class WebAppGuardTest {
  private static final String BOUNDARY = "----livy4jGuardBoundary";
  private static final Pattern REFERENCE = Pattern.compile("this reference: ([a-z0-9]{8})");

  /** The app with Entra ID sign-in, shared by the tests that leave it as they found it. */
  private static WebAppHarness shared;

  /** The harness of the test under way: the shared one, or one of its own. */
  private WebAppHarness h;

  @BeforeAll
  static void startShared() throws IOException {
    shared = new WebAppHarness(Map.of());
  }

  @AfterAll
  static void stopShared() {
    if (shared != null) {
      shared.close();
    }
  }

  @AfterEach
  void stop() {
    if (h != null && h != shared) {
      h.close();
    }
  }

  // ------------------------------------------------------------------------------- bodies

  @Test
  void anUpload_signedInOrNot_isRefusedFromItsHeaders_andNothingOfItReachesTheDisk()
      throws Exception {
    h = WebAppHarness.withDevSignIn("{\"eve\": [\"g-edit\"]}", Map.of());
    Browser anon = h.browser();
    anon.get("/");
    Browser eve = h.browser();
    assertThat(eve.devSignIn("eve").statusCode()).isEqualTo(302);
    eve.get("/sessions");
    try (TempDirWatch disk = new TempDirWatch()) {
      Map<String, String> signIn = Map.of("csrf", anon.lastCsrf, "user", "eve");
      Map<String, String> create = Map.of("csrf", eve.lastCsrf, "kind", "pyspark");
      List<HttpResponse<String>> unsupported =
          List.of(
              upload(anon, "/dev/sign-in", signIn, 10_000, false),
              upload(anon, "/dev/sign-in", signIn, 100_000, true),
              upload(eve, "/sessions", create, 10_000, false),
              upload(eve, "/sessions", create, 100_000, true));
      for (HttpResponse<String> r : unsupported) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(415);
        assertThat(r.body()).contains("Not a form", "takes only the forms");
      }
      // a browser sends the whole body before it reads the answer; the page must still arrive,
      // every time (a server that closes on unread bytes makes the connection reset instead)
      List<HttpResponse<String>> tooLarge = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        tooLarge.add(upload(anon, "/dev/sign-in", signIn, 100_000 + 50_000 * i, false));
        tooLarge.add(upload(eve, "/sessions", create, 100_000 + 50_000 * i, false));
      }
      for (HttpResponse<String> r : tooLarge) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("Too large", "at most 64 KB");
      }
      assertThat(disk.created())
          .as("files a multipart parser wrote to " + disk.dir)
          .noneMatch(n -> n.startsWith("MultiPart"));
    }
    assertThat(anon.get("/sessions").statusCode()).as("the upload signed nobody in").isEqualTo(401);
    assertThat(h.livy.sessionCount()).as("the upload created nothing").isZero();
  }

  @Test
  void theFrameworksRefusals_areTheAppsOwnPages_andFragmentsGetAShortText() throws Exception {
    h = shared;
    Browser anon = h.browser();
    HttpResponse<String> nope = anon.get("/nope");
    assertThat(nope.statusCode()).isEqualTo(404);
    assertPage(nope, "There is no page at this address");
    assertThat(nope.body()).doesNotContain("Endpoint GET");
    anon.get("/");
    HttpResponse<String> getSignOut = anon.get("/sign-out");
    assertThat(getSignOut.statusCode()).isEqualTo(405);
    assertThat(getSignOut.headers().firstValue("Allow")).hasValue("POST");
    assertPage(getSignOut, "This address does not take this kind of request");
    HttpResponse<String> postHome = anon.submit("/", Map.of());
    assertThat(postHome.statusCode()).isEqualTo(405);
    assertThat(postHome.headers().firstValue("Allow").orElse("")).contains("GET", "HEAD");
    assertPage(postHome, "Not allowed here");
    HttpResponse<String> fragment = anon.submit("/sessions/abc/live", Map.of());
    assertThat(fragment.statusCode()).isEqualTo(405);
    assertThat(fragment.body()).isEqualTo("Not allowed here");
    assertThat(anon.get("/nope/live").body()).isEqualTo("Not found");
    // a body past the cap: by its length before it is read, and a chunked one as it is read
    HttpResponse<String> declared = anon.submit("/sessions", Map.of("code", "x".repeat(100_000)));
    assertThat(declared.statusCode()).isEqualTo(413);
    assertPage(declared, "its forms are at most 64 KB");
    Browser ed = h.browser();
    ed.signIn("ed");
    ed.get("/sessions");
    HttpResponse<String> chunked =
        ed.send(
            HttpRequest.newBuilder(h.base().resolve("/sessions"))
                .version(HttpClient.Version.HTTP_1_1)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new ByteArrayInputStream(
                                ("csrf="
                                        + ed.lastCsrf
                                        + "&kind=pyspark&code="
                                        + "x".repeat(100_000))
                                    .getBytes(StandardCharsets.US_ASCII)))));
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertPage(chunked, "its forms are at most 64 KB");
    // the development sign-in is off: its address does not exist
    HttpResponse<String> dev = anon.submit("/dev/sign-in", Map.of("user", "eve"));
    assertThat(dev.statusCode()).isEqualTo(404);
    assertPage(dev, "There is no page at this address");
  }

  @Test
  void overHttps_everyAnswerCarriesStrictTransportSecurity_andOverPlainHttpNone() throws Exception {
    h =
        new WebAppHarness(
            Map.of("REDIRECT_URI", "https://livy-web.example.test/azure_auth/callback"));
    Browser anon = h.browser();
    List<HttpResponse<String>> answers =
        List.of(
            anon.get("/"),
            anon.get("/static/app.css"),
            anon.get("/sessions"),
            anon.get("/nope"),
            anon.get("/sign-out"),
            upload(anon, "/sessions", Map.of(), 10, false));
    for (HttpResponse<String> r : answers) {
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as(r.request().method() + " " + r.uri().getPath() + " " + r.statusCode())
          .hasValue("max-age=31536000");
    }
    assertThat(answers.stream().map(HttpResponse::statusCode))
        .containsExactly(200, 200, 401, 404, 405, 415);
    assertThat(raw("GET / HTTP/1.1\r\nHost: rebind.test\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 421")
        .containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
    assertThat(shared.browser().get("/").headers().firstValue("Strict-Transport-Security"))
        .as("over plain http")
        .isEmpty();
  }

  // ------------------------------------------------------------------------------- failures

  @Test
  void entrasCodesAndTexts_goToTheLog_whileThePageSaysWhatHappened_withAReference()
      throws Exception {
    h = shared;
    long mark = CapturedLogs.mark();
    Browser ed = h.browser();
    // the token endpoint refuses the code: invalid_grant, AADSTS70008
    HttpResponse<String> start = ed.get("/sign-in");
    String callback = h.entra.signInAs(URI.create(location(start)), "ed");
    HttpResponse<String> refused = ed.get(callback.replaceFirst("code=[^&]+", "code=not-issued"));
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body())
        .contains("Sign-in failed", "did not complete your sign-in")
        .doesNotContain("AADSTS", "invalid_grant", "wrong verifier");
    assertLogged(mark, reference(refused), "AADSTS70008", "invalid_grant");
    // Entra's redirect reports the error: access_denied, AADSTS65004
    start = ed.get("/sign-in");
    String state = FakeEntraServer.form(URI.create(location(start)).getRawQuery()).get("state");
    HttpResponse<String> declined =
        ed.get(
            "/azure_auth/callback?error=access_denied&error_description="
                + "AADSTS65004%3A+User+declined+to+consent+to+access+the+app%2E+Trace+ID%3A+"
                + "0f1e2d3c&state="
                + state);
    assertThat(declined.statusCode()).isEqualTo(401);
    assertThat(declined.body())
        .contains("consent to this app was declined")
        .doesNotContain("AADSTS", "Trace ID", "0f1e2d3c");
    assertLogged(mark, reference(declined), "AADSTS65004", "Trace ID");
  }

  @Test
  void aLivyFailureNamingItsHosts_showsNoneOfThem_andTheLogHasThem() throws Exception {
    h = shared;
    long mark = CapturedLogs.mark();
    Browser ed = h.browser();
    ed.signIn("ed");
    String id = readySession(ed);
    String internal = "livy-node-7.corp.example:8998";
    String livyAddress = h.livy.uri().getAuthority();
    h.livy.inject(
        Fault.on("POST", "/sessions/\\d+/statements")
            .respond(400, "{\"msg\": \"requirement failed: " + internal + " is draining\"}"));
    ed.get("/sessions/" + id);
    HttpResponse<String> run =
        ed.submit("/sessions/" + id + "/statements", Map.of("kind", "pyspark", "code", "1 + 1"));
    assertThat(run.statusCode()).isEqualTo(502);
    assertThat(run.body())
        .contains("Livy refused the code", "Livy answered 400")
        .doesNotContain(internal, livyAddress, "requirement failed");
    assertLogged(mark, reference(run), internal);
    h.livy.inject(
        Fault.on("DELETE", "/sessions/\\d+")
            .respond(400, "{\"msg\": \"" + internal + " cannot delete now\"}"));
    ed.get("/sessions/" + id);
    HttpResponse<String> stop = ed.submit("/sessions/" + id + "/stop", Map.of());
    assertThat(stop.statusCode()).isEqualTo(502);
    assertThat(stop.body()).doesNotContain(internal, livyAddress, "cannot delete now");
    assertLogged(mark, reference(stop), internal);
    h.livy.inject(
        Fault.on("POST", "/sessions")
            .respond(400, "{\"msg\": \"requirement failed: " + internal + " has no room\"}"));
    ed.get("/sessions");
    HttpResponse<String> create = ed.submit("/sessions", Map.of("kind", "pyspark"));
    String failed = location(create).substring("/sessions/".length());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!ed.get("/sessions/" + failed + "/live").body().contains("failed to start")) {
      assertThat(System.nanoTime()).as("the start failed within 20 s").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    HttpResponse<String> page = ed.get("/sessions/" + failed);
    assertThat(page.body())
        .contains("Livy answered 400")
        .doesNotContain(internal, livyAddress, "has no room");
    assertLogged(mark, reference(page), internal);
  }

  @Test
  void aSignInTheJvmCannotComplete_forEntrasCertificate_saysSoInWords_andLogsTheCause()
      throws Exception {
    try (UntrustedTlsServer tls = UntrustedTlsServer.start()) {
      h = new WebAppHarness(Map.of("AZURE_AUTHORITY_HOST", tls.uri()));
      long mark = CapturedLogs.mark();
      Browser ed = h.browser();
      HttpResponse<String> start = ed.get("/sign-in");
      assertThat(location(start)).startsWith(tls.uri());
      HttpResponse<String> r = ed.get(h.entra.signInAs(URI.create(location(start)), "ed"));
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body())
          .contains("does not trust the TLS certificate that Entra ID presented", "trust store")
          .doesNotContain("PKIX", "SSLHandshakeException", "Exception", "could not be reached");
      assertLogged(mark, reference(r), "does not trust", "PKIX path building failed");
    }
  }

  // ------------------------------------------------------------------------------- helpers

  private static void assertPage(HttpResponse<String> r, String text) {
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<!DOCTYPE html>", "id=\"message-heading\"", text);
    assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
  }

  private static String reference(HttpResponse<String> r) {
    Matcher m = REFERENCE.matcher(r.body());
    assertThat(m.find()).as("a reference on the page: " + r.body()).isTrue();
    return m.group(1);
  }

  private static void assertLogged(long mark, String reference, String... details) {
    assertThat(CapturedLogs.since(mark))
        .as("the log line of reference " + reference)
        .anyMatch(l -> l.contains(reference) && List.of(details).stream().allMatch(l::contains));
  }

  /** Sends a request as written, Host header included, and returns the whole answer. */
  private String raw(String request) throws IOException {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.port)) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!b.get("/sessions/" + id + "/live").body().contains(">idle<")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the session never became idle");
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    return id;
  }

  /** Posts a multipart upload: the fields, and a file part of the given size. */
  private HttpResponse<String> upload(
      Browser b, String path, Map<String, String> fields, int fileSize, boolean chunked) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append("--")
                .append(BOUNDARY)
                .append("\r\nContent-Disposition: form-data; name=\"")
                .append(k)
                .append("\"\r\n\r\n")
                .append(v)
                .append("\r\n"));
    body.append("--")
        .append(BOUNDARY)
        .append(
            "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
        .append("x".repeat(fileSize))
        .append("\r\n--")
        .append(BOUNDARY)
        .append("--\r\n");
    byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
    return b.send(
        HttpRequest.newBuilder(h.base().resolve(path))
            .version(HttpClient.Version.HTTP_1_1)
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(
                chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(bytes))
                    : HttpRequest.BodyPublishers.ofByteArray(bytes)));
  }
}
