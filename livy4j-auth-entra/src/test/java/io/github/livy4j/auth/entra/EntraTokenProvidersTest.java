package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.CredentialUnavailableException;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.livy4j.CapturedLogs;
import io.github.livy4j.NoSecretLeaks;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.internal.EntraErrors;
import io.github.livy4j.spi.Redactor;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/** Service principals and azure-identity credentials against a local fake Entra ID. */
@org.junit.jupiter.api.extension.ExtendWith(NoSecretLeaks.class)
class EntraTokenProvidersTest {
  @RegisterExtension
  static WireMockExtension entra =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .failOnUnmatchedRequests(true)
          .build();

  private static final String SECRET = NoSecretLeaks.secret("s3cr3t-client-secret");
  private static final Redactor R = Redactor.patternsOnly();

  static {
    for (String fed :
        List.of(
            "rejected-token",
            "renewed-token",
            "sp-token-1",
            "cred-token",
            "caller-token",
            "obo-token",
            "cert-token",
            "sp-token-logged?",
            "nearly-expired",
            "fresh-token")) {
      NoSecretLeaks.secret(fed);
    }
  }

  private static final String TOKEN_PATH = "/tenant-1/oauth2/v2.0/token";

  private TokenProvider servicePrincipal() {
    return EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
        .secret(SECRET)
        .scopes(EntraTokenProviders.FABRIC_SCOPE)
        .authorityHost(URI.create("https://login.fake.test/"))
        .routeTo(URI.create(entra.baseUrl()))
        .build();
  }

