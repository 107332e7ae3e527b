package io.github.livy4j.spi;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes credentials from text bound for an exception or a log line: every secret it was given,
 * in each encoding a server could echo it back in (as sent, JSON-escaped, URL-encoded,
 * HTML-escaped, Base64), and anything shaped like a credential whatever its value (a JWT, a
 * {@code Bearer} or {@code Basic} value, a {@code client_secret=}, {@code refresh_token} or
 * {@code password} field).
 *
 * <p>Immutable and thread-safe.
 *
 * <pre>{@code
 * Redactor redactor = Redactor.of(List.of(token, password));
 * throw new IllegalStateException("the server said: " + redactor.redact(body));
 * }</pre>
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "<redacted>";

  /** Secrets shorter than this are not searched for: they would mask ordinary text. */
  public static final int MIN_SECRET_LENGTH = 3;

  private static final Pattern JWT =
      Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
  private static final Pattern SCHEME =
      Pattern.compile("(?i)\\b(Bearer|Basic)(\\s+|%20|\\+)[A-Za-z0-9._~+/=-]{6,}");
  private static final Pattern FIELD =
      Pattern.compile(
          "(?i)(client_secret|client_assertion"
              + "|code_verifier|refresh_token|access_token|id_token|password|passwd|user_assertion"
              + "|(?<=[?&\"'\\s]|^)assertion|(?<=[?&]|^)code)"
              + "(\\\\?[\"']?\\s*[=:]\\s*\\\\?[\"']?)([^&\"'\\\\\\s,;}<]+)");
  private static final Redactor PATTERNS_ONLY = new Redactor(List.of(), List.of());

  private final List<String> secrets;
  private final List<String> needles;

  private Redactor(List<String> secrets, List<String> needles) {
    this.secrets = secrets;
    this.needles = needles;
  }

  /**
   * A redactor for some secrets, plus the credential-shaped patterns.
   *
   * @param secrets the values to hide; {@code null}s and values shorter than
   *     {@link #MIN_SECRET_LENGTH} are ignored
   * @return the redactor
   */
  public static Redactor of(Collection<String> secrets) {
    Objects.requireNonNull(secrets, "secrets");
    if (secrets.isEmpty()) {
      return PATTERNS_ONLY;
    }
    List<String> kept = new ArrayList<>();
    Set<String> all = new LinkedHashSet<>();
    for (String s : secrets) {
      if (s != null && s.length() >= MIN_SECRET_LENGTH) {
        kept.add(s);
        all.addAll(encodings(s));
      }
    }
    List<String> sorted = new ArrayList<>(all);
    sorted.removeIf(n -> n.length() < MIN_SECRET_LENGTH);
    // the longest first, so that no variant is cut into pieces by a shorter one
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(kept), List.copyOf(sorted));
  }

  /**
   * A redactor that knows no secret values, only the credential-shaped patterns.
   *
   * @return the redactor
   */
  public static Redactor patternsOnly() {
    return PATTERNS_ONLY;
  }

  /**
   * The same redactor with more secrets.
   *
   * @param more further values to hide
   * @return a new redactor
   */
  public Redactor and(Collection<String> more) {
    List<String> all = new ArrayList<>(secrets);
    all.addAll(Objects.requireNonNull(more, "more"));
    return of(all);
  }

  /**
   * Hides every secret and credential-shaped value in a text.
   *
   * @param text the text, or {@code null}
   * @return the text with each one replaced by {@link #MASK}; {@code null} for {@code null}
   */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String n : needles) {
      if (out.contains(n)) {
        out = out.replace(n, MASK);
      }
    }
    out = JWT.matcher(out).replaceAll(MASK);
    out = SCHEME.matcher(out).replaceAll("$1$2" + MASK);
    return FIELD
        .matcher(out)
        .replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
  }

  /**
   * Whether a text holds one of this redactor's secrets or a credential-shaped value.
   *
   * @param text the text
   * @return whether {@link #redact(String)} would change it
   */
  public boolean matches(String text) {
    return text != null && !text.equals(redact(text));
  }

  private static List<String> encodings(String s) {
    List<String> out = new ArrayList<>();
    out.add(s);
    String json = new String(JsonStringEncoder.getInstance().quoteAsString(s));
    out.add(json);
    out.add(json.replace("/", "\\/"));
    out.add(unicodeEscaped(s));
    String form = URLEncoder.encode(s, StandardCharsets.UTF_8);
    out.add(form);
    out.add(form.replace("+", "%20"));
    out.add(lowerHex(form));
    out.add(
        s.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;")
            .replace("'", "&#39;"));
    out.add(s.replace("&", "&amp;").replace("\"", "&#34;").replace("'", "&#x27;"));
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.add(Base64.getEncoder().encodeToString(bytes));
    out.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
    out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    return out;
  }

  /** The JSON form some serializers write, with {@code <>&='"} and non-ASCII as \\u escapes. */
  private static String unicodeEscaped(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7e || "<>&='\"\\".indexOf(c) >= 0) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String lowerHex(String percentEncoded) {
    StringBuilder sb = new StringBuilder(percentEncoded);
    for (int i = 0; i + 2 < sb.length(); i++) {
      if (sb.charAt(i) == '%') {
        sb.setCharAt(i + 1, Character.toLowerCase(sb.charAt(i + 1)));
        sb.setCharAt(i + 2, Character.toLowerCase(sb.charAt(i + 2)));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "Redactor[" + secrets.size() + " secrets]";
  }
}
