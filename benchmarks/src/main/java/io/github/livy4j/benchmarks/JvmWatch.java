package io.github.livy4j.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches this JVM while a load runs: its live threads, sampled every few milliseconds and
 * grouped by name (digits stand for {@code #}), each group with the peak it reached and how many
 * of its threads were seen; the JVM's own peak of live threads and count of threads started
 * (which see what the samples miss); and the heap used after each collection, from the
 * collector's notifications. The threads of the load's own thread group (and the threads they
 * start, which inherit it) are the load test's, their groups named {@code web-load: ...}.
 */
final class JvmWatch implements AutoCloseable {
  /** The names of the JVM's own threads. */
  private static final Set<String> JVM =
      Set.of(
          "Reference Handler",
          "Finalizer",
          "Signal Dispatcher",
          "Common-Cleaner",
          "Notification Thread",
          "Attach Listener",
          "process reaper");

  private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
  private final ThreadGroup load;
  private final Map<String, Integer> peaks = new HashMap<>();
  private final Map<String, Set<Long>> seen = new HashMap<>();
  private final long startedBefore;
  private final AtomicLong heapAfterGc = new AtomicLong();
  private final AtomicLong collections = new AtomicLong();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = (n, h) -> collected(n.getUserData());
  private final Set<String> heapPools =
      ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP)
          .map(MemoryPoolMXBean::getName)
          .collect(Collectors.toSet());
  private final Thread sampler;
  private volatile boolean running = true;

  /**
   * Starts watching.
   *
   * @param load the load test's thread group
   */
  JvmWatch(ThreadGroup load) {
    this.load = load;
    mx.resetPeakThreadCount();
    startedBefore = mx.getTotalStartedThreadCount();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter e) {
        e.addNotificationListener(listener, null, null);
        emitters.add(e);
      }
    }
    sampler =
        new Thread(
            load,
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "web-load-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void collected(Object data) {
    if (!(data instanceof CompositeData c)) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(c);
    long used =
        info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
            .filter(e -> heapPools.contains(e.getKey()))
            .mapToLong(e -> e.getValue().getUsed())
            .sum();
    collections.incrementAndGet();
    heapAfterGc.accumulateAndGet(used, Math::max);
  }

  private void sample() {
    Map<String, Integer> now = new TreeMap<>();
    synchronized (peaks) {
      for (Thread t : live()) {
        String g = group(t);
        now.merge(g, 1, Integer::sum);
        seen.computeIfAbsent(g, k -> new HashSet<>()).add(t.getId());
      }
      now.forEach((g, n) -> peaks.merge(g, n, Math::max));
      totals(now).forEach((k, v) -> peaks.merge(k, v, Math::max));
    }
  }

  private static List<Thread> live() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() * 2 + 16];
    int n = root.enumerate(all, true);
    List<Thread> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (all[i].isAlive()) {
        out.add(all[i]);
      }
    }
    return out;
  }

  /** @return the live threads now, by group */
  Map<String, Integer> threadsByGroup() {
    Map<String, Integer> out = new TreeMap<>();
    live().forEach(t -> out.merge(group(t), 1, Integer::sum));
    return out;
  }

  /** @return the thread's group: its name with digits as {@code #}, the load's own marked */
  private String group(Thread t) {
    String name = t.getName();
    int at = name.indexOf('@'); // Jetty's acceptors: "...-acceptor-0@5f2b8c-ServerConnector@..."
    String g = (at > 0 ? name.substring(0, at) : name).replaceAll("(?<![A-Za-z])\\d+", "#");
    ThreadGroup tg = t.getThreadGroup();
    boolean ours = tg != null && load.parentOf(tg);
    return ours && !g.startsWith("web-load-") ? "web-load: " + g : g;
  }

  /** @return who a group of threads belongs to: the app, the fakes, the load test or the JVM */
  static String owner(String group) {
    if (group.startsWith("web-load") || group.equals("main")) {
      return "load test";
    }
    if (group.startsWith("fake-livy-") || group.startsWith("HTTP-Dispatcher")) {
      return "fake servers";
    }
    return JVM.contains(group) ? "JVM" : "app";
  }

  /**
   * @param groups live threads by group
   * @return the totals: all threads under the key "", and each owner's under "=" and its name
   */
  static Map<String, Integer> totals(Map<String, Integer> groups) {
    Map<String, Integer> out = new TreeMap<>();
    groups.forEach(
        (g, n) -> {
          if (!g.isEmpty() && !g.startsWith("=")) {
            out.merge("", n, Integer::sum);
            out.merge("=" + owner(g), n, Integer::sum);
          }
        });
    return out;
  }

  /**
   * @return each group's peak since the watch started, with the peaks of the totals (see {@link
   *     #totals})
   */
  Map<String, Integer> peaks() {
    synchronized (peaks) {
      return new TreeMap<>(peaks);
    }
  }

  /** @return how many threads of each group the samples saw since the watch started */
  Map<String, Integer> seen() {
    synchronized (peaks) {
      Map<String, Integer> out = new TreeMap<>();
      seen.forEach((g, ids) -> out.put(g, ids.size()));
      totals(out).forEach(out::put);
      return out;
    }
  }

  /** @return the JVM's own peak of live threads since the watch started */
  int jvmPeakThreads() {
    return mx.getPeakThreadCount();
  }

  /** @return how many threads the JVM started since the watch started */
  long jvmStartedThreads() {
    return mx.getTotalStartedThreadCount() - startedBefore;
  }

  /** @return the largest heap used after a collection since the watch started, in bytes */
  long peakHeapAfterGc() {
    return heapAfterGc.get();
  }

  /** @return how many collections ran since the watch started */
  long collections() {
    return collections.get();
  }

  /**
   * Collects garbage and measures what is left.
   *
   * @return the heap used after a full collection, in bytes
   */
  static long heapAfterFullGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    sampler.join(5_000);
    for (NotificationEmitter e : emitters) {
      try {
        e.removeNotificationListener(listener);
      } catch (javax.management.ListenerNotFoundException ignored) {
        // already gone
      }
    }
  }
}
