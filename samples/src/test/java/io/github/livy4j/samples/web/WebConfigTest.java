package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings that would expose someone: the development sign-in off a developer's machine,
 * credentials over plain http to another machine, a password inside a URL.
 */
class WebConfigTest {
  private static final String DEV_USERS = "{\"ada\": [\"g-admin\"]}";
  private static final String ROLES = "{\"g-admin\": \"Administrators\"}";

  /** Entra ID sign-in on this machine, against a local Livy. */
  private static Map<String, String> entra() {
    Map<String, String> env = new HashMap<>();
    env.put("TENANT_ID", "6a1f5c3e-0000-4000-8000-00000000beef");
    env.put("CLIENT_ID", "web-client-id");
    env.put("CLIENT_SECRET", "web-client-secret-for-config-tests");
    env.put("REDIRECT_URI", "http://localhost:5000/azure_auth/callback");
    env.put("ROLES", ROLES);
    env.put("LIVY_BASE_ENDPOINT", "http://127.0.0.1:8998");
    env.put("SESSION_SECRET", "session-secret-for-tests-0123456789abcdef");
    return env;
  }

  /** The development sign-in as a developer runs it. */
  private static Map<String, String> dev() {
    Map<String, String> env = new HashMap<>();
    env.put("DEV_USERS", DEV_USERS);
    env.put("ROLES", ROLES);
    env.put("LIVY_BASE_ENDPOINT", "http://127.0.0.1:8998");
    return env;
  }

  private static List<String> problems(Map<String, String> env) {
    try {
      WebConfig.fromEnvironment(env);
      return List.of();
    } catch (WebConfig.InvalidConfig e) {
      return e.problems();
    }
  }

