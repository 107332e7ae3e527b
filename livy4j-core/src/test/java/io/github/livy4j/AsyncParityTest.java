package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.polling.Poller;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous API has every operation of the blocking one: for each method of {@link
 * LivyClient} and {@link LivySession} there is one of the same name and parameters on {@link
 * LivyAsyncClient} and {@link LivyAsyncSession}, returning a {@link CompletableFuture} (or, for
 * what sends nothing, the same type); and a {@link Poller} can be waited for without blocking.
 * A blocking operation added without its asynchronous twin fails this test.
 */
class AsyncParityTest {
  /** What sends nothing, so that both views return the same value at once. */
  private static final Set<String> LOCAL = Set.of("id", "info", "detach");

  /** Where the asynchronous name differs from the blocking one. */
  private static final Map<String, String> RENAMED = Map.of("close", "closeAsync");

  /** What only one side has: the way between the views, and the builder. */
  private static final Set<String> VIEWS = Set.of("async", "sync", "builder");

  @Test
  void theAsynchronousClient_hasEveryOperationOfTheBlockingOne() {
    assertThat(gaps(LivyClient.class, LivyAsyncClient.class)).isEmpty();
  }

  @Test
  void theAsynchronousSession_hasEveryOperationOfTheBlockingOne() {
    assertThat(gaps(LivySession.class, LivyAsyncSession.class)).isEmpty();
  }

  @Test
  void everyBlockingWaitOfAPoller_hasOneThatDoesNotBlock() throws Exception {
    for (Method wait : Poller.class.getMethods()) {
      if (wait.getName().equals("waitForCompletion")) {
        Method async = Poller.class.getMethod("waitAsync", wait.getParameterTypes());
        assertThat(async.getReturnType()).isEqualTo(CompletableFuture.class);
      }
    }
  }

  @Test
  void everyRequestOfABatchsPoller_hasOneThatDoesNotBlock() throws Exception {
    for (Method m : io.github.livy4j.polling.BatchPoller.class.getDeclaredMethods()) {
      if (m.getName().equals("log") || m.getName().equals("delete")) {
        Method async =
            io.github.livy4j.polling.BatchPoller.class.getMethod(
                m.getName() + "Async", m.getParameterTypes());
        assertThat(async.getReturnType()).isEqualTo(CompletableFuture.class);
      }
    }
  }

  @Test
  void theViewsLeadToEachOther() throws Exception {
    assertThat(LivyClient.class.getMethod("async").getReturnType())
        .isEqualTo(LivyAsyncClient.class);
    assertThat(LivyAsyncClient.class.getMethod("sync").getReturnType()).isEqualTo(LivyClient.class);
    assertThat(LivySession.class.getMethod("async").getReturnType())
        .isEqualTo(LivyAsyncSession.class);
    assertThat(LivyAsyncSession.class.getMethod("sync").getReturnType())
        .isEqualTo(LivySession.class);
  }

  @Test
  void theCheck_findsAGap() {
    // a blocking interface with one more operation than its asynchronous twin
    interface Blocking {
      String name();

      int count(String of);
    }
    interface Async {
      CompletableFuture<String> name();
    }
    assertThat(gaps(Blocking.class, Async.class)).containsExactly("count(String)");
  }

  /** The blocking operations the asynchronous interface lacks, as "name(Types)". */
  private static List<String> gaps(Class<?> blocking, Class<?> async) {
    List<String> missing = new ArrayList<>();
    for (Method m : blocking.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())
          || m.getDeclaringClass() == Object.class
          || VIEWS.contains(m.getName())) {
        continue;
      }
      String name = RENAMED.getOrDefault(m.getName(), m.getName());
      Method twin;
      try {
        twin = async.getMethod(name, m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        missing.add(signature(m));
        continue;
      }
      Class<?> expected = LOCAL.contains(m.getName()) ? m.getReturnType() : CompletableFuture.class;
      if (!twin.getReturnType().equals(expected)) {
        missing.add(signature(m) + " returns " + twin.getReturnType().getSimpleName());
      }
    }
    return missing;
  }

  private static String signature(Method m) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