  @Test
  void servicePrincipal_getsAnAppToken_once_andKeepsEntrasRefreshAdvice() {
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"ext_expires_in\":3600,"
                            + "\"refresh_in\":1800,\"access_token\":\"sp-token-1\"}")));
    TokenProvider p = servicePrincipal();
    Instant before = Instant.now();
    AccessToken t = p.getToken().orElseThrow();
    assertThat(p.getToken().orElseThrow().token()).isEqualTo("sp-token-1");
    assertThat(t.token()).isEqualTo("sp-token-1");
    assertThat(t.expiresAt()).isBetween(before.plusSeconds(3590), before.plusSeconds(3610));
    assertThat(t.refreshAt())
        .hasValueSatisfying(
            r -> assertThat(r).isBetween(before.plusSeconds(1790), before.plusSeconds(1810)));
    entra.verify(
        1,
        postRequestedFor(urlEqualTo(TOKEN_PATH))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=client-1"))
            .withRequestBody(containing("https%3A%2F%2Fapi.fabric.microsoft.com%2F.default")));
    assertThat(t.toString()).doesNotContain("sp-token-1");
  }

  @Test
  void wrongSecret_isAMisconfiguration_withEntrasCode_andNoSecret() {
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid"
                            + " client secret provided.\",\"error_codes\":[7000215]}")));
    Throwable t = catchThrowable(() -> servicePrincipal().getToken());
    assertThat(t)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED);
              assertThat(e.errorCode()).contains("invalid_client");
              assertThat(e).hasMessageContaining("AADSTS7000215");
            });
    List<String> all = new ArrayList<>();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.add(String.valueOf(c.getMessage()));
    }
    assertThat(all).noneMatch(m -> m.contains(SECRET));
  }

  @Test
  void entraUnreachable_isReportedAsSuch() {
    TokenProvider p =
        EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
            .secret(SECRET)
            .authorityHost(URI.create("https://login.fake.test/"))
            .timeout(Duration.ofSeconds(5))
            .routeTo(URI.create("http://127.0.0.1:" + closedPort()))
            .build();
    assertThatThrownBy(p::getToken)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
  }

  private static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void errorsAreSortedIntoSignInMisconfiguredAndUnreachable() {
    assertThat(
            EntraErrors.from(
                    "x", new MsalServiceException("AADSTS70008: expired", "invalid_grant"), R)
                .reason())
        .isEqualTo(Reason.SIGN_IN_REQUIRED);
    assertThat(
            EntraErrors.from(
                    "x", new MsalServiceException("AADSTS65001: no consent", "consent_required"), R)
                .reason())
        .isEqualTo(Reason.SIGN_IN_REQUIRED);
    assertThat(
            EntraErrors.from(
                    "x",
                    new MsalServiceException("AADSTS90002: tenant not found", "invalid_request"),
                    R)
                .reason())
        .isEqualTo(Reason.MISCONFIGURED);
    assertThat(
            EntraErrors.from("x", new MsalServiceException("busy", "temporarily_unavailable"), R)
                .reason())
        .isEqualTo(Reason.UNREACHABLE);
    assertThat(EntraErrors.from("x", new java.io.IOException("reset"), R).reason())
        .isEqualTo(Reason.UNREACHABLE);
  }

  @Test
  void azureIdentityCredential_isAdapted_withItsScopesAndRefreshTime() {
    OffsetDateTime expires = OffsetDateTime.now().plusHours(1);
    List<List<String>> asked = new ArrayList<>();
    TokenCredential credential =
        ctx -> {
          asked.add(ctx.getScopes());
          return Mono.just(
              new com.azure.core.credential.AccessToken(
                  "cred-token", expires, expires.minusMinutes(30)));
        };
    TokenProvider p = EntraTokenProviders.credential(credential);
    AccessToken t = p.getToken().orElseThrow();
    p.getToken();
    assertThat(t.token()).isEqualTo("cred-token");
    assertThat(t.expiresAt()).isEqualTo(expires.toInstant());
    assertThat(t.refreshAt()).contains(expires.minusMinutes(30).toInstant());
    assertThat(asked).containsExactly(List.of(EntraTokenProviders.FABRIC_SCOPE));
  }

  @Test
  void unavailableCredential_isAMisconfiguration() {
    TokenCredential none =
        ctx ->
            Mono.error(
                new CredentialUnavailableException(
                    "EnvironmentCredential authentication unavailable"));
    assertThatThrownBy(() -> EntraTokenProviders.credential(none, "scope/.default").getToken())
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MISCONFIGURED));
  }

  @Test
  void builder_rejectsBadInputClearly() {
    assertThatThrownBy(() -> EntraTokenProviders.servicePrincipal("tenant/x", "c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantId");
    assertThatThrownBy(() -> EntraTokenProviders.servicePrincipal("t", "c").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("secret");
    assertThatThrownBy(() -> EntraTokenProviders.servicePrincipal("t", "c").secret(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                EntraTokenProviders.servicePrincipal("t", "c")
                    .authorityHost(URI.create("http://login.example/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThat(EntraTokenProviders.servicePrincipal("t", "c").secret(SECRET).toString())
        .doesNotContain(SECRET);
  }

  @Test
  void onBehalfOf_exchangesTheCallersToken() {
    entra.stubFor(
        post(TOKEN_PATH)
            .withRequestBody(
                containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"))
            .withRequestBody(containing("requested_token_use=on_behalf_of"))
            .withRequestBody(containing("assertion=caller-token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                            + "\"obo-token\"}")));
    TokenProvider p =
        EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
            .secret(SECRET)
            .authorityHost(URI.create("https://login.fake.test/"))
            .routeTo(URI.create(entra.baseUrl()))
            .buildOnBehalfOf("caller-token");
    assertThat(p.getToken().orElseThrow().token()).isEqualTo("obo-token");
    assertThatThrownBy(
            () ->
                EntraTokenProviders.servicePrincipal("t", "c").secret(SECRET).buildOnBehalfOf(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void certificate_signsAClientAssertion_insteadOfSendingASecret() throws Exception {
    java.nio.file.Path store =
        java.nio.file.Files.createTempDirectory("livy4j-cert").resolve("sp.p12");
    String keytool =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-alias",
                "sp",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-dname",
                "CN=livy4j-test",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    java.security.PrivateKey key =
        (java.security.PrivateKey) ks.getKey("sp", "changeit".toCharArray());
    java.security.cert.X509Certificate cert =
        (java.security.cert.X509Certificate) ks.getCertificate("sp");
    entra.stubFor(
        post(TOKEN_PATH)
            .withRequestBody(
                containing(
                    "client_assertion_type="
                        + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"))
            .withRequestBody(containing("client_assertion=ey"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                            + "\"cert-token\"}")));
    TokenProvider tokens =
        EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
            .certificate(key, cert)
            .authorityHost(URI.create("https://login.fake.test/"))
            .routeTo(URI.create(entra.baseUrl()))
            .build();
    assertThat(tokens.getToken().orElseThrow().token()).isEqualTo("cert-token");
    entra.verify(
        postRequestedFor(urlEqualTo(TOKEN_PATH))
            .withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.notContaining("client_secret")));
  }

  @Test
  void noTokenOrSecretEverReachesALogLine() {
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                            + "\"sp-token-logged?\"}")));
    TokenProvider p = servicePrincipal();
    p.refresh(p.getToken().orElseThrow());
    entra.resetAll();
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215\"}")));
    catchThrowable(() -> servicePrincipal().getToken());
    assertThat(CapturedLogs.lines())
        .isNotEmpty()
        .noneMatch(l -> l.contains(SECRET))
        .noneMatch(l -> l.contains("sp-token"))
        .noneMatch(l -> l.contains("cert-token"))
        .noneMatch(l -> l.contains("obo-token"))
        .noneMatch(l -> l.contains("caller-token"));
  }

  @Test
  void aTokenMsalStillCachesButThatIsDueForRefresh_isReplacedByAFreshOne() {
    entra.stubFor(
        post(TOKEN_PATH)
            .inScenario("short")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":200,\"access_token\":"
                            + "\"nearly-expired\"}"))
            .willSetStateTo("fresh"));
    entra.stubFor(
        post(TOKEN_PATH)
            .inScenario("short")
            .whenScenarioStateIs("fresh")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                            + "\"fresh-token\"}")));
    TokenProvider p = servicePrincipal();
    assertThat(p.getToken().orElseThrow().token()).isEqualTo("fresh-token");
    assertThat(p.getToken().orElseThrow().token()).isEqualTo("fresh-token");
    entra.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
  }

  @Test
  void aForcedRefresh_skipsMsalsCache_forServicePrincipalsAndOnBehalfOf() {
    for (String flow : List.of("client_credentials", "jwt-bearer")) {
      entra.resetAll();
      entra.stubFor(
          post(TOKEN_PATH)
              .inScenario(flow)
              .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                              + "\"rejected-token\"}"))
              .willSetStateTo("renewed"));
      entra.stubFor(
          post(TOKEN_PATH)
              .inScenario(flow)
              .whenScenarioStateIs("renewed")
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          "{\"token_type\":\"Bearer\",\"expires_in\":3600,\"access_token\":"
                              + "\"renewed-token\"}")));
      EntraTokenProviders.ServicePrincipalBuilder b =
          EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
              .secret(SECRET)
              .authorityHost(URI.create("https://login.fake.test/"))
              .routeTo(URI.create(entra.baseUrl()));
      TokenProvider p = flow.equals("jwt-bearer") ? b.buildOnBehalfOf("caller-token") : b.build();
      AccessToken rejected = p.getToken().orElseThrow();
      assertThat(rejected.token()).as(flow).isEqualTo("rejected-token");
      assertThat(p.refresh(rejected).orElseThrow().token()).as(flow).isEqualTo("renewed-token");
      assertThat(p.getToken().orElseThrow().token()).as(flow).isEqualTo("renewed-token");
      entra.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)).withRequestBody(containing(flow)));
    }
  }

  @Test
  void anErrorBodyEchoingTheRequest_putsNeitherTheSecretNorTheUsersTokenIntoTheException() {
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Rejected: {{request.body}}</body></html>")
                    .withTransformers("response-template")));
    EntraTokenProviders.ServicePrincipalBuilder b =
        EntraTokenProviders.servicePrincipal("tenant-1", "client-1")
            .secret(SECRET)
            .authorityHost(URI.create("https://login.fake.test/"))
            .routeTo(URI.create(entra.baseUrl()));
    for (TokenProvider p : List.of(b.build(), b.buildOnBehalfOf("caller-token"))) {
      Throwable t = catchThrowable(p::getToken);
      assertThat(t)
          .isInstanceOf(EntraAuthenticationException.class)
          .hasMessageContaining("Rejected");
      NoSecretLeaks.assertClean(t);
    }
    assertThat(CapturedLogs.lines())
        .noneMatch(l -> l.contains(SECRET))
        .noneMatch(l -> l.contains("caller-token"));
  }

  @Test
  void manyPrincipalsAtOnce_getTheirTokens_onABoundedNumberOfThreads() throws Exception {
    entra.stubFor(
        post(TOKEN_PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withFixedDelay(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3600,"
                            + "\"access_token\":\"fresh-token\"}")));
    int callers = 3 * EntraTokenProviders.MSAL_THREADS;
    List<TokenProvider> providers = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      providers.add(
          EntraTokenProviders.servicePrincipal("tenant-1", "client-many-" + i)
              .secret(SECRET)
              .scopes(EntraTokenProviders.FABRIC_SCOPE)
              .authorityHost(URI.create("https://login.fake.test/"))
              .routeTo(URI.create(entra.baseUrl()))
              .build());
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(callers);
    try {
      List<java.util.concurrent.Future<String>> tokens = new ArrayList<>();
      for (TokenProvider p : providers) {
        tokens.add(pool.submit(() -> p.getToken().orElseThrow().token()));
      }
      for (java.util.concurrent.Future<String> t : tokens) {
        assertThat(t.get(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo("fresh-token");
      }
    } finally {
      pool.shutdownNow();
    }
    // the threads MSAL ran on stay for a while once idle: an unbounded pool would still hold one
    // per request made at once
    long entraThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("livy4j-entra-"))
            .count();
    assertThat(entraThreads)
        .as("threads MSAL ran on for %d token requests at once", callers)
        .isPositive()
        .isLessThanOrEqualTo(EntraTokenProviders.MSAL_THREADS);
  }
}
