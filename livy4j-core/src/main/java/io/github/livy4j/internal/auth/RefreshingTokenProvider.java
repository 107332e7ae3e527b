package io.github.livy4j.internal.auth;

import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caches a token and refreshes it ahead of expiry, one refresh at a time however many threads
 * ask. While a token is still valid, a failed refresh keeps it in service and the next attempt
 * waits out a pause; callers that find a refresh already running are handed the still-valid
 * token instead of waiting.
 */
public final class RefreshingTokenProvider implements TokenProvider {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshingTokenProvider.class);

  private final TokenSource source;
  private final Duration refreshBefore;
  private final Duration pauseAfterFailure;
  private final Clock clock;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile AccessToken current;
  private volatile Instant nextAttempt = Instant.MIN;
  private volatile RuntimeException lastFailure;

  /**
   * Creates the provider.
   *
   * @param source where tokens come from
   * @param refreshBefore how long before expiry to refresh
   * @param pauseAfterFailure how long to wait after a failed refresh before the next one
   * @param clock the clock
   */
  public RefreshingTokenProvider(
      TokenSource source, Duration refreshBefore, Duration pauseAfterFailure, Clock clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
    this.pauseAfterFailure = Objects.requireNonNull(pauseAfterFailure, "pauseAfterFailure");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<AccessToken> getToken() {
    AccessToken cached = current;
    Instant now = clock.instant();
    if (cached != null && now.isBefore(refreshTime(cached))) {
      return Optional.of(cached);
    }
    boolean valid = cached != null && cached.isValidAt(now);
    if (valid && now.isBefore(nextAttempt)) {
      return Optional.of(cached); // a refresh failed lately: keep the valid token meanwhile
    }
    if (valid && !refreshing.tryLock()) {
      return Optional.of(cached); // another thread is refreshing; this token still works
    }
    if (!valid) {
      refreshing.lock();
    }
    try {
      return Optional.of(refreshLocked());
    } finally {
      refreshing.unlock();
    }
  }

  /**
   * Replaces a token a server rejected, one refresh at a time: callers whose rejected token was
   * already replaced get the new one, and after a failed refresh the source is asked again only
   * once the pause is over. The rejected token is never served again by {@link #getToken()}
   * unless the source hands it back.
   */
  @Override
  public Optional<AccessToken> refresh(AccessToken rejected) {
    Objects.requireNonNull(rejected, "rejected");
    refreshing.lock();
    try {
      AccessToken cached = current;
      if (cached != null && !cached.token().equals(rejected.token())) {
        return Optional.of(cached); // another caller replaced it already
      }
      Instant now = clock.instant();
      if (now.isBefore(nextAttempt)) {
        if (lastFailure != null) {
          throw lastFailure;
        }
        if (cached != null) {
          return Optional.of(cached); // the source insisted on this token a moment ago
        }
      }
      AccessToken fresh;
      try {
        fresh =
            Objects.requireNonNull(
                source.fetchAfterRejection(rejected), "the token source gave null");
      } catch (RuntimeException e) {
        current = null; // rejected: never served again
        lastFailure = e;
        nextAttempt = now.plus(pauseAfterFailure);
        throw e;
      }
      current = fresh;
      lastFailure = null;
      if (fresh.token().equals(rejected.token())) {
        nextAttempt = now.plus(pauseAfterFailure);
        LOG.warn(
            "The token source returned the token the server rejected; asking again in {} s"
                + " at the earliest",
            pauseAfterFailure.toSeconds());
      } else {
        nextAttempt = Instant.MIN;
        LOG.debug("Replaced a rejected token; the new one expires at {}", fresh.expiresAt());
      }
      return Optional.of(fresh);
    } finally {
      refreshing.unlock();
    }
  }

  /** Must hold the lock. */
  private AccessToken refreshLocked() {
    AccessToken cached = current;
    Instant now = clock.instant();
    if (cached != null && now.isBefore(refreshTime(cached))) {
      return cached; // another caller refreshed it meanwhile
    }
    boolean valid = cached != null && cached.isValidAt(now);
    if (now.isBefore(nextAttempt)) {
      if (valid) {
        return cached;
      }
      if (lastFailure != null) {
        throw lastFailure;
      }
    }
    try {
      AccessToken fresh = Objects.requireNonNull(source.fetch(), "the token source gave null");
      current = fresh;
      lastFailure = null;
      nextAttempt = Instant.MIN;
      LOG.debug("Fetched a new token; it expires at {}", fresh.expiresAt());
      return fresh;
    } catch (RuntimeException e) {
      lastFailure = e;
      nextAttempt = now.plus(pauseAfterFailure);
      if (valid) {
        LOG.warn(
            "Refreshing the token failed ({}); the current one stays in use until {}",
            e.getClass().getSimpleName(),
            cached.expiresAt());
        return cached;
      }
      throw e;
    }
  }

  private Instant refreshTime(AccessToken t) {
    Instant early = t.expiresAt().minus(refreshBefore);
    return t.refreshAt().filter(r -> r.isBefore(early)).orElse(early);
  }

  @Override
  public String toString() {
    return "RefreshingTokenProvider[" + source.getClass().getSimpleName() + "]";
  }
}
