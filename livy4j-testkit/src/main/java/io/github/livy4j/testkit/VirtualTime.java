package io.github.livy4j.testkit;

import io.github.livy4j.polling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to, and a sleeper that moves it instead of waiting.
 *
 * <p>Give {@link #clock()} and {@link #sleeper()} to both the {@link FakeLivy} and the
 * {@code LivyClient} under test: every poll delay then passes instantly, and a session that
 * takes minutes to start, or an idle timeout of an hour, is tested in milliseconds. Thread-safe.
 *
 * <pre>{@code
 * VirtualTime time = VirtualTime.startingAt(Instant.parse("2026-01-01T00:00:00Z"));
 * FakeLivy fake = FakeLivy.builder().time(time).start();
 * LivyClient client = LivyClient.builder().backend(ApacheLivy.at(fake.uri()))
 *     .clock(time.clock()).sleeper(time.sleeper()).build();
 * }</pre>
 */
public final class VirtualTime {
  private final AtomicLong nanos;
  private final Clock clock;
  private final Sleeper sleeper;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  private VirtualTime(Instant start) {
    this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    this.clock = new VirtualClock(ZoneOffset.UTC);
    this.sleeper =
        new Sleeper() {
          @Override
          public void sleep(Duration duration) throws InterruptedException {
            if (Thread.interrupted()) {
              throw new InterruptedException("interrupted while sleeping in virtual time");
            }
            advance(duration);
          }

          @Override
          public void onTimePassed(Runnable task) {
            listeners.add(Objects.requireNonNull(task, "task"));
          }
        };
  }

  /**
   * Starts virtual time at an instant.
   *
   * @param start the first instant
   * @return the virtual time
   */
  public static VirtualTime startingAt(Instant start) {
    return new VirtualTime(Objects.requireNonNull(start, "start"));
  }

  /** @return virtual time starting at 2026-01-01T00:00:00Z */
  public static VirtualTime create() {
    return startingAt(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** @return the current virtual instant */
  public Instant now() {
    long n = nanos.get();
    return Instant.ofEpochSecond(
        Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
  }

  /**
   * Moves time forward, then lets every client on this time act on the new moment (a session
   * past its idle timeout is deleted, a keep-alive that fell due is sent) on this thread.
   *
   * @param duration how far, not negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time cannot move backwards: " + duration);
    }
    nanos.addAndGet(duration.toNanos());
    for (Runnable l : listeners) {
      l.run();
    }
  }

  /** @return a clock reading this virtual time */
  public Clock clock() {
    return clock;
  }

  /** @return a sleeper that advances this virtual time instead of waiting */
  public Sleeper sleeper() {
    return sleeper;
  }

  private final class VirtualClock extends Clock {
    private final ZoneId zone;

    VirtualClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
      return new VirtualClock(z);
    }

    @Override
    public Instant instant() {
      return now();
    }
  }
}
