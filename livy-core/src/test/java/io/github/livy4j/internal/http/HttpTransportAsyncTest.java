package io.github.livy4j.internal.http;

import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;

/**
 * Every transport test again through {@link HttpTransport#sendAsync}: retries, pauses, token
 * refresh, redaction and deadlines behave the same without a thread held per request.
 */
class HttpTransportAsyncTest extends HttpTransportTest {
  @Override
  Transport wrap(Transport t) {
    return request -> Futures.join(t.sendAsync(request));
  }
}
