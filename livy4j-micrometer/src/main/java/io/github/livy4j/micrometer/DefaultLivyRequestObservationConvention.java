package io.github.livy4j.micrometer;

import io.github.livy4j.micrometer.internal.ExpectedRanges;
import io.github.livy4j.micrometer.internal.TagValues;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of an HTTP attempt's observation, named as Micrometer's HTTP client
 * observations name them.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>Key</th><th>Cardinality</th><th>Value</th></tr>
 * <tr><td>{@code backend}, {@code operation}, {@code client}</td><td>low</td><td>as on the
 *   operation</td></tr>
 * <tr><td>{@code method}</td><td>low</td><td>the HTTP method</td></tr>
 * <tr><td>{@code uri}</td><td>low</td><td>the path template, such as
 *   {@code /sessions/{sessionId}/statements/{statementId}}</td></tr>
 * <tr><td>{@code server.address}, {@code server.port}</td><td>low</td><td>the host and port the
 *   request goes to</td></tr>
 * <tr><td>{@code status}</td><td>low</td><td>the HTTP status, or {@code IO_ERROR} when no
 *   answer came; once ended</td></tr>
 * <tr><td>{@code outcome}</td><td>low</td><td>Micrometer's {@code Outcome} of the status:
 *   {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, ... {@code UNKNOWN}; once
 *   ended</td></tr>
 * <tr><td>{@code exception}</td><td>low</td><td>the failure's class when no answer came, else
 *   {@code none}; once ended</td></tr>
 * <tr><td>{@code http.url}</td><td>high</td><td>the URL, with its ids</td></tr>
 * </table>
 *
 * <p>The name is {@code livy4j.client.requests}, the contextual name (a span's) the method and
 * template, such as {@code GET /sessions/{sessionId}}.
 */
public class DefaultLivyRequestObservationConvention implements LivyRequestObservationConvention {

  /** The convention, with its defaults. */
  public static final DefaultLivyRequestObservationConvention INSTANCE =
      new DefaultLivyRequestObservationConvention();

  /** Makes the default convention; extend it to add keys. */
  public DefaultLivyRequestObservationConvention() {}

  @Override
  public String getName() {
    return ExpectedRanges.REQUESTS;
  }

  @Override
  public String getContextualName(LivyRequestContext context) {
    return context.exchange().method() + " " + context.exchange().urlTemplate();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(LivyRequestContext context) {
    HttpExchange x = context.exchange();
    KeyValues keys =
        KeyValues.of(
            "backend",
            context.operation().backend(),
            "operation",
            context.operation().name(),
            "method",
            x.method(),
            "uri",
            x.urlTemplate(),
            "server.address",
            TagValues.serverAddress(x.url()),
            "server.port",
            TagValues.serverPort(x.url()));
    if (context.client().isPresent()) {
      keys = keys.and("client", context.client().get());
    }
    HttpResult result = context.getResponse();
    if (result != null) {
      keys =
          keys.and(
              "status",
              TagValues.status(result),
              "outcome",
              TagValues.outcome(result),
              "exception",
              TagValues.exception(result));
    }
    return keys;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(LivyRequestContext context) {
    return KeyValues.of("http.url", context.exchange().url().toString());
  }
}
