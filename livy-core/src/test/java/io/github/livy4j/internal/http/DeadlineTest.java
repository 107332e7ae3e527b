package io.github.livy4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aCallSeesItsDeadline_andNothingOutlivesIt() {
    assertThat(Deadline.current()).isEmpty();
    assertThat(Deadline.within(T0, Deadline::current)).contains(T0);
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void nestedDeadlines_keepTheEarlier_andTheOuterComesBack() {
    List<Optional<Instant>> seen = new ArrayList<>();
    Deadline.within(
        T0.plusSeconds(10),
        () -> {
          Deadline.within(
              T0.plusSeconds(20),
              () -> {
                seen.add(Deadline.current());
              });
          Deadline.within(
              T0.plusSeconds(5),
              () -> {
                seen.add(Deadline.current());
              });
          seen.add(Deadline.current());
        });
    assertThat(seen)
        .containsExactly(
            Optional.of(T0.plusSeconds(10)),
            Optional.of(T0.plusSeconds(5)),
            Optional.of(T0.plusSeconds(10)));
    assertThat(Deadline.current()).isEmpty();
  }

  @Test
  void aFailingCall_leavesNoDeadlineBehind() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                Deadline.within(
                    T0,
                    (Runnable)
                        () -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    assertThat(Deadline.current()).isEmpty();
  }
}
