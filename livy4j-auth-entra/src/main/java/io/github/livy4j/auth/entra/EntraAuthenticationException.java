package io.github.livy4j.auth.entra;

import io.github.livy4j.LivyException;
import java.util.Objects;
import java.util.Optional;

/**
 * No token could be had from Entra ID, and why: the user must sign in again, the application is
 * misconfigured, or Entra cannot be reached. Never carries a secret or a token.
 */
public class EntraAuthenticationException extends LivyException {
  private static final long serialVersionUID = 1L;

  /** Why no token could be had. */
  public enum Reason {
    /** The user's sign-in is expired, revoked or lacks consent: sign in again. */
    SIGN_IN_REQUIRED,
    /** The tenant, client id, secret, certificate or scope is wrong. */
    MISCONFIGURED,
    /** Entra did not answer, or answered with a temporary failure: try again later. */
    UNREACHABLE
  }

  private final Reason reason;
  private final String errorCode;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param errorCode Entra's error code (such as {@code invalid_client}), or {@code null}
   * @param message what went wrong, free of secrets
   * @param cause the underlying failure, or {@code null}
   */
  public EntraAuthenticationException(
      Reason reason, String errorCode, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.errorCode = errorCode;
  }

  /** @return why no token could be had */
  public Reason reason() {
    return reason;
  }

  /** @return Entra's error code, when it sent one */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }
}
