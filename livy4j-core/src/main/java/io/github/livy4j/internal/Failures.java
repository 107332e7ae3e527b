package io.github.livy4j.internal;

/**
 * Joins failures. A failure can reach one place twice (a token provider that rethrows its last
 * failure while it pauses, a cached answer), and {@link Throwable#addSuppressed} refuses to add
 * a throwable to itself with an {@link IllegalArgumentException} that would hide both: every
 * join goes through here instead.
 */
public final class Failures {
  private Failures() {}

  /**
   * Adds {@code extra} to {@code into}'s suppressed failures, unless it is {@code into} itself,
   * already among them, or {@code null}.
   *
   * @param into the failure reported
   * @param extra a further failure on the way
   * @param <T> the reported failure's type
   * @return {@code into}
   */
  public static <T extends Throwable> T suppress(T into, Throwable extra) {
    if (extra == null || extra == into) {
      return into;
    }
    for (Throwable t : into.getSuppressed()) {
      if (t == extra) {
        return into;
      }
    }
    into.addSuppressed(extra);
    return into;
  }
}
