package io.github.livy4j.samples.web;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web app on a developer's machine, as {@code ./demo web} starts it: the development
 * sign-in with three users (an Administrator, an Editor and a Viewer) unless {@code DEV_USERS}
 * and {@code ROLES} say otherwise, on 127.0.0.1:5000 unless {@code PORT} says otherwise, against
 * {@code LIVY_BASE_ENDPOINT}, or against the testkit's in-process fake Livy when that is unset.
 * Every other variable means what it means to {@link WebApp}, Entra sign-in included.
 */
public final class DevServer {
  static final String DEMO_ROLES =
      "{\"demo-admins\": \"Administrators\","
          + " \"demo-editors\": \"Editors\", \"demo-viewers\": \"Viewers\"}";
  static final String DEMO_USERS =
      "{\"ada\": {\"name\": \"Ada Admin\", \"groups\":"
          + " [\"demo-admins\"]}, \"eddie\": {\"name\": \"Eddie Editor\", \"groups\":"
          + " [\"demo-editors\"]}, \"vic\": {\"name\": \"Vic Viewer\", \"groups\":"
          + " [\"demo-viewers\"]}}";

  private DevServer() {}

  /**
   * Starts the app and blocks until the JVM stops.
   *
   * @param args none
   */
  public static void main(String[] args) {
    System.exit(run(System.getenv(), System.err));
  }

  static int run(Map<String, String> environment, PrintStream err) {
    Map<String, String> env = new HashMap<>(environment);
    if (blank(env.get("DEV_USERS")) && blank(env.get("TENANT_ID"))) {
      env.put("DEV_USERS", DEMO_USERS);
      if (blank(env.get("ROLES"))) {
        env.put("ROLES", DEMO_ROLES);
      }
      err.println(
          "Development sign-in: Ada Admin (Administrators), Eddie Editor (Editors),"
              + " Vic Viewer (Viewers).");
    }
    if (blank(env.get("REDIRECT_URI"))) {
      // a PORT that is not a number is reported by the app; the address keeps the default
      String port =
          blank(env.get("PORT")) || !env.get("PORT").strip().matches("\\d{1,5}")
              ? "5000"
              : env.get("PORT").strip();
      env.put("REDIRECT_URI", "http://localhost:" + port + "/azure_auth/callback");
    }
    FakeLivy fake = null;
    if (blank(env.get("LIVY_BASE_ENDPOINT"))) {
      fake =
          FakeLivy.builder()
              .sessionStartup(Duration.ofSeconds(2))
              .statementDuration(Duration.ofMillis(500))
              .start();
      fake.script(
          code -> true,
          FakeResult.text(
              "(the in-process fake Livy runs no code: it"
                  + " answers 'spark.range(100).count()' and 'SELECT 1 AS one'; set"
                  + " LIVY_BASE_ENDPOINT, or run ./demo web, for a real Livy)"));
      fake.script(
          "spark.range(100).count()",
          FakeResult.text("res0: Long = 100").taking(Duration.ofSeconds(2)));
      fake.script(
          "SELECT 1 AS one",
          FakeResult.sqlTable(List.of("one"), List.of("integer"), List.of(List.of(1))));
      env.put("LIVY_BASE_ENDPOINT", fake.uri().toString());
      err.println(
          "No LIVY_BASE_ENDPOINT: using the testkit's in-process fake Livy at " + fake.uri() + ".");
    }
    try {
      return WebApp.run(env, err);
    } finally {
      if (fake != null) {
        fake.close();
      }
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
