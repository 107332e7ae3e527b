package io.github.livy4j.observe;

import io.github.livy4j.SessionId;
import io.github.livy4j.internal.observe.ObservedTypes;
import java.net.URI;
import java.time.Duration;

/** Makes the observed types for the client, whose constructors are not public. */
final class TypesFactory implements ObservedTypes.Factory {
  static {
    ObservedTypes.install(new TypesFactory());
  }

  private TypesFactory() {}

  @Override
  public HttpExchange exchange(
      String method, URI url, String urlTemplate, int attempt, boolean idempotent, boolean poll) {
    return new HttpExchange(method, url, urlTemplate, attempt, idempotent, poll);
  }

  @Override
  public HttpResult result(
      int status, Duration duration, Throwable failure, boolean retried, Duration retryDelay) {
    return new HttpResult(status, duration, failure, retried, retryDelay);
  }

  @Override
  public LivyOperation operation(
      String name,
      String backend,
      SessionId session,
      String codeKind,
      String code,
      boolean background) {
    return new LivyOperation(name, backend, session, codeKind, code, background);
  }
}
