package io.github.livy4j.auth.entra.internal;

import com.microsoft.aad.msal4j.MsalClientException;
import com.microsoft.aad.msal4j.MsalServiceException;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.spi.Redactor;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Sorts Entra and MSAL failures into the three reasons callers act on. Foreign exceptions are
 * never chained as they are: their messages pass through a {@link Redactor} first, and the
 * cause kept is a {@link RedactedCause} copy.
 */
public final class EntraErrors {
  private static final Set<String> SIGN_IN =
      Set.of(
          "invalid_grant",
          "interaction_required",
          "consent_required",
          "login_required",
          "access_denied",
          "account_selection_required");
  private static final Set<String> MISCONFIGURED =
      Set.of(
          "invalid_client",
          "unauthorized_client",
          "invalid_scope",
          "invalid_request",
          "invalid_resource",
          "unsupported_response_type");
  private static final Set<String> UNREACHABLE = Set.of("temporarily_unavailable", "server_error");
  private static final int MAX_MESSAGE = 400;

  private EntraErrors() {}

  /**
   * Classifies a failure of MSAL or of an Azure credential.
   *
   * @param what what was being done, such as "getting a token for the service principal"
   * @param e the failure
   * @param redactor hides the credentials the failed call used
   * @return the exception to throw
   */
  public static EntraAuthenticationException from(String what, Throwable e, Redactor redactor) {
    if (e instanceof MsalServiceException s) {
      String code = s.errorCode() == null ? null : s.errorCode().toLowerCase(Locale.ROOT);
      Integer status = s.statusCode();
      Reason reason = reason(code, status == null ? 0 : status);
      return new EntraAuthenticationException(
          reason,
          s.errorCode(),
          "Entra ID refused "
              + what
              + " ("
              + s.errorCode()
              + "): "
              + shorten(s.getMessage(), redactor)
              + advice(reason),
          RedactedCause.of(e, redactor));
    }
    Throwable untrusted = untrustedCertificate(e);
    if (untrusted != null) {
      return new EntraAuthenticationException(
          Reason.UNREACHABLE,
          e instanceof MsalClientException c ? c.errorCode() : null,
          "Entra ID could not be reached while "
              + what
              + ": this JVM does not trust the TLS certificate that Entra ID's host presented ("
              + untrusted.getClass().getSimpleName()
              + ": "
              + shorten(untrusted.getMessage(), redactor)
              + "); add the certificate's issuing CA to the JVM's trust store"
              + " (javax.net.ssl.trustStore), or look for a TLS-inspecting proxy on the way",
          RedactedCause.of(e, redactor));
    }
    if (e instanceof MsalClientException c) {
      return new EntraAuthenticationException(
          Reason.UNREACHABLE,
          c.errorCode(),
          "Entra ID could not be reached while " + what + ": " + shorten(c.getMessage(), redactor),
          RedactedCause.of(e, redactor));
    }
    return new EntraAuthenticationException(
        Reason.UNREACHABLE,
        null,
        "Entra ID could not be reached while "
            + what
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " (" + shorten(e.getMessage(), redactor) + ")"),
        RedactedCause.of(e, redactor));
  }

  /**
   * The failure an {@code error=} redirect reports.
   *
   * @param error the redirect's {@code error}
   * @param description its {@code error_description}, or {@code null}
   * @param redactor hides credentials
   * @return the exception to throw
   */
  public static EntraAuthenticationException fromRedirect(
      String error, String description, Redactor redactor) {
    String code = shorten(error, redactor);
    Reason reason = reason(code.toLowerCase(Locale.ROOT), 0);
    return new EntraAuthenticationException(
        reason,
        code,
        "Entra ID refused the sign-in ("
            + code
            + ")"
            + (description == null || description.isBlank()
                ? ""
                : ": " + shorten(description, redactor))
            + advice(reason),
        null);
  }

  /**
   * A TLS handshake that failed because the JVM does not trust the certificate presented.
   *
   * @param e a failure
   * @return the handshake's failure (or the certificate's, without one), or {@code null} when
   *     the certificate is not the cause
   */
  private static Throwable untrustedCertificate(Throwable e) {
    Throwable handshake = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 12; t = t.getCause(), depth++) {
      if (t instanceof SSLException && handshake == null) {
        handshake = t;
      }
      if (t instanceof CertificateException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        return handshake != null ? handshake : t;
      }
    }
    return null;
  }

  private static Reason reason(String code, int status) {
    if (code != null && SIGN_IN.contains(code)) {
      return Reason.SIGN_IN_REQUIRED;
    }
    if (code != null && MISCONFIGURED.contains(code)) {
      return Reason.MISCONFIGURED;
    }
    return status >= 500 || code != null && UNREACHABLE.contains(code)
        ? Reason.UNREACHABLE
        : Reason.MISCONFIGURED;
  }

  private static String advice(Reason reason) {
    return switch (reason) {
      case SIGN_IN_REQUIRED -> "; the user must sign in again";
      case MISCONFIGURED -> "; check the tenant, client id, credential and scope";
      case UNREACHABLE -> "; try again later";
    };
  }

  /**
   * One line of at most 400 characters, with credentials hidden.
   *
   * @param message the text, or {@code null}
   * @param redactor hides credentials
   * @return the line
   */
  public static String shorten(String message, Redactor redactor) {
    if (message == null) {
      return "";
    }
    String line = redactor.redact(message).replaceAll("\\s+", " ").strip();
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "...";
  }
}
