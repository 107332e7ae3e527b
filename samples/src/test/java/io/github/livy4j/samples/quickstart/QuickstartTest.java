package io.github.livy4j.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The quickstart end to end. The fake answers at once (no startup or running time), so the
 * client never has to wait between polls.
 */
class QuickstartTest {
  private FakeLivy fake;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env = new HashMap<>();

  /** The Azure credential chain the quickstart sees: never the real one, which probes the network. */
  private List<AzureCredentials.Named> azureChain =
      List.of(unavailable("EnvironmentCredential"), unavailable("AzureCliCredential"));

  private final List<String> azureAsked = new java.util.ArrayList<>();

  private AzureCredentials.Named unavailable(String name) {
    return new AzureCredentials.Named(
        name,
        ctx -> {
          azureAsked.add(name);
          return reactor.core.publisher.Mono.error(
              new com.azure.identity.CredentialUnavailableException(name + " is not configured"));
        });
  }

  private AzureCredentials.Named giving(String name, String token) {
    return new AzureCredentials.Named(
        name,
        ctx -> {
          azureAsked.add(name + " " + ctx.getScopes());
          return reactor.core.publisher.Mono.just(
              new com.azure.core.credential.AccessToken(
                  token, java.time.OffsetDateTime.now().plusHours(1)));
        });
  }

