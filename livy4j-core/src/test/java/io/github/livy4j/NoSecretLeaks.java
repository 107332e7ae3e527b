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
 * Fails a test when any log line written during it (TRACE and up for livy4j, with the messages
 * of logged exceptions) holds a secret: a value the tests fed the code (register each token,
 * code, verifier, secret and Basic value with {@link #secret(String)}), or anything that looks
 * like a credential on its own (a bearer or Basic value, a token, secret, code or verifier
 * form field or JSON field with a value that is not redacted). Check caught exceptions with
 * {@link #assertClean(Throwable)}. Every test of the modules that list it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} runs under it.
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

  /** Credentials by their shape, whatever their value. */
  private static final java.util.regex.Pattern SHAPES =
      java.util.regex.Pattern.compile(
          "(?i)(\\bbearer\\s+(?!<)[A-Za-z0-9._~+/=-]{8,}"
              + "|\\bbasic\\s+(?!<)[A-Za-z0-9+/]{8,}={0,2}"
              + "|\\b(?:client_secret|code_verifier|refresh_token|access_token|client_assertion"
              + "|id_token)=(?!<|&|$|\\s)[^&\\s\"]{6,}"
              + "|\"(?:access_token|refresh_token|id_token|client_secret)\"\\s*:\\s*\"(?!<)"
              + "[^\"]{6,}\")");

  /**
   * @param text a text
   * @return the text with every secret and credential-shaped value masked
   */
  static String masked(String text) {
    String masked = text;
    for (String s : SECRETS) {
      if (!s.isEmpty()) {
        masked = masked.replace(s, mask(s));
      }
    }
    return SHAPES
        .matcher(masked)
        .replaceAll(
            m ->
                java.util.regex.Matcher.quoteReplacement(
                    "<credential of " + m.group().length() + " chars>"));
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
      String masked = masked(text);
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
    context.getStore(NS).put("from", CapturedLogs.mark());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    long from = context.getStore(NS).getOrDefault("from", Long.class, 0L);
    List<String> leaks =
        CapturedLogs.leaksSince(from).stream().map(CapturedLogs.Leak::masked).toList();
    assertThat(leaks).as("secrets (shown masked) in log lines").isEmpty();
  }
}
