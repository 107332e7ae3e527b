package io.github.livy4j.samples.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How fast browsers without a session may start sign-ins: a token bucket for all of them
 * together and one per client address, each holding a minute's worth and refilled evenly. The
 * buckets of the addresses seen last are kept, a bounded number of them; an address forgotten
 * starts again with a full bucket.
 */
final class SignInRate {
  private static final int MAX_ADDRESSES = 10_000;

  private final Clock clock;
  private final int perMinutePerAddress;
  private final Bucket all;
  private final Map<String, Bucket> byAddress =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > MAX_ADDRESSES;
        }
      };

  /**
   * @param clock the clock
   * @param perMinute the most sign-ins per minute, all addresses together
   * @param perMinutePerAddress the most sign-ins per minute from one address
   */
  SignInRate(Clock clock, int perMinute, int perMinutePerAddress) {
    this.clock = clock;
    this.perMinutePerAddress = perMinutePerAddress;
    this.all = new Bucket(perMinute, clock.instant());
  }

  /**
   * Takes one sign-in from both buckets, or from neither.
   *
   * @param address the client's address
   * @return zero when admitted, else how long until the next one would be
   */
  synchronized Duration admit(String address) {
    Instant now = clock.instant();
    Bucket mine = byAddress.computeIfAbsent(address, a -> new Bucket(perMinutePerAddress, now));
    Duration wait = max(mine.wait(now), all.wait(now));
    if (wait.isZero()) {
      mine.take();
      all.take();
    }
    return wait;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Up to a minute's worth of sign-ins, refilled evenly over the minute. */
  private static final class Bucket {
    private final int perMinute;
    private double tokens;
    private Instant filled;

    Bucket(int perMinute, Instant now) {
      this.perMinute = perMinute;
      this.tokens = perMinute;
      this.filled = now;
    }

    /** @return zero when a token is there, else how long until one is */
    Duration wait(Instant now) {
      if (now.isAfter(filled)) {
        double minutes = Duration.between(filled, now).toNanos() / 60e9;
        tokens = Math.min(perMinute, tokens + minutes * perMinute);
        filled = now;
      }
      if (tokens >= 1) {
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) * 60e9 / perMinute));
    }

    void take() {
      tokens -= 1;
    }
  }
}