  private static Map<String, String> with(Map<String, String> env, String... keyValues) {
    Map<String, String> out = new HashMap<>(env);
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  @Test
  void theDevelopmentSignIn_runsOnlyWithoutEntra_onLoopback_atAPlainLoopbackRedirect() {
    assertThat(problems(dev())).isEmpty();
    assertThat(problems(with(dev(), "REDIRECT_URI", "http://127.0.0.1:5000/azure_auth/callback")))
        .isEmpty();
    assertThat(problems(with(dev(), "REDIRECT_URI", "http://[::1]:5000/azure_auth/callback")))
        .isEmpty();
    assertThat(problems(with(entra(), "DEV_USERS", DEV_USERS)))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("DEV_USERS (the development sign-in) is refused together with the Entra ID")
        .contains("TENANT_ID, CLIENT_ID, CLIENT_SECRET", "anyone sign in as anyone");
    // behind a reverse proxy on the same machine: loopback bind, but an https public address
    assertThat(
            problems(with(dev(), "REDIRECT_URI", "https://livy.example.com/azure_auth/callback")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("DEV_USERS (the development sign-in) is refused with an https REDIRECT_URI");
    assertThat(problems(with(dev(), "REDIRECT_URI", "http://livy.example.com/azure_auth/callback")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("refused with REDIRECT_URI on livy.example.com, which is not this machine");
    assertThat(problems(with(dev(), "BIND_ADDRESS", "0.0.0.0", "SESSION_SECRET", "x".repeat(32))))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("DEV_USERS (the development sign-in) is refused on BIND_ADDRESS 0.0.0.0:");
    // every reason at once, in one line
    assertThat(
            problems(
                with(
                    entra(),
                    "DEV_USERS",
                    DEV_USERS,
                    "BIND_ADDRESS",
                    "0.0.0.0",
                    "REDIRECT_URI",
                    "https://livy.example.com/azure_auth/callback")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains(
            "refused on BIND_ADDRESS 0.0.0.0 and together with the Entra ID sign-in",
            "and with an https REDIRECT_URI");
  }

  @Test
  void microsoftGraph_isCalledOverHttps_orOverPlainHttpOnlyOnThisMachine() {
    assertThat(problems(with(entra(), "GRAPH_USER_ENDPOINT", "http://127.0.0.1:9/v1.0/me")))
        .isEmpty();
    assertThat(
            problems(
                with(
                    entra(),
                    "GRAPH_USER_ENDPOINT",
                    "http://graph.example.com/v1.0/me",
                    "GRAPH_MEMBER_ENDPOINT",
                    "http://graph.example.com/v1.0/me/memberOf")))
        .containsExactly(
            "GRAPH_USER_ENDPOINT must be an https URL: its requests carry each user's Microsoft"
                + " Graph token, which plain http shows to anyone on the way to graph.example.com"
                + " (plain http is only for this machine: localhost or 127.0.0.1)",
            "GRAPH_MEMBER_ENDPOINT must be an https URL: its requests carry each user's Microsoft"
                + " Graph token, which plain http shows to anyone on the way to graph.example.com"
                + " (plain http is only for this machine: localhost or 127.0.0.1)");
  }

  @Test
  void livyCredentials_goOverHttps_orOverPlainHttpOnlyOnThisMachine() {
    String remote = "http://livy.example.com:8998";
    assertThat(problems(with(entra(), "LIVY_BASE_ENDPOINT", remote)))
        .as("no credential: nothing to expose")
        .isEmpty();
    assertThat(problems(with(entra(), "LIVY_ACCESS_TOKEN", "t0ken-for-config-tests")))
        .as("loopback")
        .isEmpty();
    assertThat(
            problems(
                with(
                    entra(),
                    "LIVY_BASE_ENDPOINT",
                    "https://livy.example.com:8998",
                    "LIVY_ACCESS_TOKEN",
                    "t0ken-for-config-tests")))
        .isEmpty();
    assertThat(
            problems(
                with(
                    entra(), "LIVY_BASE_ENDPOINT", remote, "LIVY_ACCESS_TOKEN", "t0ken-for-tests")))
        .containsExactly(
            "LIVY_BASE_ENDPOINT must be an https URL: its requests carry LIVY_ACCESS_TOKEN, which"
                + " plain http shows to anyone on the way to livy.example.com (plain http is only"
                + " for this machine: localhost or 127.0.0.1)");
    assertThat(
            problems(
                with(
                    entra(),
                    "LIVY_BASE_ENDPOINT",
                    remote,
                    "LIVY_USERNAME",
                    "livy",
                    "LIVY_PASSWORD",
                    "pw-for-config-tests")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("carry LIVY_USERNAME and LIVY_PASSWORD")
        .doesNotContain("pw-for-config-tests");
    assertThat(
            problems(
                with(
                    entra(),
                    "LIVY_BACKEND",
                    "fabric",
                    "LIVY_BASE_ENDPOINT",
                    "http://fabric.example.com/v1/workspaces/w/lakehouses/l/livyapi/versions/1")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("carry each user's Fabric token");
  }

  @Test
  void aPasswordInAUrl_isRefused_andNeverPrinted() {
    String password = "pw-in-the-url-5e2a";
    Map<String, String> env =
        with(entra(), "LIVY_BASE_ENDPOINT", "http://livy:" + password + "@127.0.0.1:8998");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = WebApp.run(env, new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(2);
    assertThat(text)
        .contains(
            "web app: LIVY_BASE_ENDPOINT must not hold a user name or password",
            "set LIVY_USERNAME and LIVY_PASSWORD")
        .doesNotContain(password, "livy:");
    // nor when the URL is wrong in another way
    assertThat(
            problems(
                with(
                    entra(),
                    "LIVY_BASE_ENDPOINT",
                    "ftp://livy:" + password + "@127.0.0.1:8998",
                    "GRAPH_USER_ENDPOINT",
                    "https://me:" + password + "@graph.example.com/v1.0/me",
                    "LOGOUT_URI",
                    "http://x:" + password + "@127.0.0.1:5000 /signed out")))
        .hasSize(3)
        .allSatisfy(p -> assertThat(p).doesNotContain(password))
        .anySatisfy(p -> assertThat(p).contains("GRAPH_USER_ENDPOINT must not hold a user name"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "LIVY_BASE_ENDPOINT must be an http or https URL, was"
                            + " 'ftp://<user name and password hidden>@127.0.0.1:8998'"));
  }
}