  @BeforeEach
  void start() {
    fake =
        FakeLivy.builder().sessionStartup(Duration.ZERO).statementDuration(Duration.ZERO).start();
    env.put("LIVY_BASE_ENDPOINT", fake.uri().toString());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private int run(String... args) {
    return Quickstart.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        true,
        e -> azureChain);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void sql_printsAnAlignedTable_andDeletesTheSession() {
    fake.script(
        "SELECT 1",
        FakeResult.sqlTable(
            List.of("one", "name"), List.of("integer", "string"), List.of(List.of(1, "livy"))));
    assertThat(run("--no-progress", "SELECT 1")).isEqualTo(Quickstart.OK);
    assertThat(out())
        .isEqualTo(
            """
        +-----+------+
        | one | name |
        +-----+------+
        | 1   | livy |
        +-----+------+
        1 row
        """);
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void seedVariables_setTheSession() {
    env.put("LIVY_SESSION_NAME_PREFIX", "MyApp-");
    env.put(
        "LIVY_SPARK_CONF",
        "{\"spark.fabric.environmentDetails\":{\"id\":\"e1\"}," + "\"spark.x\":\"1\"}");
    env.put("LIVY_SPARK_DEPENDENCIES", "abfss://a/b.whl, abfss://a/c.whl");
    env.put("LIVY_REQUESTS_TIMEOUT", "30");
    fake.script("print(1)", FakeResult.text("1"));
    assertThat(run("-k", "pyspark", "print(1)")).isEqualTo(Quickstart.OK);
    assertThat(out()).isEqualTo("1\n");
    String create =
        fake.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().equals("/sessions"))
            .findFirst()
            .orElseThrow()
            .body();
    assertThat(create)
        .contains(
            "\"name\":\"MyApp-",
            "\"kind\":\"pyspark\"",
            "\"pyFiles\":[\"abfss://a/b.whl\",\"abfss://a/c.whl\"]",
            "\"spark.fabric.environmentDetails\":\"{\\\"id\\\":\\\"e1\\\"}\"");
    assertThat(err()).contains("available");
  }

  @Test
  void failedStatement_exits4_withTheError() {
    fake.script("boom", FakeResult.error("NameError", "name 'boom' is not defined", "tb line"));
    assertThat(run("-k", "pyspark", "boom")).isEqualTo(Quickstart.STATEMENT_FAILED);
    assertThat(err()).contains("NameError: name 'boom' is not defined").contains("tb line");
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void sessionThatDiesStarting_exits5() {
    fake.failSessionStarts("YARN rejected the application");
    assertThat(run("SELECT 1")).isEqualTo(Quickstart.SESSION_FAILED);
    assertThat(err()).contains("YARN rejected the application");
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void unreachableServer_exits3() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThat(run("-e", "http://127.0.0.1:" + port, "SELECT 1")).isEqualTo(Quickstart.UNREACHABLE);
    assertThat(err()).contains("Cannot reach Livy").contains("Could not connect");
  }

  @Test
  void keepSession_leavesItRunning_andSaysWhich() {
    assertThat(run("--keep-session", "SELECT 1")).isEqualTo(Quickstart.OK);
    assertThat(err()).contains("keeps running");
    assertThat(fake.sessionCount()).isEqualTo(1);
  }

  @Test
  void cleanPrefix_deletesTheSessionsLeftBehind_withADryRunFirst() {
    assertThat(run("--keep-session", "--name-prefix", "etl-", "SELECT 1")).isZero();
    assertThat(run("--keep-session", "--name-prefix", "etl-", "SELECT 2")).isZero();
    assertThat(run("--keep-session", "--name-prefix", "web-", "SELECT 3")).isZero();
    out.reset();
    assertThat(run("--clean-prefix", "etl-")).isZero(); // younger than an hour: kept
    assertThat(out()).isEmpty();
    assertThat(err()).contains("Deleted 0 session(s) named 'etl-*'");
    assertThat(run("--clean-prefix", "etl-", "--older-than", "0", "--dry-run")).isZero();
    assertThat(out().lines())
        .hasSize(2)
        .allMatch(l -> l.startsWith("would delete ") && l.contains("\tetl-"));
    assertThat(fake.sessionCount()).isEqualTo(3);
    out.reset();
    assertThat(run("--clean-prefix", "etl-", "--older-than", "0")).isZero();
    assertThat(out().lines()).hasSize(2).allMatch(l -> l.startsWith("deleted "));
    assertThat(fake.sessionCount()).isEqualTo(1);
    assertThat(run("--dry-run", "SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("--dry-run and --older-than go with --clean-prefix");
  }

  @Test
  void badArgumentsAndEnvironment_exit2_withClearMessages() {
    assertThat(run("-k", "cobol", "x")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("unknown kind 'cobol'");
    env.put("LIVY_SPARK_CONF", "{not json");
    assertThat(run("SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("LIVY_SPARK_CONF) is not a JSON object");
    env.remove("LIVY_SPARK_CONF");
    env.put("LIVY_REQUESTS_TIMEOUT", "soon");
    assertThat(run("SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("LIVY_REQUESTS_TIMEOUT").contains("'soon'");
    env.remove("LIVY_REQUESTS_TIMEOUT");
    env.put("LIVY_BACKEND", "synapse");
    assertThat(run("SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("backend 'synapse'");
    env.put("LIVY_BACKEND", "fabric");
    assertThat(run("SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("not a valid fabric endpoint");
    env.remove("LIVY_BACKEND");
    assertThat(run("-e", "ftp://x", "SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("not a valid apache endpoint").contains("use http:// or https://");
    assertThat(run("--no-such-option")).isEqualTo(Quickstart.USAGE);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void help_exits0() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("LIVY_BASE_ENDPOINT").contains("Exit codes");
  }

  @Test
  void noEndpoint_runsTheDemoOnAnInProcessFake() {
    env.remove("LIVY_BASE_ENDPOINT");
    assertThat(run("--no-progress")).isEqualTo(Quickstart.OK);
    assertThat(err()).contains("in-process fake Livy server");
    assertThat(out()).contains("| id | square | day        |").contains("5 rows");
  }

  /** A fake Fabric lakehouse answering {@code SELECT 1}, set as the quickstart's endpoint. */
  private FakeLivy fabricLakehouse() {
    FakeLivy fabric =
        FakeLivy.builder()
            .fabric()
            .sessionStartup(Duration.ZERO)
            .statementDuration(Duration.ZERO)
            .start();
    fabric.script(
        "SELECT 1", FakeResult.sqlTable(List.of("one"), List.of("integer"), List.of(List.of(1))));
    env.put("LIVY_BACKEND", "fabric");
    env.put(
        "LIVY_BASE_ENDPOINT",
        fabric.uri()
            + "/workspaces/11111111-2222-3333-4444-"
            + "555555555555/lakehouses/66666666-7777-8888-9999-000000000000/livyapi/versions/"
            + "2023-12-01");
    return fabric;
  }

  @Test
  void fabric_withATokenFromTheEnvironment_neverShowsIt() {
    try (FakeLivy fabric = fabricLakehouse()) {
      env.put("LIVY_SPARK_DEPENDENCIES", "abfss://ws/Files/pkg.whl");
      env.put("LIVY_ACCESS_TOKEN", "eyJ.secret-fabric-token");
      assertThat(run("SELECT 1")).isEqualTo(Quickstart.OK);
      assertThat(out()).contains("| one |", "1 row");
      assertThat(out() + err()).doesNotContain("secret-fabric-token");
      assertThat(fabric.requests())
          .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer <redacted>"));
      assertThat(fabric.requests().get(0).body())
          .contains("\"pyFiles\":[\"abfss://ws/Files/pkg.whl\"]");
      assertThat(fabric.sessionCount()).isZero();
      assertThat(azureAsked).as("LIVY_ACCESS_TOKEN comes first").isEmpty();
      env.remove("LIVY_ACCESS_TOKEN");
      assertThat(run("SELECT 1")).isEqualTo(Quickstart.USAGE);
      assertThat(err())
          .contains("LIVY_ACCESS_TOKEN", "az login", "EnvironmentCredential", "AzureCliCredential");
      assertThat(fabric.sessionCount()).isZero();
    }
  }

  @Test
  void fabric_withoutAToken_usesTheAzureCredentialChain_andNamesTheCredential() {
    try (FakeLivy fabric = fabricLakehouse()) {
      azureChain =
          List.of(
              unavailable("EnvironmentCredential"),
              giving("AzureCliCredential", "eyJ.cli-token-value"),
              giving("AzurePowerShellCredential", "eyJ.never-asked"));
      assertThat(run("--no-progress", "SELECT 1")).isEqualTo(Quickstart.OK);
      assertThat(out()).contains("| one |", "1 row");
      assertThat(err())
          .contains("Fabric tokens come from the Azure credential" + " AzureCliCredential");
      assertThat(out() + err()).doesNotContain("cli-token-value");
      assertThat(azureAsked)
          .containsExactly(
              "EnvironmentCredential",
              "AzureCliCredential [https://api.fabric.microsoft.com/.default]");
      assertThat(fabric.requests())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.header("Authorization")).contains("Bearer <redacted>"));
      assertThat(fabric.sessionCount()).isZero();
    }
  }

  @Test
  void fabricDemo_runsOnTheFakesFabricDialect() {
    env.remove("LIVY_BASE_ENDPOINT");
    env.put("LIVY_BACKEND", "fabric");
    assertThat(run("--no-progress", "-k", "spark", DemoServer.DEMO_SCALA)).isEqualTo(Quickstart.OK);
    assertThat(out()).contains("res0: Long = 100");
  }

  @Test
  void sharedSession_runsInAReplOfTheTaggedSession_onFabricOnly() {
    env.remove("LIVY_BASE_ENDPOINT");
    env.put("LIVY_BACKEND", "fabric");
    assertThat(
            run("--no-progress", "--shared-session", "demo", "-k", "spark", DemoServer.DEMO_SCALA))
        .isEqualTo(Quickstart.OK);
    assertThat(out()).contains("res0: Long = 100");
    assertThat(err()).contains("Acquiring a REPL in shared session 'demo'", "Session hc:");
    env.put("LIVY_BACKEND", "apache");
    assertThat(run("--shared-session", "demo", "SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("--shared-session needs the fabric backend");
    env.put("LIVY_BACKEND", "fabric");
    assertThat(run("--shared-session", "bad tag", "SELECT 1")).isEqualTo(Quickstart.USAGE);
    assertThat(err()).contains("sessionTag");
  }

  @Test
  void livyRequestsTimeout_becomesTheRequestTimeout() {
    env.put("LIVY_REQUESTS_TIMEOUT", "1");
    fake.inject(
        io.github.livy4j.testkit.Fault.on("POST", "/sessions/\\d+/statements").hang().times(2));
    assertThat(run("--no-progress", "SELECT 1")).isNotEqualTo(Quickstart.OK);
    assertThat(err()).contains("No answer within 1000 ms");
    assertThat(fake.sessionCount()).isZero();
  }

  @Test
  void onTheDemoFake_codeWithoutAScriptedAnswer_saysSo() {
    env.remove("LIVY_BASE_ENDPOINT");
    assertThat(run("--no-progress", "select 1 + 1 as two")).isEqualTo(Quickstart.OK);
    assertThat(out()).contains("runs no code").contains("--endpoint");
  }
}
