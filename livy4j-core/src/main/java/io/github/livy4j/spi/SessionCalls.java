package io.github.livy4j.spi;

import io.github.livy4j.LivyServiceException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionNotFoundException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs a request about one session, turning a 404 about the session into
 * {@link SessionNotFoundException}: a 404 is about the session unless it names a statement
 * (the message says "Statement not found" or the error code speaks of a statement), so that the
 * client can tell a session gone from a statement it asked for wrongly.
 */
public final class SessionCalls {
  private SessionCalls() {}

  /**
   * Sends a request whose answer says no more than that it succeeded.
   *
   * @param id the session the request is about
   * @param send sends the request
   * @throws SessionNotFoundException if the server answers that the session is not there
   */
  public static void run(SessionId id, Runnable send) {
    try {
      send.run();
    } catch (LivyServiceException e) {
      throw notFound(id, e);
    }
  }

  /**
   * Sends a request and reads its answer.
   *
   * @param id the session the request is about
   * @param call sends the request and reads the answer
   * @param <T> what the answer is read into
   * @return what was read
   * @throws SessionNotFoundException if the server answers that the session is not there
   */
  public static <T> T call(SessionId id, Supplier<T> call) {
    try {
      return call.get();
    } catch (LivyServiceException e) {
      throw notFound(id, e);
    }
  }

  /**
   * The same for a request in flight: the future fails as {@link #call} throws.
   *
   * @param id the session the request is about
   * @param call the answer, when it comes
   * @param <T> what the answer is read into
   * @return the answer, failing with {@link SessionNotFoundException} for a session not there
   */
  public static <T> CompletableFuture<T> async(SessionId id, CompletableFuture<T> call) {
    return Futures.mapFailure(
        call, e -> e instanceof LivyServiceException lse ? notFound(id, lse) : e);
  }

  /**
   * What an error answer about a session means.
   *
   * @param id the session the request was about
   * @param e the error answer
   * @return a {@link SessionNotFoundException} for a 404 about the session, else {@code e}
   */
  public static LivyServiceException notFound(SessionId id, LivyServiceException e) {
    if (e instanceof SessionNotFoundException || e.statusCode() != 404) {
      return e;
    }
    boolean aboutStatement =
        e.getMessage().contains("Statement not found")
            || e.errorCode()
                .map(c -> c.toLowerCase(Locale.ROOT))
                .filter(c -> c.contains("statement"))
                .isPresent();
    return aboutStatement ? e : new SessionNotFoundException(id, e);
  }
}
