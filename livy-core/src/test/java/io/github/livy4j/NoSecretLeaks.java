package io.github.livy4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when any log line written during it (every level the test logging enables, with
 * the messages of logged exceptions) holds a secret the tests fed the code: register each
 * token, code, verifier, secret and Basic value with {@link #secret(String)}, and check caught
 * exceptions with {@link #assertClean(Throwable)}.
 */
public final class NoSecretLeaks implements BeforeEachCallback, AfterEachCallback {
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(NoSecretLeaks.class);

  /**
   * Registers a value that must never be logged or shown in an exception.
   *
   * @param value the secret
   * @return the same value
   */
  public static String secret(String value) {
    SECRETS.add(value);
    return value;
  }

  /** @return every registered secret */
  public static Set<String> secrets() {
    return Set.copyOf(SECRETS);
  }

  /**
   * Asserts that no registered secret appears in an exception, its causes or suppressed ones.
   *
   * @param t the exception
   */
  public static void assertClean(Throwable t) {
    List<String> texts = new ArrayList<>();
    collect(t, texts, 0);
    check(texts, "an exception");
  }

  /** Fails, showing the offending texts with the secrets masked, if any holds a secret. */
  private static void check(List<String> texts, String where) {
    List<String> leaks = new ArrayList<>();
    for (String text : texts) {
      String masked = text;
      for (String s : SECRETS) {
        masked = masked.replace(s, mask(s));
      }
      if (!masked.equals(text)) {
        leaks.add(masked);
      }
    }
    assertThat(leaks).as("secrets (shown masked) in %s", where).isEmpty();
  }

  private static void collect(Throwable t, List<String> out, int depth) {
    if (t == null || depth > 10) {
      return;
    }
    out.add(t.toString());
    collect(t.getCause(), out, depth + 1);
    for (Throwable s : t.getSuppressed()) {
      collect(s, out, depth + 1);
    }
  }

  private static String mask(String s) {
    return "<secret of " + s.length() + " chars>";
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("from", CapturedLogs.lines().size());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    int from = context.getStore(NS).getOrDefault("from", Integer.class, 0);
    List<String> lines = CapturedLogs.lines();
    List<String> written = lines.subList(Math.min(from, lines.size()), lines.size());
    check(written, "log lines");
  }
}
