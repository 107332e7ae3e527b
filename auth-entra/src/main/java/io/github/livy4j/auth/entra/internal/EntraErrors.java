package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import java.util.Locale;
import java.util.Set;

/** Sorts Entra and MSAL failures into the three reasons callers act on. */
public final class EntraErrors {
  private static final Set<String> SIGN_IN = Set.of("invalid_grant", "interaction_required",
      "consent_required", "login_required");
  private static final Set<String> MISCONFIGURED = Set.of("invalid_client",
      "unauthorized_client", "invalid_scope", "invalid_request", "invalid_resource");
  private static final int MAX_MESSAGE = 400;

  private EntraErrors() {}

  /**
   * Classifies a failure of MSAL.
   *
   * @param what what was being done, such as "getting a token for the service principal"
   * @param e the failure
   * @return the exception to throw
   */
  public static EntraAuthenticationException from(String what, Throwable e) {
    if (e instanceof MsalServiceException s) {
      String code = s.errorCode() == null ? null : s.errorCode().toLowerCase(Locale.ROOT);
      Integer status = s.statusCode();
      Reason reason = code != null && SIGN_IN.contains(code) ? Reason.SIGN_IN_REQUIRED
          : code != null && MISCONFIGURED.contains(code) ? Reason.MISCONFIGURED
          : status != null && status >= 500 || "temporarily_unavailable".equals(code)
              ? Reason.UNREACHABLE : Reason.MISCONFIGURED;
      return new EntraAuthenticationException(reason, s.errorCode(), "Entra ID refused "
          + what + " (" + s.errorCode() + "): " + shorten(s.getMessage()) + advice(reason), e);
    }
    if (e instanceof MsalClientException c) {
      return new EntraAuthenticationException(Reason.UNREACHABLE, c.errorCode(),
          "Entra ID could not be reached while " + what + ": " + shorten(c.getMessage()), e);
    }
    return new EntraAuthenticationException(Reason.UNREACHABLE, null,
        "Entra ID could not be reached while " + what + ": " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " (" + shorten(e.getMessage()) + ")"), e);
  }

  private static String advice(Reason reason) {
    return switch (reason) {
      case SIGN_IN_REQUIRED -> "; the user must sign in again";
      case MISCONFIGURED -> "; check the tenant, client id, credential and scope";
      case UNREACHABLE -> "; try again later";
    };
  }

  static String shorten(String message) {
    if (message == null) {
      return "";
    }
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
