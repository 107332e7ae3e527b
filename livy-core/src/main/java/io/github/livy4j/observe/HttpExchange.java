package io.github.livy4j.observe;

import java.net.URI;
import java.util.Objects;

/**
 * One HTTP attempt: what {@link OperationObserver#exchangeStarted} is told. It carries no header
 * and no body.
 */
public final class HttpExchange {
  private final String method;
  private final URI url;
  private final String urlTemplate;
  private final int attempt;
  private final boolean idempotent;

  /**
   * An attempt.
   *
   * @param method the HTTP method
   * @param url the URL, without user information
   * @param urlTemplate the URL's path with its ids replaced by names, such as
   *     {@code /sessions/{sessionId}/statements/{statementId}}
   * @param attempt 1 for the first attempt, 2 for the first retry or replay, ...
   * @param idempotent whether repeating the request is harmless
   */
  public HttpExchange(String method, URI url, String urlTemplate, int attempt, boolean idempotent) {
    this.method = Objects.requireNonNull(method, "method");
    this.url = Objects.requireNonNull(url, "url");
    this.urlTemplate = Objects.requireNonNull(urlTemplate, "urlTemplate");
    this.attempt = attempt;
    this.idempotent = idempotent;
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

  @Override
  public String toString() {
    return method + " " + urlTemplate + (attempt > 1 ? " (attempt " + attempt + ")" : "");
  }
}
