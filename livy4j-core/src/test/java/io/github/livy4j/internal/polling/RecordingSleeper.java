package io.github.livy4j.internal.polling;

import io.github.livy4j.polling.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sleeper that records its sleeps and the tasks registered to run as its time moves, and says
 * whether it waits real time as told; it never waits.
 */
final class RecordingSleeper implements Sleeper {
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final boolean realTime;

  RecordingSleeper(boolean realTime) {
    this.realTime = realTime;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    sleeps.add(duration);
  }

  @Override
  public void onTimePassed(Runnable task) {
    listeners.add(task);
  }

  @Override
  public boolean waitsRealTime() {
    return realTime;
  }

  /** Moves the time: runs each registered task on this thread. */
  void timePassed() {
    listeners.forEach(Runnable::run);
  }
}
