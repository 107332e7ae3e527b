package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.RetryOptions;
import io.github.livy4j.internal.http.RetryPolicy.Attempts;
import io.github.livy4j.internal.http.RetryPolicy.Loss;
import io.github.livy4j.internal.http.RetryPolicy.Retry;
import io.github.livy4j.polling.Backoff;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The retry decisions alone: statuses, lost answers, idempotence, limits and capacity. */
class RetryPolicyTest {
  private static final RetryOptions RETRY =
      new RetryOptions(
          3,
          Backoff.exponential(Duration.ofMillis(200), 2.0, Duration.ofSeconds(5), 0.0),
          Duration.ofSeconds(30));
  private final RetryPolicy policy = new RetryPolicy(RETRY, () -> 0.5);

  private static Attempts after(int attempt) {
    return new Attempts(attempt, 0, Duration.ZERO);
  }

  @Test
  void serverErrorsAndRequestTimeouts_areRetriedOnTheBackoff_onlyWhenIdempotent() {
    for (int status : new int[] {500, 502, 503, 408}) {
      assertThat(policy.afterStatus(status, true, false, null, Attempts.FIRST))
          .contains(new Retry(Duration.ofMillis(200), after(2)));
      assertThat(policy.afterStatus(status, false, false, null, Attempts.FIRST)).isEmpty();
    }
    assertThat(policy.afterStatus(503, true, false, null, after(2)))
        .contains(new Retry(Duration.ofMillis(400), after(3)));
  }

  @Test
  void otherClientErrors_areNeverRetried() {
    for (int status : new int[] {400, 401, 403, 404, 409, 430}) {
      assertThat(policy.afterStatus(status, true, false, null, Attempts.FIRST))
          .as("" + status)
          .isEmpty();
    }
  }

  @Test
  void throttling_isRetriedForAnyRequest_waitingWhatTheServerAsks_withinTheLimit() {
    assertThat(policy.afterStatus(429, false, false, Duration.ofSeconds(12), Attempts.FIRST))
        .contains(new Retry(Duration.ofSeconds(12), after(2)));
    assertThat(policy.afterStatus(429, false, false, null, Attempts.FIRST))
        .contains(new Retry(Duration.ofMillis(200), after(2)));
    // a wait shorter than the backoff: the backoff
    assertThat(policy.afterStatus(429, true, false, Duration.ofMillis(50), Attempts.FIRST))
        .contains(new Retry(Duration.ofMillis(200), after(2)));
    assertThat(policy.afterStatus(429, false, false, Duration.ofSeconds(30), Attempts.FIRST))
        .contains(new Retry(Duration.ofSeconds(30), after(2)));
    assertThat(policy.afterStatus(429, false, false, Duration.ofSeconds(31), Attempts.FIRST))
        .isEmpty();
    // a backend's own throttling answer counts as a 429, whatever its status
    assertThat(policy.afterStatus(503, false, true, Duration.ofSeconds(25), Attempts.FIRST))
        .contains(new Retry(Duration.ofSeconds(25), after(2)));
  }

  @Test
  void theLastAttempt_isNotFollowedByAnother() {
    assertThat(policy.afterStatus(503, true, false, null, after(3))).isEmpty();
    assertThat(policy.afterStatus(429, true, false, null, after(3))).isEmpty();
    assertThat(policy.afterLoss(Loss.NOT_CONNECTED, true, after(3))).isEmpty();
    assertThat(
            new RetryPolicy(RetryOptions.none(), () -> 0.5)
                .afterStatus(503, true, false, null, Attempts.FIRST))
        .isEmpty();
  }

  @Test
  void anUnreadableAnswer_isAsGoodAsLost_readAgainWhenIdempotent_withinTheAttempts() {
    assertThat(policy.afterLoss(Loss.UNREADABLE, true, Attempts.FIRST))
        .contains(new Retry(Duration.ofMillis(200), after(2)));
    assertThat(policy.afterLoss(Loss.UNREADABLE, true, after(2)))
        .contains(new Retry(Duration.ofMillis(400), after(3)));
    assertThat(policy.afterLoss(Loss.UNREADABLE, true, after(3))).isEmpty();
    // the server may have acted on a create or a submit whose answer it sent: never again
    assertThat(policy.afterLoss(Loss.UNREADABLE, false, Attempts.FIRST)).isEmpty();
  }

  @Test
  void aLostAnswer_isRetriedWhenIdempotent_aRequestNeverSentAlways() {
    assertThat(policy.afterLoss(Loss.SENT, true, Attempts.FIRST))
        .contains(new Retry(Duration.ofMillis(200), after(2)));
    assertThat(policy.afterLoss(Loss.SENT, false, Attempts.FIRST)).isEmpty();
    assertThat(policy.afterLoss(Loss.NOT_CONNECTED, false, Attempts.FIRST))
        .contains(new Retry(Duration.ofMillis(200), after(2)));
  }

  @Test
  void noCapacity_isRetriedOnItsOwnSchedule_untilTheCapacityWaitIsSpent() {
    RetryPolicy waiting =
        new RetryPolicy(RETRY.withCapacityWait(Duration.ofSeconds(45)), () -> 0.5);
    Optional<Retry> first = waiting.afterNoCapacity(Attempts.FIRST);
    assertThat(first)
        .contains(new Retry(Duration.ofSeconds(30), new Attempts(1, 1, Duration.ofSeconds(30))));
    // the second pause is cut to what is left of the wait
    Optional<Retry> second = waiting.afterNoCapacity(first.get().next());
    assertThat(second)
        .contains(new Retry(Duration.ofSeconds(15), new Attempts(1, 2, Duration.ofSeconds(45))));
    assertThat(waiting.afterNoCapacity(second.get().next())).isEmpty();
    // the ordinary attempts are not used up by it
    assertThat(waiting.afterStatus(503, true, false, null, second.get().next()))
        .contains(new Retry(Duration.ofMillis(200), new Attempts(2, 2, Duration.ofSeconds(45))));
    assertThat(policy.afterNoCapacity(Attempts.FIRST)).as("no capacity wait").isEmpty();
    assertThat(
            new RetryPolicy(RETRY.withCapacityWait(Duration.ofMinutes(10)), () -> 0.5)
                .afterNoCapacity(new Attempts(1, 1, Duration.ofSeconds(30))))
        .contains(new Retry(Duration.ofSeconds(60), new Attempts(1, 2, Duration.ofSeconds(90))));
  }
}
