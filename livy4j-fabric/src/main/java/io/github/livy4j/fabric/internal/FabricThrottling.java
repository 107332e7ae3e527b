package io.github.livy4j.fabric.internal;

import io.github.livy4j.spi.Throttling;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How Fabric turns requests away for now: {@code 430} when the capacity has no room for the
 * request (it is rejected, not queued, so any request may be sent again once there is room),
 * and a {@code 429} whose body says until when the caller is blocked, such as
 * {@code until: 4/17/2026 12:22:35 PM (UTC)}, where a {@code Retry-After} header would be.
 */
public final class FabricThrottling implements Throttling {
  /** Fabric's status for a capacity with no room for the request now. */
  static final int CAPACITY_EXCEEDED = 430;

  private static final Pattern UNTIL =
      Pattern.compile(
          "until:\\s*(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AaPp][Mm])\\s*\\(UTC\\)");
  private static final DateTimeFormatter UNTIL_FORMAT =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

  @Override
  public Verdict read(int status, String body) {
    if (status == CAPACITY_EXCEEDED) {
      return Verdict.NO_CAPACITY;
    }
    if (status == 429) {
      return until(body).map(Verdict::retryAt).orElse(Verdict.NOT_MINE);
    }
    return Verdict.NOT_MINE;
  }

  /**
   * Reads the time a throttled caller must wait until from a body that says
   * {@code until: 4/17/2026 12:22:35 PM (UTC)}.
   *
   * @param body the error body
   * @return the time, when the body says it
   */
  static Optional<Instant> until(String body) {
    Matcher m = UNTIL.matcher(body);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(m.group(1), UNTIL_FORMAT).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
