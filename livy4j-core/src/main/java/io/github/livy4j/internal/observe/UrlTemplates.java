package io.github.livy4j.internal.observe;

import java.util.Map;
import java.util.regex.Pattern;

/** Turns a request path into its template: ids replaced by names, fit for a metric tag. */
public final class UrlTemplates {
  private static final Map<String, String> NAMED =
      Map.of(
          "sessions", "{sessionId}",
          "statements", "{statementId}",
          "batches", "{batchId}",
          "workspaces", "{workspaceId}",
          "lakehouses", "{lakehouseId}",
          "environments", "{environmentId}",
          "notebooks", "{notebookId}",
          "highConcurrencySessions", "{highConcurrencySessionId}",
          "repls", "{replId}");
  private static final Pattern ID =
      Pattern.compile(
          "\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final java.util.Set<String> ACTIONS =
      java.util.Set.of("state", "log", "statements", "cancel", "completion", "connect", "stop");

  private UrlTemplates() {}

  /**
   * The template of a raw path: a segment after {@code sessions}, {@code statements},
   * {@code batches}, {@code workspaces}, {@code lakehouses}, {@code environments},
   * {@code notebooks}, Fabric's {@code highConcurrencySessions} or {@code repls} (but not an
   * action such as {@code state} or {@code cancel}) becomes its name whatever it looks like (a
   * number, a GUID or any other string), any other number or GUID {@code {id}}; the query is
   * left out.
   *
   * @param rawPath the request's raw path
   * @return the template
   */
  public static String of(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    String[] segments = rawPath.split("/", -1);
    StringBuilder b = new StringBuilder(rawPath.length());
    String previous = "";
    for (int i = 1; i < segments.length; i++) {
      String s = segments[i];
      String named = NAMED.get(previous);
      b.append('/');
      if (named != null && !s.isEmpty() && !ACTIONS.contains(s)) {
        b.append(named);
      } else if (ID.matcher(s).matches()) {
        b.append("{id}");
      } else {
        b.append(s);
      }
      previous = s;
    }
    return b.toString();
  }
}
