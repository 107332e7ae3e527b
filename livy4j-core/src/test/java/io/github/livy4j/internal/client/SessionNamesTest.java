package io.github.livy4j.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.livy4j.TestTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The names livy4j gives, and the age it reads back from them. */
class SessionNamesTest {
  private final TestTime time = new TestTime();

  @Test
  void aGeneratedName_isUnique_andSaysWhenItWasMade() {
    String a = SessionNames.of(Optional.empty(), "etl-", time);
    String b = SessionNames.of(Optional.empty(), "etl-", time);
    assertThat(a).startsWith("etl-").isNotEqualTo(b);
    assertThat(SessionNames.createdAt(a.substring("etl-".length()))).contains(time.instant());
  }

  @Test
  void aGivenName_isKept_andANameLivy4jDidNotMake_hasNoAge() {
    assertThat(SessionNames.of(Optional.of("mine"), "etl-", time)).isEqualTo("mine");
    assertThat(SessionNames.createdAt("mine")).isEmpty();
    assertThat(SessionNames.createdAt("abc-def")).as("too short a time").isEmpty();
    assertThat(SessionNames.createdAt("zzzzzzz-UPPER")).isEmpty();
  }

  @Test
  void anEmptyPrefix_isRefused_sayingWhy() {
    assertThatThrownBy(() -> SessionNames.prefix(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chooses whose sessions");
  }
}
