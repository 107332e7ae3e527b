package io.github.livy4j.spi;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The checks a backend's factory makes of the base URL a user gives it, so that a URL that
 * cannot work fails at once, not at the first request. Every message quotes the URL as it was
 * given (with user info and credential-shaped query values hidden) and says what to use
 * instead.
 *
 * <pre>{@code
 * URI base = BaseUrls.check(uri, "Livy base URL", "http://localhost:8998",
 *     "with ApacheLivy.builder(uri).basicAuth(user, password)");
 * }</pre>
 */
public final class BaseUrls {
  private static final Pattern PORT_AND_PATH = Pattern.compile("[0-9]+(/.*)?");

  private BaseUrls() {}

  /**
   * The URL as the user gave it, fit for a message: its user info replaced by {@link
   * Redactor#MASK} and credential-shaped query values hidden.
   *
   * @param url the URL
   * @return the text
   */
  public static String quote(URI url) {
    String s = url.toString();
    String userInfo = url.getRawUserInfo();
    if (userInfo != null) {
      s = s.replace("//" + userInfo + "@", "//" + Redactor.MASK + "@");
    }
    return Redactor.patternsOnly().redact(s);
  }

  /**
   * Checks a URL that request paths are appended to: it must be an absolute {@code http} or
   * {@code https} URL with a host, and without user info, query or fragment (a query or fragment
   * would end up in front of the paths; credentials belong to the backend's or the client's
   * credential settings). Trailing slashes are dropped.
   *
   * @param url the URL as given
   * @param what how messages name the URL, such as {@code "Livy base URL"}
   * @param example a URL of the expected form for messages, such as {@code
   *     http://localhost:8998} (it may hold placeholders such as {@code <id>}); its scheme is the
   *     one suggested for a URL without one
   * @param credentials what to use instead of user info, ending the sentence {@code "use <url
   *     without user info> ..."}, such as {@code "with ApacheLivy.builder(uri).basicAuth(user,
   *     password)"}
   * @return the URL without trailing slashes
   * @throws IllegalArgumentException if the URL is not such a URL, saying why and what to use
   */
  public static URI check(URI url, String what, String example, String credentials) {
    Objects.requireNonNull(url, "url");
    String given = quote(url);
    String scheme = url.getScheme() == null ? null : url.getScheme().toLowerCase(Locale.ROOT);
    String defaultScheme = example.substring(0, Math.max(0, example.indexOf(':')));
    if (scheme == null) {
      String raw = url.toString();
      if (raw.startsWith("//")) {
        throw new IllegalArgumentException(
            what + " '" + given + "' has no scheme: use " + defaultScheme + ":" + given);
      }
      if (raw.isEmpty() || raw.startsWith("/")) {
        throw new IllegalArgumentException(
            what + " '" + given + "' is not a whole URL: give one such as " + example);
      }
      throw new IllegalArgumentException(
          what + " '" + given + "' has no scheme: use " + defaultScheme + "://" + given);
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      if (url.isOpaque() && PORT_AND_PATH.matcher(url.getRawSchemeSpecificPart()).matches()) {
        // "localhost:8998" reads as scheme "localhost"
        throw new IllegalArgumentException(
            what + " '" + given + "' has no scheme: use " + defaultScheme + "://" + given);
      }
      throw new IllegalArgumentException(
          what
              + " '"
              + given
              + "' has scheme '"
              + url.getScheme()
              + "': use http:// or https://, such as "
              + example);
    }
    if (url.isOpaque() || url.getRawAuthority() == null) {
      throw new IllegalArgumentException(
          what + " '" + given + "' has no host: give one such as " + example);
    }
    String hostAndPort = hostAndPort(url);
    if (url.getHost() == null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + given
              + "' has no valid host: '"
              + hostAndPort
              + "' is not a host name with an optional port (a host name has only letters,"
              + " digits, '-' and '.')");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String clean = url.getScheme() + "://" + hostAndPort + path;
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          what + " '" + given + "' has user info: use " + clean + " " + credentials);
    }
    if (url.getRawQuery() != null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + given
              + "' has a query ('?"
              + Redactor.patternsOnly().redact(url.getRawQuery())
              + "'), which cannot stay in front of the request paths: use "
              + clean);
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + given
              + "' has a fragment ('#"
              + Redactor.patternsOnly().redact(url.getRawFragment())
              + "'), which is never sent to a server: use "
              + clean);
    }
    return withPath(url, stripTrailingSlashes(path));
  }

  /**
   * The URL with another path, without user info, query or fragment.
   *
   * @param url an absolute hierarchical URL with a host
   * @param rawPath the new path, encoded, empty or starting with {@code /}
   * @return the URL
   */
  public static URI withPath(URI url, String rawPath) {
    return URI.create(url.getScheme() + "://" + hostAndPort(url) + rawPath);
  }

  /**
   * A path without its trailing slashes.
   *
   * @param rawPath the path
   * @return the path, empty if it held only slashes
   */
  public static String stripTrailingSlashes(String rawPath) {
    int end = rawPath.length();
    while (end > 0 && rawPath.charAt(end - 1) == '/') {
      end--;
    }
    return rawPath.substring(0, end);
  }

  private static String hostAndPort(URI url) {
    String authority = url.getRawAuthority();
    return authority.substring(authority.lastIndexOf('@') + 1);
  }
}
