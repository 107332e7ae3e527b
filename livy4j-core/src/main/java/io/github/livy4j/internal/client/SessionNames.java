package io.github.livy4j.internal.client;

import io.github.livy4j.SessionSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The names livy4j gives what it creates: {@code <prefix><creation time in base-36
 * millis>-<random>}, unique, so that a create whose answer was lost can be found by its name,
 * and saying its age, so that orphans can be told from sessions still in use.
 */
final class SessionNames {
  private SessionNames() {}

  /**
   * The name of a new session or batch.
   *
   * @param name the name the spec sets, if any
   * @param prefix the spec's name prefix
   * @param clock the clock
   * @return the name
   */
  static String of(Optional<String> name, String prefix, Clock clock) {
    return name.orElseGet(() -> prefix + uniqueSuffix(clock));
  }

  /**
   * The name a new session of {@code spec} gets.
   *
   * @param spec the spec
   * @param clock the clock
   * @return the name
   */
  static String of(SessionSpec spec, Clock clock) {
    return of(spec.name(), spec.namePrefix(), clock);
  }

  private static String uniqueSuffix(Clock clock) {
    return Long.toString(clock.millis(), 36)
        + "-"
        + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
            .substring(0, 6);
  }

  /**
   * When livy4j made a name from its suffix, if it did.
   *
   * @param suffix the name without its prefix
   * @return the moment, or empty if the suffix is not one livy4j makes
   */
  static Optional<Instant> createdAt(String suffix) {
    int dash = suffix.indexOf('-');
    if (dash < 6 || dash > 12 || !suffix.substring(dash + 1).matches("[0-9a-z]{1,6}")) {
      return Optional.empty();
    }
    try {
      long millis = Long.parseLong(suffix.substring(0, dash), 36);
      return Optional.of(Instant.ofEpochMilli(millis));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks a name prefix that chooses whose sessions these are.
   *
   * @param namePrefix the prefix
   * @return the prefix
   * @throws IllegalArgumentException if it is empty
   */
  static String prefix(String namePrefix) {
    Objects.requireNonNull(namePrefix, "namePrefix");
    if (namePrefix.isEmpty()) {
      throw new IllegalArgumentException(
          "namePrefix must not be empty: it chooses whose" + " sessions these are");
    }
    return namePrefix;
  }
}
