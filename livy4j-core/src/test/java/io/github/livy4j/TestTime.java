package io.github.livy4j;

import io.github.livy4j.polling.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A manual clock and a sleeper that records each sleep and moves the clock instead. */
public final class TestTime extends Clock implements Sleeper {
  private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration d) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleeps.add(d);
    advance(d);
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public List<Long> sleepMillis() {
    return sleeps.stream().map(Duration::toMillis).toList();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
