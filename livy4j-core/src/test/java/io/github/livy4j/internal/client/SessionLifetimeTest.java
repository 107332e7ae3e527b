package io.github.livy4j.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.TestTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lifetime's decisions, on a clock the test moves. */
class SessionLifetimeTest {
  private final TestTime time = new TestTime();
  private final SessionId id = SessionId.of("7");

  private SessionLifetime lifetime(SessionSpec spec) {
    return new SessionLifetime(time, spec, time.instant());
  }

  @Test
  void theTimeToLive_passesAtItsEnd_notBefore() {
    SessionLifetime l = lifetime(SessionSpec.builder().ttl(Duration.ofMinutes(10)).build());
    assertThat(l.hasLifetime()).isTrue();
    assertThat(l.ttlPassed(time.instant().plus(Duration.ofMinutes(10)).minusMillis(1))).isFalse();
    assertThat(l.ttlPassed(time.instant().plus(Duration.ofMinutes(10)))).isTrue();
    assertThat(l.untilExpiry()).isEqualTo(Duration.ofMinutes(10).plusMillis(1100));
  }

  @Test
  void idleTime_countsFromReady_andAStatementRunningIsNotIdle() {
    SessionLifetime l = lifetime(SessionSpec.builder().idleTimeout(Duration.ofMinutes(5)).build());
    Instant later = time.instant().plus(Duration.ofMinutes(6));
    assertThat(l.idlePassed(later)).as("a session starting is not idle").isFalse();
    assertThat(l.becameReady()).isTrue();
    assertThat(l.becameReady()).as("once").isFalse();
    l.statementStarted();
    assertThat(l.idlePassed(later)).as("a statement runs").isFalse();
    time.advance(Duration.ofMinutes(1));
    l.statementEnded();
    assertThat(l.idlePassed(time.instant().plus(Duration.ofMinutes(5)).minusMillis(1))).isFalse();
    assertThat(l.idlePassed(time.instant().plus(Duration.ofMinutes(5)))).isTrue();
  }

  @Test
  void aKeepAlive_isDueOnlyWhileInUse_onceAnInterval() {
    SessionLifetime l =
        lifetime(SessionSpec.builder().keepAliveInterval(Duration.ofMinutes(1)).build());
    Instant t = time.instant().plus(Duration.ofMinutes(2));
    assertThat(l.keepAliveDue(t, true)).as("idle, not held warm").isFalse();
    l.holdWarm(true);
    assertThat(l.keepAliveDue(t, false)).as("not ready").isFalse();
    assertThat(l.keepAliveDue(t, true)).isTrue();
    assertThat(l.keepAliveDue(t.plusSeconds(59), true)).as("within the interval").isFalse();
    assertThat(l.keepAliveDue(t.plusSeconds(60), true)).isTrue();
  }

  @Test
  void anExpiry_isToldToEveryLaterWait_withItsReasonAndLimit() {
    SessionLifetime l = lifetime(SessionSpec.builder().ttl(Duration.ofMinutes(10)).build());
    assertThat(l.expiry(id, null)).isNull();
    assertThat(l.ticks(time.instant())).isTrue();
    l.expire(id, SessionExpiredException.Reason.TTL);
    assertThat(l.ticks(time.instant())).isFalse();
    SessionExpiredException e = l.expiry(id, StatementId.of("3"));
    assertThat(e.reason()).isEqualTo(SessionExpiredException.Reason.TTL);
    assertThat(e.limit()).contains(Duration.ofMinutes(10));
    assertThat(l.gone(id)).as("an expiry came first").isFalse();
  }

  @Test
  void anAttachedSession_hasNoLifetimeOfTheClients() {
    SessionLifetime l = new SessionLifetime(time, null, null);
    assertThat(l.hasLifetime()).isFalse();
    assertThat(l.ticks(time.instant())).isFalse();
    assertThat(l.untilExpiry()).isNull();
    assertThat(l.gone(id)).isTrue();
    assertThat(l.expiry(id, null).reason()).isEqualTo(SessionExpiredException.Reason.GONE);
  }
}
