package io.github.livy4j.observe;

import java.net.URI;
import java.util.Objects;

/**
 * One HTTP attempt: what {@link OperationObserver#exchangeStarted} is told. It carries no header
 * and no body. Only the client makes them: more may be told of an attempt in later versions.
 */
public final class HttpExchange {
  private final String method;
  private final URI url;
  private final String urlTemplate;
  private final int attempt;
  private final boolean idempotent;
  private final boolean poll;

  /**
   * An attempt.
   *
   * @param method the HTTP method
   * @param url the URL, without user information
   * @param urlTemplate the URL's path with its ids replaced by names, such as
   *     {@code /sessions/{sessionId}/statements/{statementId}}
   * @param attempt 1 for the first attempt, 2 for the first retry or replay, ...
   * @param idempotent whether repeating the request is harmless
   * @param poll whether it looks at what the operation waits for
   */
  HttpExchange(
      String method, URI url, String urlTemplate, int attempt, boolean idempotent, boolean poll) {
    this.method = Objects.requireNonNull(method, "method");
    this.url = Objects.requireNonNull(url, "url");
    this.urlTemplate = Objects.requireNonNull(urlTemplate, "urlTemplate");
    this.attempt = attempt;
    this.idempotent = idempotent;
    this.poll = poll;
  }

  /** @return the HTTP method */
  public String method() {
    return method;
  }

  /** @return the URL, without user information */
  public URI url() {
    return url;
  }

  /**
   * The path with every id replaced by its name, the same for every session and statement, so
   * fit for a metric tag: {@code /sessions/{sessionId}/statements/{statementId}}, or on Fabric
   * {@code /v1/workspaces/{workspaceId}/lakehouses/{lakehouseId}/livyApi/versions/2023-12-01/sessions/{sessionId}}.
   *
   * @return the path template
   */
  public String urlTemplate() {
    return urlTemplate;
  }

  /** @return 1 for the first attempt, 2 for the first retry or replay, and so on */
  public int attempt() {
    return attempt;
  }

  /** @return whether repeating the request is harmless (not a create or a submit) */
  public boolean idempotent() {
    return idempotent;
  }

  /**
   * Whether the attempt is one of the looks of a wait: reading a statement, session or batch
   * again to see whether it has changed state. A statement that runs for 30 minutes is looked
   * at several hundred times; a tracer may record these as events rather than spans.
   *
   * @return whether it is a look of a wait
   */
  public boolean poll() {
    return poll;
  }

  @Override
  public String toString() {
    return method
        + " "
        + urlTemplate
        + (attempt > 1 ? " (attempt " + attempt + ")" : "")
        + (poll ? " (poll)" : "");
  }
}
