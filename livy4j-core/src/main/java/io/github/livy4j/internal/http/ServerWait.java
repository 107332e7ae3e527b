package io.github.livy4j.internal.http;

import io.github.livy4j.LivyServiceException;
import io.github.livy4j.ThrottledException;
import java.time.Duration;

/**
 * The one rule for a wait that a server asks for before the next request (its {@code
 * Retry-After}, or a time its answer names), wherever the client pauses before trying again: a
 * retry of the transport, a create sent again, a poll. The wait is taken when it is longer than
 * the client's own pause; a wait that ends past the deadline is not taken at all, since nothing
 * sent after it could come in time: the call ends at once with the server's refusal, naming the
 * wait it asked for.
 */
public final class ServerWait {
  private ServerWait() {}

  /**
   * The pause before the next request: the client's own, or the server's when it asked for a
   * longer one.
   *
   * @param own the client's pause (its backoff)
   * @param asked the wait the server asked for, or {@code null}
   * @return the pause
   */
  public static Duration pause(Duration own, Duration asked) {
    return asked != null && asked.compareTo(own) > 0 ? asked : own;
  }

  /**
   * Whether the server asked for a wait that ends past the deadline.
   *
   * @param asked the wait the server asked for, or {@code null}
   * @param left the time left before the deadline
   * @return whether waiting it out would pass the deadline
   */
  public static boolean pastDeadline(Duration asked, Duration left) {
    return asked != null && asked.compareTo(left) > 0;
  }

  /**
   * The refusal that ends a call whose server asked for a wait past its deadline: of the
   * refusal's type ({@link ThrottledException} for a throttled caller, else {@link
   * LivyServiceException}), with its details and its wait, the message naming the wait and the
   * time that was left; the refusal itself is the cause.
   *
   * @param refused the server's refusal, carrying the wait it asked for
   * @param left the time left before the deadline
   * @return the exception to end the call with
   */
  public static LivyServiceException refusal(LivyServiceException refused, Duration left) {
    Duration asked = refused.retryAfter().orElse(Duration.ZERO);
    String message =
        refused.getMessage()
            + "; the server asked to wait "
            + describe(asked)
            + " before trying again, past the deadline ("
            + describe(left.isNegative() ? Duration.ZERO : left)
            + " left)";
    LivyServiceException ended =
        refused instanceof ThrottledException
            ? new ThrottledException(message, refused.error(), asked)
            : new LivyServiceException(message, refused.error(), asked);
    ended.initCause(refused);
    return ended;
  }

  /**
   * A duration as a message says it: whole seconds as {@code "7 s"}, else milliseconds.
   *
   * @param d the duration
   * @return the text
   */
  static String describe(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }
}
