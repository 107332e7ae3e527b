package io.github.livy4j.auth.entra.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks an ID token that MSAL redeemed (MSAL checks neither its nonce nor its signature): an
 * RS256 signature by one of the tenant's published keys, then its nonce, audience, tenant,
 * issuer and lifetime.
 */
public final class IdTokens {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SKEW = Duration.ofMinutes(5);

  private IdTokens() {}

  /**
   * Validates an ID token.
   *
   * @param idToken the raw JWT
   * @param nonce the nonce sent with the sign-in
   * @param clientId the expected audience
   * @param tenantId the configured tenant: a GUID is required to match {@code tid}
   * @param authorityHost the authority host, such as {@code https://login.microsoftonline.com/}
   * @param clock the clock
   * @param keys the tenant's signing keys
   * @return the claims
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> validate(String idToken, String nonce, String clientId,
      String tenantId, String authorityHost, Clock clock, JwksKeys keys) {
    if (idToken == null || idToken.isBlank()) {
      throw refused("the sign-in returned no ID token");
    }
    String[] parts = idToken.split("\\.");
    Map<String, Object> header;
    Map<String, Object> claims;
    try {
      header = JSON.readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
      claims = JSON.readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    } catch (RuntimeException | java.io.IOException e) {
      throw refused("the ID token is not a readable JWT");
    }
    if (parts.length != 3 || !"RS256".equals(header.get("alg"))) {
      throw refused("the ID token is not signed with RS256");
    }
    PublicKey key = keys.key(String.valueOf(header.get("kid")));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(key);
      rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        throw refused("the ID token's signature is not valid");
      }
    } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
      throw refused("the ID token's signature cannot be checked");
    }
    if (!constantTimeEquals(nonce, String.valueOf(claims.get("nonce")))) {
      throw refused("the ID token's nonce does not match the sign-in (a replayed response)");
    }
    Object aud = claims.get("aud");
    boolean audOk = aud instanceof List<?> l ? l.contains(clientId) : clientId.equals(aud);
    if (!audOk) {
      throw refused("the ID token is for another application");
    }
    String tid = String.valueOf(claims.get("tid"));
    if (tenantId.matches("[0-9a-fA-F-]{36}") && !tenantId.equalsIgnoreCase(tid)) {
      throw refused("the ID token is from another tenant");
    }
    String host = authorityHost.endsWith("/") ? authorityHost : authorityHost + "/";
    if (!(host + tid + "/v2.0").equals(claims.get("iss"))) {
      throw refused("the ID token's issuer is not " + host + "<tenant>/v2.0");
    }
    Instant now = clock.instant();
    Object exp = claims.get("exp");
    if (!(exp instanceof Number n) || !now.isBefore(Instant.ofEpochSecond(n.longValue())
        .plus(SKEW))) {
      throw refused("the ID token has expired");
    }
    return claims;
  }

  private static EntraAuthenticationException refused(String why) {
    return new EntraAuthenticationException(Reason.SIGN_IN_REQUIRED, null,
        "Sign-in rejected: " + why, null);
  }

  /**
   * Compares secrets without leaking their length of common prefix through timing.
   *
   * @param a one value
   * @param b the other
   * @return whether they are equal
   */
  public static boolean constantTimeEquals(String a, String b) {
    return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }
}
