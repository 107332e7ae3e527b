package io.github.livy4j.internal.http;

import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Transport;

/**
 * Every transport test again through {@link HttpTransport#sendAsync} and {@link
 * HttpTransport#readAsync}: retries, pauses, token refresh, redaction and deadlines behave the
 * same without a thread held per request.
 */
class HttpTransportAsyncTest extends HttpTransportTest {
  @Override
  Transport wrap(Transport t) {
    return new Transport() {
      @Override
      public BackendResponse send(BackendRequest request) {
        return Futures.join(t.sendAsync(request));
      }

      @Override
      public <T> T read(BackendRequest request, BodyReader<T> reader) {
        return Futures.join(t.readAsync(request, reader));
      }
    };
  }
}
