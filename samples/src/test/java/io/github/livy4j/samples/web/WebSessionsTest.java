package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.samples.web.WebAppHarness.MovableClock;
import io.github.livy4j.samples.web.WebSessions.Visit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The browser sessions on their own: the cap on sign-ins under way, idling, ending for a reason. */
class WebSessionsTest {
  private static final byte[] SECRET =
      WebAppHarness.SESSION_SECRET.getBytes(StandardCharsets.UTF_8);

  private final MovableClock clock = new MovableClock();

  private static User user(String name, Role role) {
    return new User(name + ".tenant", name, name + "@contoso.test", Set.of(role), List.of(), false);
  }

  @Test
  void aFloodOfCookielessSignIns_staysAtTheCap_pushingOutTheOldestFirst_neverASignedInUser() {
    WebSessions sessions = new WebSessions(SECRET, clock, 10_000);
    Visit ed = sessions.signIn(null, user("ed", Role.EDITOR));
    List<String> cookies = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      // what each cookieless GET /sign-in does: a new session holding the pending sign-in
      cookies.add(sessions.cookie(sessions.start()));
      if (i == 10_000) {
        assertThat(sessions.find(cookies.get(0), false)).as("the oldest went").isEmpty();
        assertThat(sessions.find(cookies.get(1), false)).as("and only it").isPresent();
      }
    }
    assertThat(sessions.anonymousCount()).isEqualTo(10_000);
    assertThat(sessions.find(cookies.get(14_999), false)).isEmpty();
    assertThat(sessions.find(cookies.get(15_000), false)).isPresent();
    assertThat(sessions.find(cookies.get(24_999), false)).isPresent();
    assertThat(sessions.find(sessions.cookie(ed), true))
        .hasValueSatisfying(v -> assertThat(v.user.key()).isEqualTo("ed.tenant"));
    assertThat(sessions.sweep()).containsExactly("ed.tenant");
  }

  @Test
  void expiredSignInsUnderWay_goWhenTheNextStarts_withoutASweep() {
    WebSessions sessions = new WebSessions(SECRET, clock, 100);
    for (int i = 0; i < 50; i++) {
      sessions.start();
    }
    clock.advance(WebSessions.ANONYMOUS_LIFETIME.plusSeconds(1));
    String fresh = sessions.cookie(sessions.start());
    assertThat(sessions.anonymousCount()).isEqualTo(1);
    assertThat(sessions.find(fresh, false)).isPresent();
  }

  @Test
  void onlyWhatTheUserDoes_keepsASessionFromIdlingOut() {
    WebSessions sessions = new WebSessions(SECRET, clock, 100);
    String background = sessions.cookie(sessions.signIn(null, user("ed", Role.EDITOR)));
    String used = sessions.cookie(sessions.signIn(null, user("vi", Role.VIEWER)));
    clock.advance(Duration.ofMinutes(50));
    assertThat(sessions.find(background, false)).isPresent();
    assertThat(sessions.find(used, true)).isPresent();
    clock.advance(Duration.ofMinutes(15));
    assertThat(sessions.find(background, false)).as("65 min since the user did anything").isEmpty();
    assertThat(sessions.find(used, false)).as("15 min since the user did something").isPresent();
  }

  @Test
  void endingAUsersSessionsForAReason_keepsTheReasonForEachBrowsersNextPage() {
    WebSessions sessions = new WebSessions(SECRET, clock, 100);
    String ed1 = sessions.cookie(sessions.signIn(null, user("ed", Role.EDITOR)));
    String ed2 = sessions.cookie(sessions.signIn(null, user("ed", Role.EDITOR)));
    String vi = sessions.cookie(sessions.signIn(null, user("vi", Role.VIEWER)));
    sessions.update(user("vi", Role.EDITOR), clock.instant());
    assertThat(sessions.endAll("ed.tenant", "no role left")).isEqualTo(2);
    for (String ed : List.of(ed1, ed2)) {
      assertThat(sessions.find(ed, true))
          .hasValueSatisfying(
              v -> {
                assertThat(v.user).isNull();
                assertThat(v.endedWhy).isEqualTo("no role left");
              });
    }
    assertThat(sessions.find(vi, true))
        .hasValueSatisfying(v -> assertThat(v.user.roles()).containsExactly(Role.EDITOR));
    assertThat(sessions.sweep()).containsExactly("vi.tenant");
    clock.advance(WebSessions.ANONYMOUS_LIFETIME.plusSeconds(1));
    sessions.sweep();
    assertThat(sessions.find(ed1, false)).isEmpty();
    assertThat(sessions.anonymousCount()).isZero();
    assertThat(sessions.endAll("vi.tenant")).isEqualTo(1);
    assertThat(sessions.find(vi, false)).isEmpty();
  }
}
