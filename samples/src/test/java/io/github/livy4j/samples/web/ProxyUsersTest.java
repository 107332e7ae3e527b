package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.entra.SignedInUser;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.Fault;
import io.github.livy4j.testkit.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code LIVY_PROXY_USER_CLAIM}: each user's sessions carry their name as Livy's {@code
 * proxyUser}; a user without one is refused; a server that ignores it gets its session deleted;
 * the setting is refused with Fabric.
 */
class ProxyUsersTest {
  private static final User EDDIE =
      new User("dev:eddie", "Eddie Editor", "eddie", Set.of(Role.EDITOR), List.of("g"), true);
  private static final User ED =
      new User(
          "oid-ed.tid",
          "Ed Editor",
          "ed@contoso.test",
          Set.of(Role.EDITOR),
          List.of("g"),
          false,
          "ed@contoso.test",
          "ed@contoso.test");
  private static final User NO_CLAIM =
      new User("oid-no.tid", "No Claim", "no@contoso.test", Set.of(Role.EDITOR), List.of(), false);

  private FakeLivy livy;
  private Workspaces workspaces;

  @BeforeEach
  void startLivy() {
    livy = FakeLivy.builder().sessionStartup(Duration.ofMillis(100)).start();
  }

  @AfterEach
  void stop() {
    if (workspaces != null) {
      workspaces.close();
    }
    livy.close();
  }

  private Workspaces workspaces(String claim) {
    return workspaces(claim, SessionSpec.builder().namePrefix("proxy-test-").build());
  }

  private Workspaces workspaces(String claim, SessionSpec spec) {
    workspaces =
        new Workspaces(
            u ->
                LivyClient.builder()
                    .backend(ApacheLivy.at(livy.uri()))
                    .requestTimeout(Duration.ofSeconds(10)),
            spec,
            Clock.systemUTC(),
            claim,
            5,
            5);
    return workspaces;
  }

  private List<String> createBodies() {
    return creates(livy);
  }

