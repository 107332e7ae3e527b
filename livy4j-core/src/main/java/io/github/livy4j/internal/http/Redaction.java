package io.github.livy4j.internal.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Removes credentials from what goes into messages and logs. */
public final class Redaction {
  private static final Set<String> HARMLESS_QUERY_KEYS =
      Set.of("from", "size", "$top", "$skip", "$count", "doas");

  private Redaction() {}

  /**
   * A URL safe to show: no user info, and every query value except paging ones replaced.
   *
   * @param uri the URL
   * @return the redacted URL
   */
  public static String url(URI uri) {
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) {
      sb.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      sb.append(uri.getHost());
      if (uri.getPort() >= 0) {
        sb.append(':').append(uri.getPort());
      }
    }
    sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    String q = uri.getRawQuery();
    if (q != null && !q.isEmpty()) {
      sb.append('?');
      String[] parts = q.split("&");
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          sb.append('&');
        }
        int eq = parts[i].indexOf('=');
        String key = eq < 0 ? parts[i] : parts[i].substring(0, eq);
        sb.append(key);
        if (eq >= 0) {
          sb.append('=')
              .append(
                  HARMLESS_QUERY_KEYS.contains(key.toLowerCase(Locale.ROOT))
                      ? parts[i].substring(eq + 1)
                      : "***");
        }
      }
    }
    return sb.toString();
  }
}
