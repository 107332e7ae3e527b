package io.github.livy4j.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a scripted batch ends: {@code success} or {@code dead}, after a running time, with log
 * lines.
 *
 * <pre>{@code
 * fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofMinutes(3)).log("wrote 42 rows"));
 * fake.scriptBatch("no.such.Clazz", FakeBatch.fails(Duration.ZERO, "Error: Failed to load class no.such.Clazz."));
 * }</pre>
 */
public final class FakeBatch {
  final boolean succeeds;
  final Duration runningTime;
  final List<String> log;

  private FakeBatch(boolean succeeds, Duration runningTime, List<String> log) {
    this.succeeds = succeeds;
    this.runningTime = Objects.requireNonNull(runningTime, "runningTime");
    if (runningTime.isNegative()) {
      throw new IllegalArgumentException("running time must not be negative");
    }
    this.log = List.copyOf(log);
  }

  /**
   * A batch that ends {@code success}.
   *
   * @param runningTime how long it runs
   * @return the outcome
   */
  public static FakeBatch succeeds(Duration runningTime) {
    return new FakeBatch(true, runningTime, List.of());
  }

  /**
   * A batch that ends {@code dead}, with the reason in its log.
   *
   * @param runningTime how long it runs first
   * @param reason the log line that says why
   * @return the outcome
   */
  public static FakeBatch fails(Duration runningTime, String reason) {
    return new FakeBatch(false, runningTime, List.of(Objects.requireNonNull(reason, "reason")));
  }

  /**
   * The same outcome with more log lines, written when the batch ends.
   *
   * @param lines the lines
   * @return the outcome
   */
  public FakeBatch log(String... lines) {
    List<String> all = new java.util.ArrayList<>(log);
    all.addAll(List.of(lines));
    return new FakeBatch(succeeds, runningTime, all);
  }
}
