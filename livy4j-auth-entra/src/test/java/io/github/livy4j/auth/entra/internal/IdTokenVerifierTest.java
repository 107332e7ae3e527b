package io.github.livy4j.auth.entra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.util.Resource;
import io.github.livy4j.TestTime;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.FakeEntra;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The ID token checks on their own, with claims MSAL would not pass through. */
class IdTokenVerifierTest {
  private static final String TENANT = "7f3c2a10-0000-4000-8000-00000000abcd";
  private static final String HOST = "https://login.fake.test/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final KeyPair KEY = FakeEntra.rsa();

  private final TestTime time = new TestTime();
  private final AtomicInteger reads = new AtomicInteger();
  private volatile boolean keysUp = true;

  private IdTokenVerifier verifier(Set<String> tenants) {
    String jwks = "{\"keys\":[" + FakeEntra.jwk("k1", KEY) + "]}";
    return new IdTokenVerifier(
        new TenantKeys(
            URI.create(HOST + TENANT + "/discovery/v2.0/keys"),
            url -> {
              reads.incrementAndGet();
              if (!keysUp) {
                throw new java.io.IOException("connection refused");
              }
              return new Resource(jwks, "application/json");
            },
            time),
        "app-1",
        HOST,
        tenants,
        time);
  }

  private String token(Consumer<Map<String, Object>> change) {
    Map<String, Object> c = new LinkedHashMap<>();
    long now = time.instant().getEpochSecond();
    c.put("aud", "app-1");
    c.put("iss", HOST + TENANT + "/v2.0");
    c.put("tid", TENANT);
    c.put("oid", "u1");
    c.put("nonce", "n-1");
    c.put("iat", now);
    c.put("exp", now + 3600);
    change.accept(c);
    try {
      String input =
          b64(JSON.writeValueAsString(Map.of("alg", "RS256", "kid", "k1")))
              + "."
              + b64(JSON.writeValueAsString(c));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(KEY.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void refused(IdTokenVerifier v, String token, String why) {
    assertThatThrownBy(() -> v.verify(token, "n-1"))
        .as(why)
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.SIGN_IN_REQUIRED))
        .hasMessageContaining(why);
  }

  @Test
  void aWellFormedToken_passes_andEveryBadClaimIsNamed() {
    IdTokenVerifier v = verifier(Set.of(TENANT));
    long now = time.instant().getEpochSecond();
    assertThat(v.verify(token(c -> {}), "n-1")).containsEntry("oid", "u1");
    assertThat(
            v.verify(
                token(
                    c -> {
                      c.put("aud", List.of("app-1", "api-2"));
                      c.put("azp", "app-1");
                    }),
                "n-1"))
        .containsEntry("azp", "app-1");
    refused(v, token(c -> c.put("aud", List.of("app-1", "api-2"))), "authorized party");
    refused(
        v,
        token(
            c -> {
              c.put("aud", List.of("app-1", "api-2"));
              c.put("azp", "api-2");
            }),
        "authorized party");
    refused(v, token(c -> c.put("nbf", now + 600)), "not valid yet");
    refused(v, token(c -> c.put("iat", now + 600)), "issued in the future");
    refused(v, token(c -> c.put("exp", now - 600)), "expired");
    refused(v, token(c -> c.put("aud", "app-2")), "another application");
    refused(v, token(c -> c.remove("oid")), "lacks required claims");
    refused(v, token(c -> c.put("nonce", "n-2")), "nonce");
    refused(v, token(c -> c.put("iss", "https://evil.test/" + TENANT + "/v2.0")), "issuer");
    refused(
        v,
        token(
            c -> {
              c.put("tid", "11111111-0000-4000-8000-000000000000");
              c.put("iss", HOST + "11111111-0000-4000-8000-000000000000/v2.0");
            }),
        "another tenant");
    // within the skew is fine
    assertThat(v.verify(token(c -> c.put("nbf", now + 120)), "n-1")).isNotEmpty();
  }

  @Test
  void anyTenant_acceptsEveryTenantsTokens_withTheirOwnIssuer() {
    IdTokenVerifier v = verifier(Set.of());
    String other = "11111111-0000-4000-8000-000000000000";
    assertThat(
            v.verify(
                token(
                    c -> {
                      c.put("tid", other);
                      c.put("iss", HOST + other + "/v2.0");
                    }),
                "n-1"))
        .containsEntry("tid", other);
    refused(v, token(c -> c.put("tid", other)), "issuer");
  }

  @Test
  void unreadableKeys_areUnreachable_andTheKeySetIsReadAgainAfterFiveMinutes() {
    IdTokenVerifier v = verifier(Set.of(TENANT));
    keysUp = false;
    assertThatThrownBy(() -> v.verify(token(c -> {}), "n-1"))
        .isInstanceOfSatisfying(
            EntraAuthenticationException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
    keysUp = true;
    time.advance(Duration.ofSeconds(31));
    v.verify(token(c -> {}), "n-1");
    int after = reads.get();
    time.advance(Duration.ofMinutes(4));
    v.verify(token(c -> {}), "n-1");
    assertThat(reads).hasValue(after);
    time.advance(Duration.ofMinutes(2));
    v.verify(token(c -> {}), "n-1");
    assertThat(reads).hasValue(after + 1);
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
