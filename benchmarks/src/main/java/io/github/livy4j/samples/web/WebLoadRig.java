package io.github.livy4j.samples.web;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web app with Microsoft Entra ID sign-in, set up as its own tests set it up ({@code
 * WebAppHarness}'s settings), in front of the sample's fake Entra ID and the testkit's {@link
 * FakeLivy}, all in this JVM: what the load test drives. It sits in the web app's package because
 * the fake Entra ID and the tests' settings are the package's own.
 */
public final class WebLoadRig implements AutoCloseable {
  /** The code the load test runs, with what the page shows for it. */
  public record Script(String kind, String code, String shows) {}

  /** The statements every simulated user runs, in order: text, a SQL table, text. */
  public static final List<Script> STATEMENTS =
      List.of(
          new Script("pyspark", "1 + 1", "<pre class=\"output\">2</pre>"),
          new Script("sql", "select 1 as one", "<td>1</td>"),
          new Script("pyspark", "spark.range(1000).count()", "<pre class=\"output\">1000</pre>"));

  private final FakeEntraServer entra;
  private final FakeLivy livy;
  private final WebApp app;
  private final int port;

  private WebLoadRig(int users, Duration sessionStartup, Duration statementDuration)
      throws IOException {
    if (users < 1) {
      throw new IllegalArgumentException("users must be at least 1, was " + users);
    }
    FakeEntraServer e = new FakeEntraServer();
    for (int i = 0; i < users; i++) {
      // g-edit maps to Editors in the tests' ROLES: they may create sessions and run code
      e.person(oid(i), "Load User " + (i + 1), List.of("g-edit"), false);
    }
    this.entra = e;
    this.livy =
        FakeLivy.builder()
            .sessionStartup(sessionStartup)
            .statementDuration(statementDuration)
            .start(); // scripted statements run for the statement duration too
    livy.script("1 + 1", FakeResult.text("2"));
    livy.script(
        "select 1 as one",
        FakeResult.sqlTable(List.of("one"), List.of("int"), List.of(List.of(1))));
    livy.script("spark.range(1000).count()", FakeResult.text("1000"));
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>(WebAppHarness.env(port, entra, livy.uri()));
    // every simulated person signs in from this machine's one address, all within a minute:
    // the limits on sign-ins, there to slow down one address that floods the app, would turn
    // most of them away
    String signIns = String.valueOf(Math.max(60, 2 * users));
    env.put("SIGN_INS_PER_MINUTE", signIns);
    env.put("SIGN_INS_PER_MINUTE_PER_ADDRESS", signIns);
    this.app = new WebApp(WebConfig.fromEnvironment(env), Clock.systemUTC()).start();
  }

  /**
   * Starts the fake Entra ID (with the users), the fake Livy and the web app.
   *
   * @param users how many users the fake Entra ID knows, {@link #oid(int)} 0 to users - 1, each
   *     an Editor
   * @param sessionStartup how long a Livy session takes to start
   * @param statementDuration how long each statement runs
   * @return the running rig
   * @throws IOException if a server cannot start
   */
  public static WebLoadRig start(int users, Duration sessionStartup, Duration statementDuration)
      throws IOException {
    return new WebLoadRig(users, sessionStartup, statementDuration);
  }

  /**
   * @param user a user's number, from 0
   * @return the user's object id in the fake Entra ID
   */
  public static String oid(int user) {
    return String.format(java.util.Locale.ROOT, "load-user-%05d", user);
  }

  /** @return the web app's address, such as {@code http://127.0.0.1:41234} */
  public URI base() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** @return the sessions the fake Livy holds now */
  public int livySessions() {
    return livy.sessionCount();
  }

  /** @return the most requests the fake Livy had in flight at once */
  public int peakLivyRequests() {
    return livy.peakConcurrentRequests();
  }

  /** Forgets the fake Livy's journal of requests, so that it does not count in the heap. */
  public void forgetLivyRequests() {
    livy.clearRequests();
  }

  /** Stops the web app (which deletes what sessions are left), the fake Livy and Entra ID. */
  @Override
  public void close() {
    try {
      app.close();
    } finally {
      livy.close();
      entra.close();
    }
  }
}
