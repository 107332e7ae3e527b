package io.github.livy4j.auth.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.livy4j.NoSecretLeaks;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fake Entra ID on WireMock: a tenant's key set, its token endpoint, and ID tokens. */
public final class FakeEntra {
  static final String TENANT = "7f3c2a10-0000-4000-8000-00000000abcd";
  static final String OTHER_TENANT = "11111111-0000-4000-8000-000000000000";
  static final String CLIENT = "client-web";
  static final String SECRET = NoSecretLeaks.secret("web-secret-Zq9!");
  static final String HOST = "https://login.fake.test/";
  static final URI REDIRECT = URI.create("http://localhost:5000/azure_auth/callback");
  static final KeyPair SIGNING = rsa();
  static final KeyPair ROTATED = rsa();
  static final KeyPair STRANGER = rsa();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WireMockExtension wm;
  private final String authority;

  /** The token cache partitions the web app stored, by user key. */
  final Map<String, String> partitions = new HashMap<>();

  final TokenCacheStore store =
      new TokenCacheStore() {
        @Override
        public synchronized Optional<String> load(String key) {
          return Optional.ofNullable(partitions.get(key));
        }

        @Override
        public synchronized void save(String key, String data) {
          partitions.put(key, data);
        }

        @Override
        public synchronized void delete(String key) {
          partitions.remove(key);
        }
      };

  FakeEntra(WireMockExtension wm, String authority) {
    this.wm = wm;
    this.authority = authority;
  }

  FakeEntra(WireMockExtension wm) {
    this(wm, TENANT);
  }

  /** @return a new 2048-bit RSA key pair */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  String tokenPath() {
    return "/" + authority + "/oauth2/v2.0/token";
  }

  String keysPath() {
    return "/" + authority + "/discovery/v2.0/keys";
  }

  /** A web app on this fake, with the store above. */
  EntraWebApp.Builder webApp(Clock clock) {
    return EntraWebApp.builder(authority, CLIENT)
        .secret(SECRET)
        .authorityHost(URI.create(HOST))
        .cacheStore(store)
        .clock(clock)
        .routeTo(URI.create(wm.baseUrl()));
  }

  /** Publishes the signing key as "test-key". */
  void publishKeys() {
    publishKeys(Map.of("test-key", SIGNING));
  }

