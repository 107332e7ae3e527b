package io.github.livy4j.internal.observe;

import io.github.livy4j.SessionId;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyOperation;
import java.net.URI;
import java.time.Duration;

/**
 * Makes the public observed types, whose constructors only their own package sees: that
 * package installs its factory here when first used, so a field added to them later changes
 * no caller's code.
 */
public final class ObservedTypes {
  private static final String FACTORY = "io.github.livy4j.observe.TypesFactory";
  private static volatile Factory factory;

  private ObservedTypes() {}

  /** What the observed types' package offers the client. */
  public interface Factory {
    /**
     * @param method the HTTP method
     * @param url the URL, without user information
     * @param urlTemplate the path template
     * @param attempt 1 for the first attempt
     * @param idempotent whether repeating it is harmless
     * @param poll whether it is a look of a wait
     * @return the exchange
     */
    HttpExchange exchange(
        String method, URI url, String urlTemplate, int attempt, boolean idempotent, boolean poll);

    /**
     * @param status the HTTP status, or 0
     * @param duration how long it took
     * @param failure the failure, or {@code null}
     * @param retried whether it is sent again
     * @param retryDelay the pause before that
     * @return the result
     */
    HttpResult result(
        int status, Duration duration, Throwable failure, boolean retried, Duration retryDelay);

    /**
     * @param name the operation's name
     * @param backend the backend's kind
     * @param session the session, or {@code null}
     * @param codeKind the code's kind, or {@code null}
     * @param code the code text, or {@code null}
     * @param background whether the client runs it on its own
     * @return the operation
     */
    LivyOperation operation(
        String name,
        String backend,
        SessionId session,
        String codeKind,
        String code,
        boolean background);
  }

  /**
   * Called once by the observed types' package.
   *
   * @param f its factory
   */
  public static void install(Factory f) {
    if (factory == null && f.getClass().getName().equals(FACTORY)) {
      factory = f;
    }
  }

  /** @return the factory of the observed types' package */
  public static Factory get() {
    Factory f = factory;
    if (f == null) {
      try {
        Class.forName(FACTORY, true, ObservedTypes.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(FACTORY + " is missing from livy4j-core", e);
      }
      f = factory;
    }
    return f;
  }
}
