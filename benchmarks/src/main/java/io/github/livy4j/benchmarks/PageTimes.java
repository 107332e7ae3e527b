package io.github.livy4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The time of every request of a load test, by kind of page; thread-safe. */
final class PageTimes {
  /** One kind's figures, in milliseconds. */
  record Summary(String kind, int count, double p50, double p95, double p99, double max) {}

  private final Map<String, List<Long>> byKind = new ConcurrentHashMap<>();
  private final List<String> order;

  /** @param order the kinds, in the order they are reported */
  PageTimes(List<String> order) {
    this.order = List.copyOf(order);
    order.forEach(k -> byKind.put(k, new ArrayList<>()));
  }

  /**
   * Records one request.
   *
   * @param kind its kind, one of those given to the constructor
   * @param nanos how long it took
   */
  void record(String kind, long nanos) {
    List<Long> times = byKind.get(kind);
    if (times == null) {
      throw new IllegalArgumentException("unknown kind of page: " + kind);
    }
    synchronized (times) {
      times.add(nanos);
    }
  }

  /** @return each kind's figures, in the constructor's order, kinds without requests left out */
  List<Summary> summaries() {
    List<Summary> out = new ArrayList<>();
    for (String kind : order) {
      long[] t;
      List<Long> times = byKind.get(kind);
      synchronized (times) {
        t = times.stream().mapToLong(Long::longValue).toArray();
      }
      if (t.length == 0) {
        continue;
      }
      Arrays.sort(t);
      out.add(
          new Summary(
              kind,
              t.length,
              ms(rank(t, 50)),
              ms(rank(t, 95)),
              ms(rank(t, 99)),
              ms(t[t.length - 1])));
    }
    return out;
  }

  /** The nearest-rank percentile of sorted values. */
  static long rank(long[] sorted, int percent) {
    int i = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
