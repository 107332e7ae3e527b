package io.github.livy4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.observe.ObserverScope;
import io.github.livy4j.observe.OperationObserver;
import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.testkit.FakeBatch;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.FakeResult;
import io.github.livy4j.testkit.VirtualTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The async guide's MDC snippet, run as the test it is. */
class CarryingMdcTest {

  // tag::mdc[]
  /** Puts the caller's MDC on livy4j's threads while they work on the caller's operations. */
  static final class CallersMdc implements LivyObserver {
    @Override
    public OperationObserver operationStarted(LivyOperation operation) {
      Map<String, String> callers = MDC.getCopyOfContextMap(); // on the caller's thread
      if (callers == null || callers.isEmpty()) {
        return OperationObserver.NONE;
      }
      return new OperationObserver() {
        @Override
        public ObserverScope resumed() { // on a livy4j thread
          Map<String, String> before = MDC.getCopyOfContextMap();
          MDC.setContextMap(callers);
          return () -> MDC.setContextMap(before == null ? Map.of() : before);
        }
      };
    }
  }

  // end::mdc[]

  @Test
  void theCallersMdc_reachesItsCallbacks_onLivy4jThreads_andLeavesThemClean() throws Exception {
    VirtualTime time = VirtualTime.create();
    try (FakeLivy fake =
        FakeLivy.builder().time(time).statementDuration(Duration.ofSeconds(5)).start()) {
      fake.script("1 + 1", FakeResult.text("res0: Int = 2"));
      fake.scriptBatch("com.example.Etl", FakeBatch.succeeds(Duration.ofSeconds(30)));
      try (LivyClient client =
          LivyClient.builder()
              .backend(ApacheLivy.at(fake.uri()))
              .clock(time.clock())
              .sleeper(time.sleeper())
              .observer(new CallersMdc())
              .build()) {
        MDC.put("request", "r-42");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (LivyAsyncSession session =
            client
                .async()
                .createSession(SessionSpec.defaults())
                .whenComplete((s, e) -> seen.add(where()))
                .get(30, TimeUnit.SECONDS)) {
          for (int i = 0; i < 5; i++) {
            session
                .execute(Code.scala("1 + 1"))
                .thenAccept(result -> seen.add(where()))
                .get(30, TimeUnit.SECONDS);
          }
          // the calls that run on the client's threads for blocking calls carry it too, as
          // does a batch's wait
          client
              .async()
              .listSessions("orders-")
              .thenAccept(list -> seen.add(where()))
              .get(30, TimeUnit.SECONDS);
          client
              .async()
              .submitBatch(
                  BatchSpec.builder("abfss://apps/etl.jar").className("com.example.Etl").build())
              .thenApply(
                  batch -> {
                    seen.add(where());
                    return batch;
                  })
              .thenCompose(BatchPoller::waitAsync)
              .thenAccept(info -> seen.add(where()))
              .get(30, TimeUnit.SECONDS);
        } finally {
          MDC.clear();
        }
        // a dependent action runs where the future completes: mostly on livy4j's threads (a
        // future already complete runs it on the caller's), and each sees the caller's MDC
        assertThat(seen).hasSize(9).allSatisfy(w -> assertThat(w).startsWith("r-42 on "));
        assertThat(seen).contains("r-42 on livy4j");
        // a client thread that finished the caller's work keeps nothing of it
        client
            .async()
            .listSessions()
            .thenAccept(list -> seen.add(String.valueOf(MDC.get("request"))))
            .get(30, TimeUnit.SECONDS);
        assertThat(seen).last().isEqualTo("null");
      }
    }
  }

  private static String where() {
    String thread = Thread.currentThread().getName();
    return MDC.get("request") + (thread.startsWith("livy4j-") ? " on livy4j" : " on " + thread);
  }
}
