package io.github.livy4j.benchmarks;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.RecordedRequest;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Detection lag and requests per statement, for livy4j's statement polling (measured through
 * the real client against the fake server on virtual time, where statements report their
 * progress as Livy does) and for the schedules of other Livy clients (computed from their
 * published poll intervals), over statement durations spread log-uniformly from 50 ms to 30
 * minutes.
 */
public final class Schedules {
  /** The shortest statement measured. */
  public static final Duration SHORTEST = Duration.ofMillis(50);

  /** The longest statement measured. */
  public static final Duration LONGEST = Duration.ofMinutes(30);

  /** One schedule's result at one duration. */
  public record Point(double durationS, double requests, double lagS) {}

  /** A schedule's results, by duration. */
  public record Result(String name, List<Point> points) {
    /** @return the mean requests over all durations */
    public double meanRequests() {
      return points.stream().mapToDouble(Point::requests).average().orElse(0);
    }

    /** @return the mean lag over all durations */
    public double meanLag() {
      return points.stream().mapToDouble(Point::lagS).average().orElse(0);
    }
  }

  private Schedules() {}

  /** The durations: {@code n} spread log-uniformly from {@link #SHORTEST} to {@link #LONGEST}. */
  static double[] durations(int n) {
    double lo = Math.log(SHORTEST.toMillis() / 1000.0);
    double hi = Math.log(LONGEST.toMillis() / 1000.0);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.exp(lo + (hi - lo) * (i + 0.5) / n);
    }
    return d;
  }

  /** The peers, by name: the delay before poll k (from 1), in seconds. */
  static Map<String, IntToDoubleFunction> peers() {
    Map<String, IntToDoubleFunction> peers = new LinkedHashMap<>();
    peers.put("fixed 1 s (Zeppelin)", k -> 1.0);
    peers.put(
        "0.1/0.2/0.3/0.5 s then 1 s (pylivy)",
        k -> k <= 4 ? new double[] {0.1, 0.2, 0.3, 0.5}[k - 1] : 1.0);
    peers.put(
        "doubling 100 ms to 5 s (Livy Java client)",
        k -> Math.min(5.0, 0.1 * Math.pow(2, Math.min(k - 1, 16))));
    peers.put(
        "0.2/0.5/1/3/5 s (sparkmagic)",
        k -> k <= 5 ? new double[] {0.2, 0.5, 1, 3, 5}[k - 1] : 5.0);
    peers.put("fixed 0.5 s (dbt-fabricspark)", k -> 0.5);
    return peers;
  }

  /** A peer's requests and lag for a statement of {@code d} seconds. */
  static Point peer(IntToDoubleFunction delay, double d) {
    double t = 0;
    int k = 0;
    while (true) {
      k++;
      t += delay.applyAsDouble(k);
      if (t >= d) {
        return new Point(d, k, t - d);
      }
    }
  }

  /** Every peer over the durations. */
  public static List<Result> peers(double[] durations) {
    List<Result> out = new ArrayList<>();
    peers()
        .forEach(
            (name, delay) -> {
              List<Point> points = new ArrayList<>();
              for (double d : durations) {
                points.add(peer(delay, d));
              }
              out.add(new Result(name, points));
            });
    return out;
  }

  /**
   * livy4j's default statement polling, through the client against the fake server on
   * virtual time: requests are the GETs the statement's wait made (its own polls and its share
   * of the session's), lag the virtual time from the statement's end to the client seeing it.
   *
   * @param durations the statement durations in seconds
   * @param options the polling options
   * @param name the name to report
   * @return the result
   */
  public static Result livy4j(double[] durations, PollingOptions options, String name) {
    VirtualTime time = VirtualTime.create();
    List<Point> points = new ArrayList<>();
    try (FakeLivy fake = FakeLivy.builder().time(time).sessionStartup(Duration.ZERO).start();
        LivyClient client =
            LivyClient.builder()
                .backend(ApacheLivy.at(fake.uri()))
                .clock(time.clock())
                .sleeper(time.sleeper())
                .polling(options)
                .deleteSessionsOnShutdown(false)
                .build();
        LivySession s = client.createSession(SessionSpec.defaults())) {
      for (int i = 0; i < durations.length; i++) {
        Duration d = Duration.ofNanos((long) (durations[i] * 1e9));
        String code = "run(" + i + ")";
        fake.script(code, FakeResult.text("ok").taking(d));
        int before = fake.requests().size();
        Instant submitted = time.clock().instant();
        s.execute(Code.scala(code), Duration.ofHours(1));
        Instant seen = time.clock().instant();
        List<RecordedRequest> made = fake.requests().subList(before, fake.requests().size());
        long polls = made.stream().filter(r -> r.method().equals("GET")).count();
        double lag = Duration.between(submitted.plus(d), seen).toNanos() / 1e9;
        points.add(new Point(durations[i], polls, Math.max(0, lag)));
      }
    }
    return new Result(name, points);
  }

  /**
   * Whether a schedule is beaten on both axes by another somewhere: compares mean requests
   * and mean lag in each of {@code bins} log-uniform bands of durations.
   *
   * @param ours the schedule
   * @param other a peer
   * @param bins how many bands
   * @return the bands (as "from-to s") where {@code other} has fewer requests and less lag
   */
  public static List<String> beatenBy(Result ours, Result other, int bins) {
    List<String> out = new ArrayList<>();
    int n = ours.points().size();
    for (int b = 0; b < bins; b++) {
      int from = b * n / bins;
      int to = (b + 1) * n / bins;
      double or = 0;
      double ol = 0;
      double pr = 0;
      double pl = 0;
      for (int i = from; i < to; i++) {
        or += ours.points().get(i).requests();
        ol += ours.points().get(i).lagS();
        pr += other.points().get(i).requests();
        pl += other.points().get(i).lagS();
      }
      if (pr < or && pl < ol) {
        out.add(
            String.format(
                java.util.Locale.ROOT,
                "%.2f-%.2f s",
                ours.points().get(from).durationS(),
                ours.points().get(to - 1).durationS()));
      }
    }
    return out;
  }
}
