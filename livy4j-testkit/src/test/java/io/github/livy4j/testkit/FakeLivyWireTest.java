package io.github.livy4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake's answers on the wire, checked against what a real Apache Livy 0.7.1 sends. */
class FakeLivyWireTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final VirtualTime time = VirtualTime.create();
  private FakeLivy fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private FakeLivy start(FakeLivy.Builder b) {
    fake = b.time(time).start();
    return fake;
  }

  private HttpResponse<String> send(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(fake.uri() + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void create_answers201WithLocation_startingThenIdle() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ofSeconds(6)));
    HttpResponse<String> r =
        send(
            "POST",
            "/sessions",
            "{\"kind\":\"spark\",\"name\":\"capture-1\","
                + "\"conf\":{\"spark.ui.enabled\":\"false\"}}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/sessions/0");
    assertThat(r.body())
        .isEqualTo(
            "{\"id\":0,\"name\":\"capture-1\",\"appId\":null,\"owner\":"
                + "null,\"proxyUser\":null,\"state\":\"starting\",\"kind\":\"spark\",\"appInfo\":"
                + "{\"driverLogUrl\":null,\"sparkUiUrl\":null},\"log\":[\"stdout: \",\"\\nstderr: \"]}");
    assertThat(send("GET", "/sessions/0/state", null).body())
        .isEqualTo("{\"id\":0,\"state\":\"starting\"}");
    HttpResponse<String> early = send("POST", "/sessions/0/statements", "{\"code\":\"1+1\"}");
    assertThat(early.statusCode()).isEqualTo(500);
    assertThat(early.body())
        .isEqualTo("\"java.lang.IllegalStateException: Session is in state starting\"");
    time.advance(Duration.ofSeconds(6));
    assertThat(send("GET", "/sessions/0/state", null).body()).contains("\"idle\"");
    assertThat(send("GET", "/sessions/capture-1", null).statusCode()).isEqualTo(200);
  }

  @Test
  void acceptTokens_refusesMissingAndRejectedTokens_andRecordsNone() throws Exception {
    start(FakeLivy.builder().acceptTokens("good-token"::equals));
    assertThat(send("GET", "/sessions", null).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/sessions", null, "Authorization", "Bearer bad-token").statusCode())
        .isEqualTo(401);
    HttpResponse<String> ok = send("GET", "/sessions", null, "Authorization", "Bearer good-token");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(fake.requests())
        .hasSize(3)
        .allSatisfy(
            r -> assertThat(r.toString() + r.headers()).doesNotContain("good-token", "bad-token"));
  }

  @Test
  void unknownFields_andBadJson_getBareStringErrors_duplicatesAMsg() throws Exception {
    start(FakeLivy.builder());
    HttpResponse<String> ttl = send("POST", "/sessions", "{\"kind\":\"spark\",\"ttl\":\"10m\"}");
    assertThat(ttl.statusCode()).isEqualTo(400);
    assertThat(ttl.body())
        .startsWith(
            "\"Unrecognized field \\\"ttl\\\" (class org.apache.livy"
                + ".server.interactive.CreateInteractiveRequest), not marked as ignorable (15 known");
    HttpResponse<String> bad = send("POST", "/sessions", "{\"kind\":");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).startsWith("\"");
    send("POST", "/sessions", "{\"name\":\"n\"}");
    HttpResponse<String> dup = send("POST", "/sessions", "{\"name\":\"n\"}");
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(dup.body()).startsWith("{\"msg\":\"Duplicate session name: Some(n) for session");
  }

  @Test
  void newerVersions_acceptTtlAndIdleTimeout_olderOnesUseBareStrings() throws Exception {
    start(FakeLivy.builder().livyVersion("0.9.0"));
    assertThat(send("POST", "/sessions", "{\"ttl\":\"10m\",\"idleTimeout\":\"5m\"}").statusCode())
        .isEqualTo(201);
    fake.close();
    start(FakeLivy.builder().livyVersion("0.5.0"));
    HttpResponse<String> missing = send("GET", "/sessions/7", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("\"Session '7' not found.\"");
    assertThat(send("GET", "/version", null).statusCode()).isEqualTo(404);
  }

  @Test
  void statements_runThroughTheirStates_withProgressAndOutputs() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    fake.script(
        "spark.range(100).count()",
        FakeResult.text("res0: Long = 100").taking(Duration.ofSeconds(2)));
    send("POST", "/sessions", "{}");
    HttpResponse<String> submit =
        send("POST", "/sessions/0/statements", "{\"code\":\"spark.range(100).count()\"}");
    assertThat(submit.statusCode()).isEqualTo(201);
    assertThat(submit.headers().firstValue("Location")).contains("/sessions/0/statements/0");
    assertThat(submit.body())
        .contains(
            "\"state\":\"running\"", "\"output\":null", "\"progress\":0.0", "\"completed\":0");
    assertThat(send("GET", "/sessions/0/state", null).body()).contains("busy");
    time.advance(Duration.ofSeconds(1));
    assertThat(send("GET", "/sessions/0/statements/0", null).body()).contains("\"progress\":0.5");
    time.advance(Duration.ofSeconds(1));
    assertThat(send("GET", "/sessions/0/statements/0", null).body())
        .contains(
            "\"state\":\"available\",\"output\":{\"status\":\"ok\",\"execution_count\":0,\"data\":"
                + "{\"text/plain\":\"res0: Long = 100\"}},\"progress\":1.0");
    assertThat(send("GET", "/sessions/0/statements/99", null).body())
        .isEqualTo("\"Statement not found\"");
    assertThat(send("GET", "/sessions/0/statements", null).body())
        .startsWith("{\"total_statements\":1,\"statements\":[");
  }

  @Test
  void aComputedScript_makesEachResultFromItsCode() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO).statementDuration(Duration.ZERO));
    fake.script(c -> c.startsWith("echo "), c -> FakeResult.text(c.substring(5)));
    send("POST", "/sessions", "{\"kind\":\"spark\"}");
    send("POST", "/sessions/0/statements", "{\"code\":\"echo one\"}");
    send("POST", "/sessions/0/statements", "{\"code\":\"echo two\"}");
    assertThat(send("GET", "/sessions/0/statements/0", null).body()).contains("\"one\"");
    assertThat(send("GET", "/sessions/0/statements/1", null).body()).contains("\"two\"");
  }

  @Test
  void restart_forgetsEverySession_andApacheCountsIdsFromZeroAgain() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    send("POST", "/sessions", "{\"kind\":\"spark\",\"name\":\"first\"}");
    send("POST", "/sessions", "{\"kind\":\"spark\",\"name\":\"second\"}");
    fake.restart();
    assertThat(fake.sessionCount()).isZero();
    assertThat(send("GET", "/sessions/1", null).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/sessions", "{\"kind\":\"spark\",\"name\":\"third\"}").body())
        .contains("\"id\":0")
        .contains("third");
  }

  @Test
  void restart_onFabric_neverReusesAnId() throws Exception {
    start(FakeLivy.builder().fabric().sessionStartup(Duration.ZERO));
    String first = field(fabric("POST", "/sessions", "{\"kind\":\"spark\"}").body(), "id");
    fake.restart();
    assertThat(fake.sessionCount()).isZero();
    String second = field(fabric("POST", "/sessions", "{\"kind\":\"spark\"}").body(), "id");
    assertThat(first).isNotNull();
    assertThat(second).isNotNull().isNotEqualTo(first);
  }

  @Test
  void aDeadSession_refusesItsStatements_asLivy071Does() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    send("POST", "/sessions", "{\"kind\":\"spark\"}");
    send("POST", "/sessions/0/statements", "{\"code\":\"1\"}");
    fake.killSession("0");
    HttpResponse<String> read = send("GET", "/sessions/0/statements/0", null);
    assertThat(read.statusCode()).isEqualTo(400);
    assertThat(read.body()).isEqualTo("{\"msg\":\"requirement failed: Session isn't active.\"}");
    assertThat(send("POST", "/sessions/0/statements", "{\"code\":\"2\"}").statusCode())
        .isEqualTo(400);
    assertThat(send("GET", "/sessions/0", null).body()).contains("\"state\":\"dead\"");
  }

  @Test
  void truncateBody_sendsTheFullLengthButHalfTheBody_afterActing() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    fake.inject(Fault.on("POST", "/sessions").truncateBody());
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> send("POST", "/sessions", "{\"kind\":\"spark\"}")))
        .isInstanceOf(java.io.IOException.class);
    assertThat(fake.sessionCount()).as("the create was acted on").isEqualTo(1);
  }

  @Test
  void hangMidBody_sendsHeadersAndPartOfTheBody_thenNothing() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    fake.inject(Fault.on("GET", "/sessions").hangMidBody());
    java.net.HttpURLConnection c =
        (java.net.HttpURLConnection) URI.create(fake.uri() + "/sessions").toURL().openConnection();
    c.setReadTimeout(300);
    assertThat(c.getResponseCode()).as("the headers come").isEqualTo(200);
    java.io.InputStream in = c.getInputStream();
    assertThat(in.read()).as("the first byte comes").isEqualTo('{');
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> in.readAllBytes()))
        .as("the rest never does")
        .isInstanceOf(java.net.SocketTimeoutException.class);
    c.disconnect();
  }

  @Test
  void cancel_goesThroughCancelling() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    fake.script("Thread.sleep(20000); 1", FakeResult.text("1").taking(Duration.ofSeconds(20)));
    send("POST", "/sessions", "{}");
    send("POST", "/sessions/0/statements", "{\"code\":\"Thread.sleep(20000); 1\"}");
    assertThat(send("POST", "/sessions/0/statements/0/cancel", null).body())
        .isEqualTo("{\"msg\":\"canceled\"}");
    assertThat(send("GET", "/sessions/0/statements/0", null).body())
        .contains("\"state\":\"cancelling\"");
    time.advance(Duration.ofMillis(100));
    // as a real server answers: progress 1.0 and a completion time once cancelled
    assertThat(send("GET", "/sessions/0/statements/0", null).body())
        .contains("\"state\":\"cancelled\"")
        .contains("\"progress\":1.0")
        .doesNotContain("\"completed\":0");
  }

  @Test
  void csrf_rejectsNonGetWithoutTheHeader_withAnHtmlPage() throws Exception {
    start(FakeLivy.builder().csrfProtection(true));
    HttpResponse<String> r = send("POST", "/sessions", "{\"kind\":\"sql\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("text/html;charset=iso-8859-1");
    assertThat(r.body()).contains("<pre>    Missing Required Header for CSRF protection.</pre>");
    assertThat(send("GET", "/sessions", null).statusCode()).isEqualTo(200);
    assertThat(send("POST", "/sessions", "{\"kind\":\"sql\"}", "X-Requested-By", "me").statusCode())
        .isEqualTo(201);
  }

  @Test
  void idleSessionsExpire_getsDoNotCountAsActivity_finishedOnesAreForgotten() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO).sessionTimeout(Duration.ofSeconds(70)));
    send("POST", "/sessions", "{}");
    for (int i = 0; i < 8; i++) {
      time.advance(Duration.ofSeconds(8));
      assertThat(send("GET", "/sessions/0", null).statusCode()).isEqualTo(200);
    }
    time.advance(Duration.ofSeconds(8));
    assertThat(send("GET", "/sessions/0", null).body())
        .isEqualTo("{\"msg\":\"Session '0' not found.\"}");
    send("POST", "/sessions", "{}");
    fake.killSession("1");
    assertThat(send("GET", "/sessions/1", null).body()).contains("\"state\":\"dead\"");
    time.advance(Duration.ofMinutes(10));
    assertThat(send("GET", "/sessions/1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void sessionLogs_andPaging() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ZERO));
    for (int i = 0; i < 3; i++) {
      send("POST", "/sessions", "{}");
    }
    assertThat(send("GET", "/sessions?from=1&size=1", null).body())
        .startsWith("{\"from\":1,\"total\":3,\"sessions\":[{\"id\":1,");
    assertThat(send("GET", "/sessions/0/log?size=1", null).body())
        .isEqualTo(
            "{\"id\":0,\"from\":2,\"total\":3,\"log\":[\"INFO SparkContext: Spark session 0"
                + " is ready\"]}");
    assertThat(send("DELETE", "/sessions/0", null).body()).isEqualTo("{\"msg\":\"deleted\"}");
    assertThat(send("DELETE", "/sessions/0", null).statusCode()).isEqualTo(404);
  }

  @Test
  void faults_andTheJournal() throws Exception {
    start(FakeLivy.builder());
    fake.inject(
        Fault.on("GET", "/sessions").respond(429, "{}").header("Retry-After", "3").times(2));
    assertThat(send("GET", "/sessions", null).headers().firstValue("Retry-After")).contains("3");
    assertThat(send("GET", "/sessions", null).statusCode()).isEqualTo(429);
    assertThat(send("GET", "/sessions", null).statusCode()).isEqualTo(200);
    fake.inject(Fault.on("POST", "/sessions").dropConnectionAfterProcessing());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> send("POST", "/sessions", "{}"))
        .isInstanceOf(IOException.class);
    assertThat(fake.sessionCount()).isEqualTo(1);
    send("GET", "/sessions", null, "Authorization", "Bearer abc.def");
    List<RecordedRequest> journal = fake.requests();
    assertThat(journal)
        .extracting(RecordedRequest::toString)
        .containsExactly(
            "GET /sessions", "GET /sessions", "GET /sessions", "POST /sessions", "GET /sessions");
    assertThat(journal.get(4).header("Authorization")).contains("Bearer <redacted>");
    assertThat(journal.get(3).body()).isEqualTo("{}");
    fake.clearRequests();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void sqlRowCap_andRetainedStatements() throws Exception {
    start(
        FakeLivy.builder()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ZERO)
            .sqlRowLimit(2)
            .retainedStatements(2));
    fake.script(
        "q",
        FakeResult.sqlTable(
            List.of("x"), List.of("integer"), List.of(List.of(1), List.of(2), List.of(3))));
    send("POST", "/sessions", "{}");
    assertThat(send("POST", "/sessions/0/statements", "{\"code\":\"q\",\"kind\":\"sql\"}").body())
        .contains("\"data\":[[1],[2]]");
    send("POST", "/sessions/0/statements", "{\"code\":\"a\"}");
    send("POST", "/sessions/0/statements", "{\"code\":\"b\"}");
    assertThat(send("GET", "/sessions/0/statements/0", null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/sessions/0/statements/2", null).statusCode()).isEqualTo(200);
  }

  @Test
  void batches_followLivysShapes() throws Exception {
    start(FakeLivy.builder().sessionStartup(Duration.ofSeconds(1)));
    fake.scriptBatch(
        "org.apache.livy.test.apps.SimpleSparkApp", FakeBatch.succeeds(Duration.ofSeconds(3)));
    assertThat(send("POST", "/batches", "{\"className\":\"x\"}").body())
        .isEqualTo("{\"msg\":\"requirement failed: File is required.\"}");
    assertThat(send("POST", "/batches", "{\"file\":\"f\",\"kind\":\"spark\"}").body())
        .startsWith("\"Unrecognized field \\\"kind\\\"");
    HttpResponse<String> r =
        send(
            "POST",
            "/batches",
            "{\"file\":\"file:///t.jar\","
                + "\"className\":\"org.apache.livy.test.apps.SimpleSparkApp\",\"args\":[\"out\"],"
                + "\"name\":\"capture-batch\"}");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().firstValue("Location")).contains("/batches/0");
    assertThat(r.body())
        .isEqualTo(
            "{\"id\":0,\"name\":\"capture-batch\",\"owner\":null,"
                + "\"proxyUser\":null,\"state\":\"starting\",\"appId\":null,\"appInfo\":"
                + "{\"driverLogUrl\":null,\"sparkUiUrl\":null},\"log\":[\"stdout: \"]}");
    time.advance(Duration.ofSeconds(1));
    assertThat(send("GET", "/batches/0/state", null).body())
        .isEqualTo("{\"id\":0,\"state\":\"running\"}");
    time.advance(Duration.ofSeconds(3));
    assertThat(send("GET", "/batches/0", null).body()).contains("\"state\":\"success\"");
    assertThat(send("GET", "/batches", null).body())
        .startsWith("{\"from\":0,\"total\":1," + "\"sessions\":[");
    assertThat(send("GET", "/batches/0/log?size=1", null).body())
        .isEqualTo("{\"id\":0,\"from\":2,\"total\":3,\"log\":[\"\\nstderr: \"]}");
    assertThat(send("DELETE", "/batches/0", null).body()).isEqualTo("{\"msg\":\"deleted\"}");
    assertThat(send("GET", "/batches/0", null).statusCode()).isEqualTo(404);
  }

  private static final String FABRIC = "/workspaces/w/lakehouses/l/livyApi/versions/2023-12-01";

  private HttpResponse<String> fabric(String method, String path, String body)
      throws IOException, InterruptedException {
    return send(
        method,
        FABRIC + path,
        body,
        "Authorization",
        "Bearer t",
        "Content-Type",
        "application/json");
  }

  private static String field(String json, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  @Test
  void fabricHighConcurrency_packsReplsByTag_andPagesOutputByBytes() throws Exception {
    start(FakeLivy.builder().fabric().sessionStartup(Duration.ofSeconds(30)));
    fake.script("big", FakeResult.text("\u00e9".repeat(10)));
    HttpResponse<String> a =
        fabric("POST", "/highConcurrencySessions", "{\"sessionTag\":\"t\",\"name\":\"a\"}");
    assertThat(a.statusCode()).isEqualTo(202);
    assertThat(a.body())
        .contains("\"state\":\"NotStarted\"", "\"sessionId\":null", "\"replId\":null");
    String hc = field(a.body(), "id");
    time.advance(Duration.ofSeconds(15));
    String acquiring = fabric("GET", "/highConcurrencySessions/" + hc, null).body();
    assertThat(acquiring)
        .contains("\"state\":\"AcquiringHighConcurrencySession\"", "\"replId\":null");
    assertThat(field(acquiring, "sessionId")).isNotNull();
    // a HighConcurrencySessionRequest is a SessionRequest plus the tag: sizing is fine,
    // pyFiles (not in the swagger's SessionRequest) is not
    HttpResponse<String> sized =
        fabric(
            "POST",
            "/highConcurrencySessions",
            "{\"sessionTag\":\"other\",\"executorMemory\":\"1g\",\"tags\":{\"team\":\"a\"}}");
    assertThat(sized.statusCode()).isEqualTo(202);
    assertThat(
            fabric("DELETE", "/highConcurrencySessions/" + field(sized.body(), "id"), null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            fabric(
                    "POST",
                    "/highConcurrencySessions",
                    "{\"sessionTag\":\"t\"," + "\"pyFiles\":[\"a.py\"]}")
                .statusCode())
        .isEqualTo(400);
    time.advance(Duration.ofSeconds(20));
    String idle = fabric("GET", "/highConcurrencySessions/" + hc, null).body();
    assertThat(idle).contains("\"state\":\"Idle\"");
    String session = field(idle, "sessionId");
    String repl = field(idle, "replId");
    String b = fabric("POST", "/highConcurrencySessions", "{\"sessionTag\":\"t\"}").body();
    String hc2 = field(b, "id");
    time.advance(Duration.ofSeconds(3));
    assertThat(field(fabric("GET", "/highConcurrencySessions/" + hc2, null).body(), "sessionId"))
        .as("packed into the same shared session")
        .isEqualTo(session);
    assertThat(fake.sessionCount()).isOne();

    String statements = "/highConcurrencySessions/" + session + "/repls/" + repl + "/statements";
    assertThat(fabric("POST", statements, "{\"code\":\"big\",\"kind\":\"pyspark\"}").statusCode())
        .isEqualTo(200);
    time.advance(Duration.ofSeconds(5));
    // 20 bytes of two-byte characters: a 5-byte page stops at 4 so it never splits one
    assertThat(fabric("GET", statements + "/0?from=0&size=5", null).body())
        .contains("\"text/plain\":\"\u00e9\u00e9\"");
    assertThat(fabric("GET", statements + "/0?from=16&size=5", null).body())
        .contains("\"text/plain\":\"\u00e9\u00e9\"");
    assertThat(fabric("GET", statements + "/0?from=20&size=5", null).body())
        .contains("\"text/plain\":\"\"");
    assertThat(fabric("GET", statements + "/0", null).body()).contains("\u00e9".repeat(10));

    assertThat(fabric("DELETE", "/highConcurrencySessions/" + hc, null).statusCode())
        .isEqualTo(200);
    assertThat(fabric("GET", "/highConcurrencySessions/" + hc, null).statusCode()).isEqualTo(404);
    assertThat(fake.sessionCount()).as("the other REPL keeps it").isOne();
    fabric("DELETE", "/highConcurrencySessions/" + hc2, null);
    assertThat(fake.sessionCount()).as("the last release ends it").isZero();
  }
}
