package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.internal.observe.ObservedOperation;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.observe.LivyObserver;
import io.github.livy4j.observe.LivyOperation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallScopeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void none_hasNoDeadlineAndNoOperation() {
    assertThat(CallScope.NONE.end()).isEmpty();
    assertThat(CallScope.NONE.operation()).isNull();
    assertThat(CallScope.of(null)).isSameAs(CallScope.NONE);
  }

  @Test
  void narrowing_keepsTheEarlierDeadline() {
    CallScope ten = CallScope.until(T0.plusSeconds(10));
    assertThat(ten.within(T0.plusSeconds(20)).end()).contains(T0.plusSeconds(10));
    assertThat(ten.within(T0.plusSeconds(20))).isSameAs(ten);
    assertThat(ten.within(T0.plusSeconds(5)).end()).contains(T0.plusSeconds(5));
    assertThat(ten.end()).contains(T0.plusSeconds(10));
    assertThatThrownBy(() -> ten.within(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("end");
  }

  @Test
  void anOperation_goesWithTheDeadline() {
    LivyObserver observer = new LivyObserver() {};
    ObservedOperation op =
        new Observers(List.of(observer), "livy", false)
            .start(LivyOperation.SESSION_GET, null, null);
    CallScope scope = CallScope.of(op).within(T0);
    assertThat(scope.operation()).isSameAs(op);
    assertThat(scope.end()).contains(T0);
    assertThat(scope.with(op)).isSameAs(scope);
    assertThat(scope.with(null).operation()).isNull();
    assertThat(scope.with(null).end()).contains(T0);
  }
}
