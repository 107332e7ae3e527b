package io.github.livy4j.internal.http;

import io.github.livy4j.spi.Transport.BodyReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/**
 * Reading a successful answer's body as it arrives: the body handlers, and the reading itself
 * within an attempt that its timeout or the transport's close can cut short.
 */
final class StreamedBody {
  /** A successful answer's body as a stream to read, an error answer's read whole. */
  static final HttpResponse.BodyHandler<Object> STREAMED =
      info ->
          info.statusCode() < 400
              ? HttpResponse.BodySubscribers.mapping(
                  HttpResponse.BodySubscribers.ofInputStream(), in -> (Object) in)
              : whole();

  /** Every answer's body read whole. */
  static final HttpResponse.BodyHandler<Object> WHOLE = info -> whole();

  /** What a reader read when it read {@code null}. */
  static final Object NULL = new Object();

  private StreamedBody() {}

  private static HttpResponse.BodySubscriber<Object> whole() {
    return HttpResponse.BodySubscribers.mapping(
        HttpResponse.BodySubscribers.ofByteArray(), bytes -> (Object) bytes);
  }

  /**
   * Reads an answer's body, if it came as a stream, and closes it.
   *
   * @param response the answer
   * @param call the attempt, which closes the body when it is cut short
   * @param reader the reader
   * @return what the reader read ({@link #NULL} for {@code null}), or {@code null} when the
   *     body was read whole (an error answer)
   * @throws IOException if reading fails, or the attempt is cut short
   */
  static Object read(HttpResponse<?> response, InFlightCalls.Call call, BodyReader<?> reader)
      throws IOException {
    if (!(response.body() instanceof InputStream body)) {
      return null;
    }
    try (body) {
      call.reading(body);
      Object value = reader.read(body);
      drain(body);
      return value == null ? NULL : value;
    }
  }

  /** Reads what a reader left of a body, so that the connection can serve the next request. */
  private static void drain(InputStream body) throws IOException {
    byte[] rest = new byte[512];
    while (body.read(rest) >= 0) {
      // after the JSON value: nothing, or white space
    }
  }
}
