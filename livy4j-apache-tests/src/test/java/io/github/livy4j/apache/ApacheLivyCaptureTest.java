package io.github.livy4j.apache;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.Table;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.testkit.VirtualTime;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Apache backend against answers recorded from a real Apache Livy 0.7.1 server (headers
 * and bodies as the server sent them), served by WireMock.
 */
class ApacheLivyCaptureTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String VERSION =
      """
      {"url":"https://github.com/apache/incubator-livy.git","branch":"branch-0.7","revision":\
      "972b600d72629884140aec315ea925858eb67884","version":"0.7.1-incubating","date":\
      "2021-02-04T05:14:46Z","user":"root"}""";
  private static final String STARTING =
      """
      {"id":0,"name":"capture-1","appId":null,"owner":null,"proxyUser":null,"state":"starting",\
      "kind":"spark","appInfo":{"driverLogUrl":null,"sparkUiUrl":null},"log":["stdout: ",\
      "\\nstderr: "]}""";
  private static final String IDLE =
      """
      {"id":0,"name":"capture-1","appId":null,"owner":null,"proxyUser":null,"state":"idle",\
      "kind":"spark","appInfo":{"driverLogUrl":null,"sparkUiUrl":null},"log":["26/11/24 \
      13:47:46 INFO NettyBlockTransferService: Server created on 127.0.0.1:41587"]}""";
  private static final String NOT_FOUND = "{\"msg\":\"Session '0' not found.\"}";

  private final VirtualTime time = VirtualTime.create();
  private LivyClient client;

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json;charset=utf-8")
        .withHeader("Server", "Jetty(9.3.24.v20180605)")
        .withBody(body);
  }

  @BeforeEach
  void setUp() {
    wm.stubFor(get("/version").willReturn(json(200, VERSION)));
    client =
        LivyClient.builder()
            .backend(ApacheLivy.at(URI.create(wm.baseUrl())))
            .clock(time.clock())
            .sleeper(time.sleeper())
            .deleteSessionsOnShutdown(false)
            .polling(PollingOptions.builder().timeout(Duration.ofMinutes(5)).build())
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private void stubSessionStartingThenIdle() {
    wm.stubFor(
        post("/sessions").willReturn(json(201, STARTING).withHeader("Location", "/sessions/0")));
    wm.stubFor(
        get("/sessions/0")
            .inScenario("start")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, STARTING))
            .willSetStateTo("idle"));
    wm.stubFor(
        get("/sessions/0")
            .inScenario("start")
            .whenScenarioStateIs("idle")
            .willReturn(json(200, IDLE)));
    wm.stubFor(delete("/sessions/0").willReturn(json(200, "{\"msg\":\"deleted\"}")));
  }

  @Test
  void createRunScalaAndDelete_asTheRealServerAnswered() {
    stubSessionStartingThenIdle();
    wm.stubFor(
        post("/sessions/0/statements")
            .withRequestBody(
                equalToJson("{\"code\":\"spark.range(100).count()\",\"kind\":\"spark\"}"))
            .willReturn(
                json(
                        201,
                        """
            {"id":0,"code":"spark.range(100).count()","state":"running","output":null,\
            "progress":0.0,"started":1795528070781,"completed":0}""")
                    .withHeader("Location", "/sessions/0/statements/0")));
    wm.stubFor(
        get("/sessions/0/statements/0")
            .inScenario("st")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                    200,
                    """
            {"id":0,"code":"spark.range(100).count()","state":"running","output":null,\
            "progress":0.0,"started":1795528070781,"completed":0}"""))
            .willSetStateTo("done"));
    wm.stubFor(
        get("/sessions/0/statements/0")
            .inScenario("st")
            .whenScenarioStateIs("done")
            .willReturn(
                json(
                    200,
                    """
            {"id":0,"code":"spark.range(100).count()","state":"available","output":{"status":\
            "ok","execution_count":0,"data":{"text/plain":"res0: Long = 100"}},"progress":1.0,\
            "started":1795528070781,"completed":1795528073004}""")));

    try (LivySession s =
        client.createSession(
            SessionSpec.builder().kind(CodeKind.SPARK).name("capture-1").build())) {
      assertThat(s.id()).isEqualTo(SessionId.of(0));
      assertThat(s.info().state()).isEqualTo(SessionState.IDLE);
      var r = s.execute(Code.scala("spark.range(100).count()"));
      assertThat(r.text()).contains("res0: Long = 100");
      assertThat(r.statement().started()).isPresent();
      assertThat(r.statement().completed()).isPresent();
    }
    wm.verify(
        postRequestedFor(urlEqualTo("/sessions"))
            .withRequestBody(equalToJson("{\"kind\":\"spark\",\"name\":\"capture-1\"}"))
            .withHeader("X-Requested-By", equalTo("livy4j")));
    wm.verify(deleteRequestedFor(urlEqualTo("/sessions/0")));
  }

  @Test
  void sqlAndErrorOutputs_asTheRealServerAnswered() {
    stubSessionStartingThenIdle();
    wm.stubFor(
        post("/sessions/0/statements")
            .withRequestBody(equalToJson("{\"code\":\"select 1\",\"kind\":\"sql\"}"))
            .willReturn(
                json(
                    201,
                    """
            {"id":1,"code":"select 1","state":"available","output":{"status":"ok",\
            "execution_count":1,"data":{"application/json":{"schema":{"type":"struct","fields":\
            [{"name":"answer","type":"integer","nullable":false,"metadata":{}},{"name":"who",\
            "type":"string","nullable":false,"metadata":{}},{"name":"n","type":"string",\
            "nullable":true,"metadata":{}},{"name":"d","type":"date","nullable":false,\
            "metadata":{}}]},"data":[[42,"livy",null,"2026-11-24"]]}}},"progress":1.0,\
            "started":1795528074906,"completed":1795528075619}""")));
    wm.stubFor(
        post("/sessions/0/statements")
            .withRequestBody(equalToJson("{\"code\":\"undefinedThing + 1\",\"kind\":\"spark\"}"))
            .willReturn(
                json(
                    201,
                    """
            {"id":2,"code":"undefinedThing + 1","state":"waiting","output":null,"progress":0.0,\
            "started":0,"completed":0}""")));
    wm.stubFor(
        get("/sessions/0/statements/2")
            .willReturn(
                json(
                    200,
                    """
        {"id":2,"code":"undefinedThing + 1","state":"available","output":{"status":"error",\
        "execution_count":2,"ename":"Error","evalue":"<console>:23: error: not found: value \
        undefinedThing\\n       undefinedThing + 1\\n       ^","traceback":[]},"progress":1.0,\
        "started":1795528075619,"completed":1795528075652}""")));

    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      Table t = s.execute(Code.sql("select 1")).table();
      assertThat(t.rows().get(0).values())
          .containsExactly(42, "livy", null, LocalDate.of(2026, 11, 24));
      assertThatThrownBy(() -> s.execute(Code.scala("undefinedThing + 1")))
          .isInstanceOfSatisfying(
              StatementFailedException.class,
              e -> {
                assertThat(e.errorName()).isEqualTo("Error");
                assertThat(e.errorValue()).contains("not found: value undefinedThing");
                assertThat(e.traceback()).isEmpty();
              });
    }
  }

  @Test
  void cancel_asTheRealServerAnswered() {
    stubSessionStartingThenIdle();
    String running =
        """
        {"id":3,"code":"Thread.sleep(20000); 1","state":"running","output":null,"progress":0.0,\
        "started":1795528078008,"completed":0}""";
    wm.stubFor(post("/sessions/0/statements").willReturn(json(201, running)));
    wm.stubFor(
        get("/sessions/0/statements/3")
            .inScenario("c")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, running)));
    wm.stubFor(
        post("/sessions/0/statements/3/cancel")
            .inScenario("c")
            .willReturn(json(200, "{\"msg\":\"canceled\"}"))
            .willSetStateTo("cancelling"));
    wm.stubFor(
        get("/sessions/0/statements/3")
            .inScenario("c")
            .whenScenarioStateIs("cancelling")
            .willReturn(json(200, running.replace("\"running\"", "\"cancelling\"")))
            .willSetStateTo("cancelled"));
    wm.stubFor(
        get("/sessions/0/statements/3")
            .inScenario("c")
            .whenScenarioStateIs("cancelled")
            .willReturn(json(200, running.replace("\"running\"", "\"cancelled\""))));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      StatementPoller p = s.beginExecute(Code.scala("Thread.sleep(20000); 1"));
      assertThat(p.poll().state()).isEqualTo("running");
      p.cancel();
      assertThatThrownBy(p::waitForCompletion).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void statementRefusedWithTheReal500_isResubmittedOnceTheSessionIsReady() {
    // the real server answers a statement to a starting session with a bare-string 500
    wm.stubFor(get("/sessions/0").willReturn(json(200, IDLE)));
    wm.stubFor(
        post("/sessions/0/statements")
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(500, "\"java.lang.IllegalStateException: Session is in state starting\""))
            .willSetStateTo("ready"));
    wm.stubFor(
        post("/sessions/0/statements")
            .inScenario("s")
            .whenScenarioStateIs("ready")
            .willReturn(
                json(
                    201,
                    """
            {"id":0,"code":"1+1","state":"available","output":{"status":"ok",\
            "execution_count":0,"data":{"text/plain":"res0: Int = 2"}},"progress":1.0,\
            "started":1795528070781,"completed":1795528070900}""")));
    wm.stubFor(delete("/sessions/0").willReturn(json(200, "{\"msg\":\"deleted\"}")));
    try (LivySession s = client.attach(SessionId.of(0))) {
      assertThat(s.execute(Code.scala("1+1")).text()).contains("res0: Int = 2");
    }
    wm.verify(2, postRequestedFor(urlEqualTo("/sessions/0/statements")));
  }

  @Test
  void deadSession_refusesStatementsWithoutAskingTheServer() {
    wm.stubFor(get("/sessions/0").willReturn(json(200, STARTING.replace("starting", "dead"))));
    wm.stubFor(delete("/sessions/0").willReturn(json(200, "{\"msg\":\"deleted\"}")));
    try (LivySession s = client.attach(SessionId.of(0))) {
      assertThatThrownBy(() -> s.execute(Code.scala("1")))
          .isInstanceOf(SessionFailedException.class)
          .hasMessageContaining("state dead");
    }
    wm.verify(0, postRequestedFor(urlEqualTo("/sessions/0/statements")));
  }

  @Test
  void unknownCreateField_bareStringError_isReadable() {
    wm.stubFor(
        post("/sessions")
            .willReturn(
                json(
                    400,
                    """
        "Unrecognized field \\"ttl\\" (class org.apache.livy.server.interactive.\
        CreateInteractiveRequest), not marked as ignorable (15 known properties: ...])\\n at \
        [Source: (org.eclipse.jetty.server.HttpInputOverHTTP); line: 1, column: 24]\"""")));
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .isInstanceOfSatisfying(
            LivyServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e).hasMessageContaining("Unrecognized field \"ttl\"");
            });
  }

  @Test
  void csrfHtmlPage_isReadable() {
    wm.stubFor(
        post("/sessions")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/html;charset=iso-8859-1")
                    .withBody(
                        """
            <html>
            <head>
            <meta http-equiv="Content-Type" content="text/html;charset=ISO-8859-1"/>
            <title>Error 400 </title>
            </head>
            <body>
            <h2>HTTP ERROR: 400</h2>
            <p>Problem accessing /sessions. Reason:
            <pre>    Missing Required Header for CSRF protection.</pre></p>
            <hr /><a href="http://eclipse.org/jetty">Powered by Jetty:// 9.3.24.v20180605</a><hr/>
            </body>
            </html>
            """)));
    assertThatThrownBy(() -> client.createSession(SessionSpec.defaults()))
        .hasMessageEndingWith("answered 400: Missing Required Header for CSRF protection.");
  }

  @Test
  void deletedSession_the404sAsTheRealServerAnswered() {
    wm.stubFor(get("/sessions/0").willReturn(json(404, NOT_FOUND)));
    wm.stubFor(get("/sessions/0/statements/99").willReturn(json(404, "\"Statement not found\"")));
    assertThatThrownBy(() -> client.attach(SessionId.of(0)))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void logAndList_asTheRealServerAnswered() {
    stubSessionStartingThenIdle();
    wm.stubFor(
        get("/sessions/0/log?size=5")
            .willReturn(
                json(
                    200,
                    """
        {"id":0,"from":117,"total":122,"log":["a","b","c","d",\
        "26/11/24 13:47:59 INFO DAGScheduler: Asked to cancel job group livy-3"]}""")));
    wm.stubFor(
        get("/sessions?from=0&size=100")
            .willReturn(json(200, "{\"from\":0,\"total\":1,\"sessions\":[" + IDLE + "]}")));
    try (LivySession s = client.createSession(SessionSpec.defaults())) {
      assertThat(s.log(5)).hasSize(5).last().asString().contains("Asked to cancel");
      assertThat(client.listSessions())
          .singleElement()
          .satisfies(i -> assertThat(i.name()).contains("capture-1"));
    }
  }
}
