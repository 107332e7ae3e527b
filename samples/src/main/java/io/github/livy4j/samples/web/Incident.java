package io.github.livy4j.samples.web;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraAuthenticationException.Reason;
import io.github.livy4j.auth.entra.GraphException;
import java.security.SecureRandom;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure behind a page: the user reads what happened in plain words and a short reference;
 * the app's log has the details under the same reference (Entra ID's error codes and text, host
 * names, the exception and its causes), for the operator to find. A page never shows the
 * services' own messages.
 */
final class Incident {
  private static final Logger LOG = LoggerFactory.getLogger(Incident.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String LETTERS = "abcdefghjkmnpqrstuvwxyz23456789";

  /** What a TLS failure says of a certificate the JVM does not trust, in its causes' words. */
  private static final List<String> UNTRUSTED_SIGNS =
      List.of(
          "PKIX path",
          "unable to find valid certification path",
          "CertificateException",
          "ValidatorException",
          "CertPathValidatorException",
          "CertPathBuilderException");

  private Incident() {}

  /**
   * Logs a failure under a fresh reference: a sign-in the user ended or let expire as a line,
   * anything else as a warning with the exception and its causes.
   *
   * @param doing what was being done, for the log
   * @param e the failure
   * @return the reference, to show the user
   */
  static String log(String doing, Throwable e) {
    String ref = reference();
    if (e instanceof EntraAuthenticationException a
        && a.reason() == Reason.SIGN_IN_REQUIRED
        && !untrustedCertificate(e)) {
      LOG.info("{} failed [reference {}]: {}", doing, ref, e.getMessage());
    } else {
      LOG.warn("{} failed [reference {}]", doing, ref, e);
    }
    return ref;
  }

  /**
   * @param ref a reference from {@link #log}
   * @return the sentence that gives it to the user
   */
  static String see(String ref) {
    return " If it keeps failing, give the app's operator this reference: " + ref + ".";
  }

  /**
   * A failed sign-in in words: Entra ID's codes and descriptions stay in the log.
   *
   * @param e the failure
   * @return the words
   */
  static String signIn(EntraAuthenticationException e) {
    if (untrustedCertificate(e)) {
      return untrusted("Entra ID");
    }
    return switch (e.reason()) {
      case SIGN_IN_REQUIRED ->
          e.errorCode().filter("access_denied"::equalsIgnoreCase).isPresent()
              ? "Entra ID did not sign you in: the sign-in was cancelled, or consent to this app"
                  + " was declined."
              : "Entra ID did not complete your sign-in: it expired, was already used, or needs"
                  + " you to sign in again.";
      case MISCONFIGURED ->
          "Entra ID refused this app's sign-in request: the app's registration or settings need"
              + " its operator's attention.";
      case UNREACHABLE -> "Entra ID could not be reached, or did not answer in time.";
    };
  }

  /**
   * @param e a failed sign-in
   * @return its status: 401 to sign in again, 502 when Entra ID could not be used, else 500
   */
  static int signInStatus(EntraAuthenticationException e) {
    if (untrustedCertificate(e) || e.reason() == Reason.UNREACHABLE) {
      return 502;
    }
    return e.reason() == Reason.SIGN_IN_REQUIRED ? 401 : 500;
  }

  /**
   * A failure of Microsoft Graph, Entra ID or Livy in words, without their messages.
   *
   * @param e the failure
   * @return the words, whole sentences
   */
  static String words(Throwable e) {
    if (e instanceof EntraAuthenticationException a) {
      return a.reason() == Reason.SIGN_IN_REQUIRED && !untrustedCertificate(e)
          ? "Your sign-in with Entra ID has ended: sign in again."
          : signIn(a);
    }
    if (e instanceof GraphException g) {
      if (untrustedCertificate(e)) {
        return untrusted("Microsoft Graph");
      }
      return g.statusCode() > 0
          ? "Microsoft Graph answered " + g.statusCode() + "."
          : "Microsoft Graph could not be reached.";
    }
    if (e instanceof LivyException) {
      if (untrustedCertificate(e)) {
        return untrusted("the Livy server");
      }
      if (e instanceof AuthenticationException) {
        return "Livy did not accept the app's credentials.";
      }
      if (e instanceof io.github.livy4j.SessionFailedException) {
        return "The session failed on the Livy server, or was stopped there.";
      }
      if (e instanceof SessionNotFoundException) {
        return "Livy no longer knows this session.";
      }
      if (e instanceof LivyServiceException s) {
        return "Livy answered " + s.statusCode() + ".";
      }
      return "Livy could not be reached, or did not answer in time.";
    }
    return "Something unexpected went wrong.";
  }

  /**
   * What a page says of a failure of the user's session or statement: the SDK's own words when
   * they are about the wait (a timeout, a session that expired); for anything else (Livy's
   * answers and logs, which may name its hosts, or a failure to reach it), plain words and a
   * reference, the details in the log.
   *
   * @param doing what was being done, for the log
   * @param e the failure
   * @return what the page says
   */
  static String onPage(String doing, Throwable e) {
    if (e instanceof io.github.livy4j.PollingTimeoutException
        || e instanceof io.github.livy4j.SessionExpiredException) {
      return e.getMessage();
    }
    return words(e) + see(log(doing, e));
  }

  /**
   * Whether a failure is a TLS certificate the JVM does not trust (its own exception, or a
   * copy of it whose message names it, as the SDK keeps a foreign cause).
   *
   * @param e the failure
   * @return whether it is
   */
  static boolean untrustedCertificate(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 12; t = t.getCause(), depth++) {
      if (t instanceof CertificateException
          || t instanceof CertPathBuilderException
          || t instanceof CertPathValidatorException) {
        return true;
      }
      String m = String.valueOf(t.getMessage());
      if (UNTRUSTED_SIGNS.stream().anyMatch(m::contains)) {
        return true;
      }
    }
    return false;
  }

  private static String untrusted(String service) {
    return "This app does not trust the TLS certificate that "
        + service
        + " presented, so it could not go on. The app's operator should check the trust store of"
        + " the app's Java runtime (a TLS-inspecting proxy on the way is a common cause).";
  }

  private static String reference() {
    StringBuilder sb = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      sb.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
    }
    return sb.toString();
  }
}