  void publishKeys(Map<String, KeyPair> keys) {
    List<String> jwks = new ArrayList<>();
    keys.forEach((kid, pair) -> jwks.add(jwk(kid, pair)));
    wm.stubFor(
        get(keysPath())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"keys\":[" + String.join(",", jwks) + "]}")));
  }

  /** An ID token for a user of {@link #TENANT}, valid for an hour from {@code now}. */
  IdToken idToken(String oid, String nonce, Instant now) {
    return new IdToken(oid, nonce, now);
  }

  /** Builds and signs an ID token. */
  static final class IdToken {
    private final Map<String, Object> claims = new LinkedHashMap<>();
    private String kid = "test-key";
    private PrivateKey key = SIGNING.getPrivate();
    private String alg = "RS256";

    IdToken(String oid, String nonce, Instant now) {
      claims.put("aud", CLIENT);
      claims.put("iss", HOST + TENANT + "/v2.0");
      claims.put("tid", TENANT);
      claims.put("oid", oid);
      claims.put("sub", "sub-" + oid);
      claims.put("nonce", nonce);
      claims.put("iat", now.getEpochSecond());
      claims.put("exp", now.getEpochSecond() + 3600);
      claims.put("ver", "2.0");
      claims.put("preferred_username", oid + "@contoso.test");
      claims.put("name", "User " + oid);
    }

    IdToken claim(String name, Object value) {
      claims.put(name, value);
      return this;
    }

    /** Leaves a claim out, as a renewed token leaves out the nonce. */
    IdToken without(String name) {
      claims.remove(name);
      return this;
    }

    /** Moves the token to another tenant, issuer included. */
    IdToken tenant(String tid) {
      claims.put("tid", tid);
      claims.put("iss", HOST + tid + "/v2.0");
      return this;
    }

    IdToken signedBy(String keyId, KeyPair pair) {
      this.kid = keyId;
      this.key = pair.getPrivate();
      return this;
    }

    String build() {
      try {
        String header = b64(JSON.writeValueAsString(Map.of("alg", alg, "typ", "JWT", "kid", kid)));
        String signingInput = header + "." + b64(JSON.writeValueAsString(claims));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
      } catch (java.security.GeneralSecurityException | java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The same claims, unsigned ({@code alg: none}). */
    String unsigned() {
      try {
        return b64("{\"alg\":\"none\"}") + "." + b64(JSON.writeValueAsString(claims)) + ".";
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Answers a code with tokens for a user: {@code at-<oid>-1} and {@code rt-<oid>}, and refresh
   * grants of that refresh token with {@code at-<oid>-2}.
   */
  void answerCode(String code, String oid, String idToken) {
    answerCode(code, idToken, oid, TENANT, "at-" + oid + "-1", "rt-" + oid);
    answerRefresh("rt-" + oid, "at-" + oid + "-2");
  }

  /** Answers a code; {@code uid} and {@code utid} go into the unsigned client_info. */
  void answerCode(
      String code,
      String idToken,
      String uid,
      String utid,
      String accessToken,
      String refreshToken) {
    NoSecretLeaks.secret(code);
    NoSecretLeaks.secret(accessToken);
    NoSecretLeaks.secret(refreshToken);
    wm.stubFor(
        post(tokenPath())
            .withRequestBody(matching("(.*&)?code=" + code + "(&.*)?"))
            .willReturn(tokens(idToken, uid, utid, accessToken, refreshToken)));
  }

  void answerRefresh(String refreshToken, String accessToken) {
    NoSecretLeaks.secret(accessToken);
    wm.stubFor(
        post(tokenPath())
            .withRequestBody(containing("refresh_token=" + refreshToken))
            .willReturn(tokens(null, null, null, accessToken, refreshToken)));
  }

  /** Answers refresh grants of a refresh token with a new access token and a new ID token. */
  void answerRenewal(String refreshToken, String accessToken, String oid, String idToken) {
    NoSecretLeaks.secret(accessToken);
    wm.stubFor(
        post(tokenPath())
            .withRequestBody(containing("refresh_token=" + refreshToken))
            .willReturn(tokens(idToken, oid, TENANT, accessToken, refreshToken)));
  }

  /** Refuses refresh grants of a refresh token, as for a disabled account. */
  void refuseRefresh(String refreshToken) {
    wm.stubFor(
        post(tokenPath())
            .withRequestBody(containing("refresh_token=" + refreshToken))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50057:"
                            + " The user account is disabled.\",\"error_codes\":[50057]}")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokens(
      String idToken, String uid, String utid, String accessToken, String refreshToken) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("token_type", "Bearer");
    answer.put("scope", "https://api.fabric.microsoft.com/.default openid profile offline_access");
    answer.put("expires_in", 3600);
    answer.put("ext_expires_in", 3600);
    answer.put("access_token", accessToken);
    answer.put("refresh_token", refreshToken);
    if (idToken != null) {
      answer.put("id_token", idToken);
      answer.put("client_info", b64("{\"uid\":\"" + uid + "\",\"utid\":\"" + utid + "\"}"));
    }
    try {
      return aResponse()
          .withStatus(200)
          .withHeader("Content-Type", "application/json")
          .withBody(JSON.writeValueAsString(answer));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Starts a sign-in and has Entra answer its code for a user with a well-formed token. */
  SignedInUser signIn(EntraWebApp app, String oid, Instant now) {
    AuthorizationRequest pending = beginSignIn(app);
    answerCode("code-" + oid, oid, idToken(oid, pending.nonce(), now).build());
    return app.completeSignIn(pending, pending.state(), "code-" + oid);
  }

  /** Starts a sign-in, registering its secrets as such. */
  static AuthorizationRequest beginSignIn(EntraWebApp app) {
    AuthorizationRequest pending = app.beginSignIn(REDIRECT, EntraTokenProviders.FABRIC_SCOPE);
    NoSecretLeaks.secret(pending.codeVerifier());
    return pending;
  }

  static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A public key as a JWK.
   *
   * @param kid its key id
   * @param pair the key pair
   * @return the JWK's JSON
   */
  public static String jwk(String kid, KeyPair pair) {
    RSAPublicKey k = (RSAPublicKey) pair.getPublic();
    return "{\"kty\":\"RSA\",\"use\":\"sig\",\"kid\":\""
        + kid
        + "\",\"n\":\""
        + unsigned(k.getModulus())
        + "\",\"e\":\""
        + unsigned(k.getPublicExponent())
        + "\"}";
  }

  private static String unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    if (b[0] == 0) {
      b = Arrays.copyOfRange(b, 1, b.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
