package io.github.livy4j.internal.http;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How long an answer asks the caller to wait before the next request. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait an answer's {@code Retry-After} header asks for.
   *
   * @param response the answer
   * @param clock the clock for dates
   * @return the delay, when the header is there and parses
   */
  static Optional<Duration> of(HttpResponse<?> response, Clock clock) {
    return response.headers().firstValue("Retry-After").flatMap(v -> parse(v, clock));
  }

  /**
   * Parses a {@code Retry-After} value: seconds or an HTTP date.
   *
   * @param value the header value
   * @param clock the clock for dates
   * @return the delay, when the value parses
   */
  static Optional<Duration> parse(String value, Clock clock) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      try {
        return Optional.of(
            until(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(), clock));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /**
   * The wait until a moment, none once it has passed.
   *
   * @param at the moment
   * @param clock the clock
   * @return the delay
   */
  static Duration until(Instant at, Clock clock) {
    Duration d = Duration.between(clock.instant(), at);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
