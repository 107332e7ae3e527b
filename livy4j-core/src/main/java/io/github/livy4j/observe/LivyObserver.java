package io.github.livy4j.observe;

import io.github.livy4j.SessionId;
import io.github.livy4j.SessionState;
import java.time.Duration;

/**
 * Watches what a {@link io.github.livy4j.LivyClient} does; register with
 * {@link io.github.livy4j.LivyClient.Builder#observer(LivyObserver)}. Every method has a default
 * that does nothing, so an observer overrides only what it needs.
 *
 * <p>Methods run on the client's threads or the caller's, while the client works: they must be
 * thread-safe and return quickly. An exception they throw is logged and ignored; it never
 * changes what the client does.
 *
 * <pre>{@code
 * LivyClient client = LivyClient.builder()
 *     .backend(ApacheLivy.at(uri))
 *     .observer(new LivyObserver() {
 *       public OperationObserver operationStarted(LivyOperation op) {
 *         long start = System.nanoTime();
 *         return new OperationObserver() {
 *           public void ended(Throwable failure) {
 *             log(op.name(), System.nanoTime() - start, failure);
 *           }
 *         };
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public interface LivyObserver {

  /**
   * The client begins an operation, on the thread that starts it: the caller's thread for a
   * call of the user's (so a tracer finds the caller's current span there), a client thread for
   * what the client does on its own. Every HTTP exchange the operation makes, on any thread, is
   * reported to the observer this returns, and it hears once of the operation's end.
   *
   * @param operation what begins
   * @return the observer of this operation, or {@link OperationObserver#NONE}
   */
  default OperationObserver operationStarted(LivyOperation operation) {
    return OperationObserver.NONE;
  }

  /**
   * A session the client owns was seen in a new state, or began or ended being owned: the
   * client created or attached it ({@code from} is {@code null}), or it was deleted, detached or
   * replaced ({@code to} is {@code null}). Enough to count the client's sessions by state.
   *
   * @param session the session
   * @param from the state before, or {@code null} when the client did not own it before
   * @param to the state now, or {@code null} when the client no longer owns it
   */
  default void sessionStateChanged(SessionId session, SessionState from, SessionState to) {}

  /**
   * The client began using a new token from its token provider.
   *
   * @param afterRejection whether the server had rejected the previous one (401), rather than
   *     the provider renewing it ahead of its expiry
   * @param took how long getting it held up the request that needed it
   */
  default void tokenRefreshed(boolean afterRejection, Duration took) {}

  /**
   * The token provider failed to give a token, and the request that needed it failed.
   *
   * @param failure what the provider threw (its message carries no secret)
   */
  default void tokenFailed(Throwable failure) {}
}
