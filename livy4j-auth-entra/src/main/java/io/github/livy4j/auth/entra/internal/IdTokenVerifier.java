package io.github.livy4j.auth.entra.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an ID token that MSAL redeemed (MSAL checks neither its nonce nor its signature) with
 * Nimbus's JWT processor: an RS256 signature by a key the tenant publishes, then the expiry,
 * not-before and issue times (5 minutes of clock skew), the audience (and {@code azp} when there
 * are several), the nonce, an allowed tenant and the issuer that tenant's tokens carry.
 */
public final class IdTokenVerifier {
  /** The clock skew tolerated on {@code exp}, {@code nbf} and {@code iat}. */
  public static final Duration SKEW = Duration.ofMinutes(5);

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final DefaultJWTProcessor<SecurityContext> signIn = new DefaultJWTProcessor<>();
  private final DefaultJWTProcessor<SecurityContext> renewal = new DefaultJWTProcessor<>();
  private final String clientId;
  private final String authorityHost;
  private final Set<String> allowedTenants;
  private final Clock clock;

  /**
   * Creates the verifier.
   *
   * @param keys the tenant's signing keys
   * @param clientId the expected audience
   * @param authorityHost the authority host, such as {@code https://login.microsoftonline.com/}
   * @param allowedTenants the tenant ids whose users may sign in (lower case); empty for any
   * @param clock the clock
   */
  public IdTokenVerifier(
      JWKSource<SecurityContext> keys,
      String clientId,
      String authorityHost,
      Set<String> allowedTenants,
      Clock clock) {
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.authorityHost = authorityHost.endsWith("/") ? authorityHost : authorityHost + "/";
    this.allowedTenants = Set.copyOf(allowedTenants);
    this.clock = Objects.requireNonNull(clock, "clock");
    for (DefaultJWTProcessor<SecurityContext> p : List.of(signIn, renewal)) {
      p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    }
    signIn.setJWTClaimsSetVerifier(new ClaimsVerifier(true));
    renewal.setJWTClaimsSetVerifier(new ClaimsVerifier(false));
  }

  /**
   * Whether a text is a tenant id (a GUID).
   *
   * @param tenant the text
   * @return whether it is
   */
  public static boolean isTenantId(String tenant) {
    return tenant != null && GUID.matcher(tenant).matches();
  }

  /**
   * Validates an ID token.
   *
   * @param idToken the raw JWT
   * @param nonce the nonce sent with the sign-in
   * @return the claims
   * @throws EntraAuthenticationException {@code SIGN_IN_REQUIRED} for a token that fails a
   *     check, {@code UNREACHABLE} when the tenant's keys cannot be read
   */
  public Map<String, Object> verify(String idToken, String nonce) {
    JWTClaimsSet claims = process(idToken, signIn);
    Object expected = claims.getClaim("nonce");
    if (!(expected instanceof String s) || !constantTimeEquals(nonce, s)) {
      throw refused("the ID token's nonce does not match the sign-in (a replayed response)");
    }
    return claims.toJSONObject();
  }

  /**
   * Validates an ID token that renewing a user's sign-in returned: the same checks as at
   * sign-in, without the nonce (a renewed token carries none; the refresh token that obtained it
   * stands for the sign-in).
   *
   * @param idToken the raw JWT
   * @return the claims
   * @throws EntraAuthenticationException as {@link #verify}
   */
  public Map<String, Object> verifyRenewed(String idToken) {
    return process(idToken, renewal).toJSONObject();
  }

  private JWTClaimsSet process(String idToken, DefaultJWTProcessor<SecurityContext> processor) {
    if (idToken == null || idToken.isBlank()) {
      throw refused("the sign-in returned no ID token");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(idToken);
    } catch (ParseException e) {
      throw refused("the ID token is not a readable JWT");
    }
    if (!(jwt instanceof SignedJWT signed)
        || !JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
      throw refused("the ID token is not signed with RS256");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(signed, null);
    } catch (RateLimitReachedException e) {
      throw refused("the ID token is signed with a key the tenant does not publish");
    } catch (KeySourceException e) {
      throw new EntraAuthenticationException(
          Reason.UNREACHABLE,
          null,
          "The tenant's signing"
              + " keys could not be read, so the sign-in cannot be checked; try again later",
          null);
    } catch (BadJWTException e) {
      throw refused(e.getMessage());
    } catch (BadJWSException e) {
      throw refused("the ID token's signature is not valid");
    } catch (BadJOSEException e) {
      throw refused("the ID token is signed with a key the tenant does not publish");
    } catch (JOSEException e) {
      throw refused("the ID token's signature cannot be checked");
    }
    return claims;
  }

  /** The claims checks, on the injected clock, with messages that say what failed. */
  private final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    ClaimsVerifier(boolean nonce) {
      super(
          Set.of(clientId),
          null,
          nonce
              ? Set.of("exp", "iat", "iss", "tid", "oid", "nonce")
              : Set.of("exp", "iat", "iss", "tid", "oid"),
          null);
      setMaxClockSkew((int) SKEW.toSeconds());
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet c, SecurityContext context) throws BadJWTException {
      try {
        super.verify(c, context);
      } catch (BadJWTException e) {
        throw new BadJWTException(describe(e.getMessage()));
      }
      Instant now = clock.instant();
      if (c.getIssueTime().toInstant().isAfter(now.plus(SKEW))) {
        throw new BadJWTException("the ID token was issued in the future (iat)");
      }
      List<String> aud = c.getAudience();
      if (aud.size() > 1 && !clientId.equals(claimText(c, "azp"))) {
        throw new BadJWTException(
            "the ID token names several audiences and this application"
                + " is not its authorized party (azp)");
      }
      String tid = claimText(c, "tid");
      if (!isTenantId(tid)) {
        throw new BadJWTException("the ID token's tenant (tid) is not a tenant id");
      }
      if (!allowedTenants.isEmpty() && !allowedTenants.contains(tid.toLowerCase(Locale.ROOT))) {
        throw new BadJWTException(
            "the ID token is from another tenant, not one this" + " application allows");
      }
      if (!(authorityHost + tid + "/v2.0").equals(c.getIssuer())) {
        throw new BadJWTException(
            "the ID token's issuer is not " + authorityHost + "<tenant>/v2.0");
      }
      if (claimText(c, "oid") == null || claimText(c, "oid").isBlank()) {
        throw new BadJWTException("the ID token names no user (oid)");
      }
    }
  }

  private static String describe(String nimbus) {
    String m = nimbus == null ? "" : nimbus;
    if (m.startsWith("Expired")) {
      return "the ID token has expired";
    }
    if (m.contains("before use time")) {
      return "the ID token is not valid yet (nbf)";
    }
    if (m.contains("aud claim")) {
      return "the ID token is for another application";
    }
    if (m.contains("missing required claims")) {
      return "the ID token lacks required claims"
          + (m.indexOf('[') < 0 ? "" : " " + m.substring(m.indexOf('[')));
    }
    return "the ID token was rejected (" + m + ")";
  }

  private static String claimText(JWTClaimsSet c, String name) {
    Object v = c.getClaim(name);
    return v instanceof String s ? s : null;
  }

  private static EntraAuthenticationException refused(String why) {
    return new EntraAuthenticationException(
        Reason.SIGN_IN_REQUIRED, null, "Sign-in rejected: " + why, null);
  }

  /**
   * Compares secrets without leaking their length of common prefix through timing.
   *
   * @param a one value
   * @param b the other
   * @return whether they are equal
   */
  public static boolean constantTimeEquals(String a, String b) {
    return a != null
        && b != null
        && MessageDigest.isEqual(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