  private static List<String> creates(FakeLivy livy) {
    return livy.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().equals("/sessions"))
        .map(RecordedRequest::body)
        .toList();
  }

  private static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("the condition held within 10 s").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  @Test
  void eachSession_carriesItsUsersName_asProxyUser_aDevUsersBeingTheirName() {
    Workspaces w = workspaces("upn");
    Run eddie = w.create(EDDIE, CodeKind.SQL);
    Run ed = w.create(ED, CodeKind.SQL);
    eventually(() -> eddie.ready() && ed.ready());
    assertThat(createBodies())
        .hasSize(2)
        .anyMatch(b -> b.contains("\"proxyUser\":\"eddie\""))
        .anyMatch(b -> b.contains("\"proxyUser\":\"ed@contoso.test\""));
    assertThat(eddie.session.info().proxyUser()).contains("eddie");
  }

  @Test
  void withoutTheSetting_noSessionCarriesAProxyUser() {
    Workspaces w = workspaces(null);
    Run eddie = w.create(EDDIE, CodeKind.SQL);
    Run none = w.create(NO_CLAIM, CodeKind.SQL);
    eventually(() -> eddie.ready() && none.ready());
    assertThat(createBodies()).hasSize(2).noneMatch(b -> b.contains("proxyUser"));
  }

  @Test
  void aUserWithoutTheClaim_isRefused_andNothingReachesLivy() {
    Workspaces w = workspaces("upn");
    User spaced =
        new User(
            "oid-sp.tid",
            "Spaced",
            "sp@contoso.test",
            Set.of(Role.EDITOR),
            List.of(),
            false,
            "Sam Spaced",
            "sp@contoso.test");
    assertThatThrownBy(() -> w.create(NO_CLAIM, CodeKind.SQL))
        .isInstanceOfSatisfying(
            Refusal.class,
            e -> {
              assertThat(e.status).isEqualTo(403);
              assertThat(e.getMessage())
                  .contains("the 'upn' claim of their sign-in, and yours carries no such claim")
                  .contains("No session was started");
            });
    assertThatThrownBy(() -> w.create(spaced, CodeKind.SQL))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.getMessage()).contains("cannot be a user name"));
    assertThat(createBodies()).isEmpty();
    assertThat(w.of(NO_CLAIM)).isEmpty();
    assertThat(w.of(spaced)).isEmpty();
  }

  @Test
  void aServerThatIgnoresProxyUser_getsTheSessionDeleted_beforeAnyCodeRunsInIt() {
    // as Livy 0.7.1 answers without livy.impersonation.enabled: no proxyUser
    livy.inject(
        Fault.on("GET", "/sessions/0")
            .respond(
                200,
                "{\"id\":0,\"name\":\"proxy-test\",\"appId\":null,\"owner\":null,"
                    + "\"proxyUser\":null,\"state\":\"idle\",\"kind\":\"sql\","
                    + "\"appInfo\":{\"driverLogUrl\":null,\"sparkUiUrl\":null},\"log\":[]}")
            .times(1));
    Workspaces w = workspaces("upn", SessionSpec.builder().name("proxy-test").build());
    Run run = w.create(EDDIE, CodeKind.SQL);
    eventually(() -> run.ended && livy.sessionCount() == 0);
    assertThat(run.state).isEqualTo("failed to start");
    assertThat(run.ready()).isFalse();
    assertThat(run.problem)
        .contains(
            "Livy did not start the session as eddie (it reports no proxyUser)",
            "livy.impersonation.enabled",
            "deleted before any code ran");
    assertThat(livy.requests())
        .anyMatch(r -> r.method().equals("DELETE") && r.path().equals("/sessions/0"))
        .noneMatch(r -> r.path().contains("/statements"));
  }

  @Test
  void theClaimsValue_isTakenFromTheSignIn_whenItIsText() {
    SignedInUser signIn =
        new SignedInUser(
            "oid.tid",
            "ada@contoso.test",
            "Ada",
            "tid",
            Map.of("upn", " ada@contoso.test ", "email", "", "groups", List.of("g")));
    assertThat(User.claimValue(signIn, "upn")).isEqualTo("ada@contoso.test");
    assertThat(User.claimValue(signIn, "email")).isNull();
    assertThat(User.claimValue(signIn, "groups")).isNull();
    assertThat(User.claimValue(signIn, "preferred_username")).isNull();
    assertThat(User.claimValue(signIn, null)).isNull();
  }

  @Test
  void theSetting_isOffByDefault_andRefusedWithFabric_orWhenNoClaimName() {
    Map<String, String> env = new HashMap<>();
    env.put("DEV_USERS", "{\"eddie\": [\"g\"]}");
    env.put("ROLES", "{\"g\": \"Editors\"}");
    env.put("LIVY_BASE_ENDPOINT", "http://127.0.0.1:8998");
    assertThat(WebConfig.fromEnvironment(env).proxyUserClaim()).isNull();
    env.put("LIVY_PROXY_USER_CLAIM", "preferred_username");
    assertThat(WebConfig.fromEnvironment(env).proxyUserClaim()).isEqualTo("preferred_username");
    assertThat(WebConfig.fromEnvironment(env).toString())
        .contains("proxyUserClaim=preferred_username");

    env.put("LIVY_PROXY_USER_CLAIM", "upn; rm -rf");
    assertThatThrownBy(() -> WebConfig.fromEnvironment(env))
        .hasMessage(
            "LIVY_PROXY_USER_CLAIM must name a claim of the Entra ID token, such as"
                + " preferred_username, upn or email, was 'upn; rm -rf'");

    env.put("LIVY_PROXY_USER_CLAIM", "upn");
    env.put("LIVY_BACKEND", "fabric");
    env.put("TENANT_ID", "tid");
    env.put("CLIENT_ID", "cid");
    env.put("CLIENT_SECRET", "secret-value");
    env.put("REDIRECT_URI", "http://localhost:5000/azure_auth/callback");
    env.put("SESSION_SECRET", WebAppHarness.SESSION_SECRET);
    env.remove("DEV_USERS");
    assertThatThrownBy(() -> WebConfig.fromEnvironment(env))
        .isInstanceOfSatisfying(
            WebConfig.InvalidConfig.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "LIVY_PROXY_USER_CLAIM is for Apache Livy: Fabric's Livy API has no"
                            + " proxyUser, and each user's Spark there runs as them already,"
                            + " with their own token"));
  }

  @Test
  void throughTheApp_anEntraUsersSessionCarriesTheirClaim_andADevUsersTheirName() throws Exception {
    try (WebAppHarness h =
        new WebAppHarness(Map.of("LIVY_PROXY_USER_CLAIM", "preferred_username"))) {
      WebAppHarness.Browser ed = h.browser();
      ed.signIn("ed");
      ed.get("/sessions");
      assertThat(ed.submit("/sessions", Map.of("kind", "sql")).statusCode()).isEqualTo(302);
      eventually(() -> !creates(h.livy).isEmpty());
      assertThat(h.livy.requests())
          .filteredOn(r -> r.method().equals("POST") && r.path().equals("/sessions"))
          .singleElement()
          .satisfies(r -> assertThat(r.body()).contains("\"proxyUser\":\"ed@contoso.test\""));
    }
    try (WebAppHarness h =
        WebAppHarness.withDevSignIn(
            "{\"eddie\": {\"name\": \"Eddie Editor\", \"groups\": [\"g-edit\"]}}",
            Map.of("LIVY_PROXY_USER_CLAIM", "preferred_username"))) {
      WebAppHarness.Browser eddie = h.browser();
      eddie.devSignIn("eddie");
      eddie.get("/sessions");
      assertThat(eddie.submit("/sessions", Map.of("kind", "sql")).statusCode()).isEqualTo(302);
      eventually(() -> !creates(h.livy).isEmpty());
      assertThat(h.livy.requests())
          .filteredOn(r -> r.method().equals("POST") && r.path().equals("/sessions"))
          .singleElement()
          .satisfies(r -> assertThat(r.body()).contains("\"proxyUser\":\"eddie\""));
    }
  }
}
