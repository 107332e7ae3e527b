package io.github.livy4j.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.Code;
import io.github.livy4j.SessionId;
import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What observers are handed, as they are shown and read. */
class ObservedTypesTest {

  @Test
  void anHttpResult_tellsWhatHappened_andWhatComesNext() {
    IllegalStateException failure = new IllegalStateException("x");
    HttpResult throttled =
        new HttpResult(429, Duration.ofMillis(12), failure, true, Duration.ofSeconds(3));
    assertThat(throttled.status()).hasValue(429);
    assertThat(throttled.duration()).isEqualTo(Duration.ofMillis(12));
    assertThat(throttled.failure()).containsSame(failure);
    assertThat(throttled.retried()).isTrue();
    assertThat(throttled.retryDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(throttled.throttled()).isTrue();
    assertThat(throttled.capacityRejected()).isFalse();
    assertThat(throttled.tokenRejected()).isFalse();
    assertThat(throttled)
        .hasToString("HttpResult[429, 12 ms, IllegalStateException, retried in 3000 ms]");

    HttpResult noAnswer = new HttpResult(0, Duration.ofMillis(5), null, false, Duration.ZERO);
    assertThat(noAnswer.status()).isEmpty();
    assertThat(noAnswer.failure()).isEmpty();
    assertThat(noAnswer).hasToString("HttpResult[no answer, 5 ms]");
    // the backend's reading of the answer says so, not the status alone
    assertThat(new HttpResult(430, Duration.ZERO, null, false, Duration.ZERO).capacityRejected())
        .isFalse();
    io.github.livy4j.CapacityExceededException full =
        new io.github.livy4j.CapacityExceededException(
            "no capacity",
            new io.github.livy4j.ServiceError(430, "POST", "sessions", null, null, ""));
    assertThat(
            new HttpResult(430, Duration.ZERO, full, true, Duration.ofSeconds(1))
                .capacityRejected())
        .isTrue();
    assertThat(new HttpResult(401, Duration.ZERO, null, false, Duration.ZERO).tokenRejected())
        .isTrue();
    assertThatThrownBy(() -> new HttpResult(200, null, null, false, Duration.ZERO))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void anHttpExchange_namesItsAttempt() {
    HttpExchange first =
        new HttpExchange(
            "GET", URI.create("http://h/sessions/1"), "/sessions/{sessionId}", 1, true, false);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.url()).isEqualTo(URI.create("http://h/sessions/1"));
    assertThat(first.urlTemplate()).isEqualTo("/sessions/{sessionId}");
    assertThat(first.attempt()).isEqualTo(1);
    assertThat(first.idempotent()).isTrue();
    assertThat(first).hasToString("GET /sessions/{sessionId}");
    assertThat(
            new HttpExchange("POST", URI.create("http://h/sessions"), "/sessions", 2, false, false))
        .hasToString("POST /sessions (attempt 2)");
  }

  @Test
  void aLivyOperation_showsWhatItIs_butNeverItsCode() {
    LivyOperation run =
        new LivyOperation(
            LivyOperation.STATEMENT_RUN, "apache", SessionId.of(4), "sql", "SELECT 1", false);
    assertThat(run.name()).isEqualTo("statement.run");
    assertThat(run.backend()).isEqualTo("apache");
    assertThat(run.session()).contains(SessionId.of(4));
    assertThat(run.codeKind()).contains("sql");
    assertThat(run.code()).contains("SELECT 1");
    assertThat(run.background()).isFalse();
    assertThat(run.toString())
        .isEqualTo("LivyOperation[statement.run, apache, session " + SessionId.of(4) + ", sql]")
        .doesNotContain("SELECT");
    LivyOperation keepAlive =
        new LivyOperation(LivyOperation.SESSION_KEEPALIVE, "fabric", null, null, null, true);
    assertThat(keepAlive.session()).isEmpty();
    assertThat(keepAlive.codeKind()).isEmpty();
    assertThat(keepAlive.code()).isEmpty();
    assertThat(keepAlive).hasToString("LivyOperation[session.keepalive, fabric, background]");
  }

  @Test
  void theClientsObservers_seeCodeTextOnlyWhenAllowed_andNeverStopTheClient() {
    List<LivyOperation> started = new CopyOnWriteArrayList<>();
    LivyObserver recording =
        new LivyObserver() {
          @Override
          public OperationObserver operationStarted(LivyOperation operation) {
            started.add(operation);
            return OperationObserver.NONE;
          }
        };
    LivyObserver broken =
        new LivyObserver() {
          @Override
          public OperationObserver operationStarted(LivyOperation operation) {
            throw new IllegalStateException("observer bug");
          }
        };
    Code code = Code.sql("SELECT 2");
    ObservedOperation hidden =
        new Observers(List.of(broken, recording), "apache", false)
            .start(LivyOperation.STATEMENT_RUN, SessionId.of(1), code);
    ObservedOperation shown =
        new Observers(List.of(recording), "apache", true)
            .start(LivyOperation.STATEMENT_RUN, SessionId.of(1), code);
    assertThat(started)
        .extracting(LivyOperation::code)
        .containsExactly(java.util.Optional.empty(), java.util.Optional.of("SELECT 2"));
    assertThat(started)
        .extracting(LivyOperation::codeKind)
        .containsOnly(java.util.Optional.of("sql"));
    // an observer that watches nothing leaves the operation inactive
    assertThat(hidden.active()).isFalse();
    assertThat(shown.info().name()).isEqualTo("statement.run");
    assertThat(Observers.NONE.active()).isFalse();
    assertThat(Observers.NONE.start(LivyOperation.OTHER, null, null).active()).isFalse();
  }

  @Test
  void theObservedTypes_haveNoPublicConstructor_soTheyCanGrow() {
    for (Class<?> type : List.of(HttpExchange.class, HttpResult.class, LivyOperation.class)) {
      assertThat(type.getConstructors()).as(type.getSimpleName()).isEmpty();
    }
    HttpExchange made =
        io.github.livy4j.internal.observe.ObservedTypes.get()
            .exchange("GET", URI.create("http://h/batches/7"), "/batches/{batchId}", 1, true, true);
    assertThat(made.poll()).isTrue();
    assertThat(made).hasToString("GET /batches/{batchId} (poll)");
  }
}
