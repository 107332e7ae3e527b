package io.github.livy4j.spi;

import io.github.livy4j.CapacityExceededException;
import io.github.livy4j.RetryOptions;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A backend's own reading of an error answer by which its service turns a request away for
 * now, beyond what HTTP says by itself ({@code 429} with {@code Retry-After}): a status of its
 * own for a full capacity, or a throttling answer that says in its body until when to wait.
 * The transport asks it about every error answer before it decides whether to send the request
 * again; the answer's meaning for retries, exceptions and deadlines stays the transport's.
 */
@FunctionalInterface
public interface Throttling {

  /** Reads nothing special into any answer: HTTP's own rules apply. */
  Throttling NONE = (status, body) -> Verdict.NOT_MINE;

  /**
   * Reads an error answer.
   *
   * @param status the status, 400 or above
   * @param body the answer's body as text, possibly empty
   * @return what the answer means, or {@link Verdict#NOT_MINE}
   */
  Verdict read(int status, String body);

  /** What an error answer means to the backend's service. */
  final class Verdict {
    /** Nothing special: the transport follows HTTP's rules for the status. */
    public static final Verdict NOT_MINE = new Verdict(false, null);

    /**
     * The service turned the request away because it has no capacity for it now; it was not
     * queued, so any request (even one that is not idempotent) may be sent again. The
     * transport does while {@link RetryOptions#capacityWait()} allows, on
     * {@link RetryOptions#CAPACITY_BACKOFF}, and otherwise fails with a
     * {@link CapacityExceededException}.
     */
    public static final Verdict NO_CAPACITY = new Verdict(true, null);

    private final boolean noCapacity;
    private final Instant retryAt;

    private Verdict(boolean noCapacity, Instant retryAt) {
      this.noCapacity = noCapacity;
      this.retryAt = retryAt;
    }

    /**
     * The service throttles the caller and says until when, as a {@code Retry-After} header
     * would (a header the answer has wins): the transport waits until then, within
     * {@link RetryOptions#maxRetryAfter()}, and sends the request again.
     *
     * @param at when the service takes requests again
     * @return the verdict
     */
    public static Verdict retryAt(Instant at) {
      return new Verdict(false, Objects.requireNonNull(at, "at"));
    }

    /** @return whether the service has no capacity for the request now */
    public boolean noCapacity() {
      return noCapacity;
    }

    /** @return until when the service throttles the caller, when it says */
    public Optional<Instant> retryAt() {
      return Optional.ofNullable(retryAt);
    }
  }
}
