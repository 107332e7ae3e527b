package io.github.livy4j.spi;

import io.github.livy4j.LivyClientException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a backend's requests: adds the user agent and the bearer token, applies timeouts,
 * retries what is safe to retry, refreshes the token once on 401, and turns error answers
 * into exceptions.
 */
@FunctionalInterface
public interface Transport {

  /**
   * Reads a successful answer's body as it arrives.
   *
   * @param <T> what the body is read into
   */
  @FunctionalInterface
  interface BodyReader<T> {
    /**
     * Reads the body.
     *
     * @param body the body; the transport closes it
     * @return what was read
     * @throws IOException if reading the body fails (the transport may send the request again)
     */
    T read(InputStream body) throws IOException;
  }

  /**
   * Sends a request, blocking the calling thread until the answer.
   *
   * @param request the request
   * @return the successful answer
   * @throws io.github.livy4j.LivyServiceException if the server answers with an error status
   * @throws io.github.livy4j.LivyClientException if no usable answer arrives
   */
  BackendResponse send(BackendRequest request);

  /**
   * Sends a request without holding a thread while it is in flight. The future fails with the
   * exceptions {@link #send} throws. Dependent actions may run on the client's own threads:
   * they must not block. The default sends on the calling thread.
   *
   * @param request the request
   * @return the successful answer, when it comes
   */
  default CompletableFuture<BackendResponse> sendAsync(BackendRequest request) {
    return Futures.call(() -> send(request));
  }

  /**
   * Sends a request, blocking the calling thread, and reads a successful answer's body as it
   * arrives, so that a large answer is never held whole. The reading counts towards the
   * request's timeout; a body cut off on the way fails as {@link #send} fails when it is, and
   * an idempotent request may be sent again. The default reads the body {@link #send} gave.
   *
   * @param request the request
   * @param reader reads the body
   * @param <T> what the body is read into
   * @return what the reader read
   * @throws io.github.livy4j.LivyServiceException if the server answers with an error status
   * @throws io.github.livy4j.LivyClientException if no usable answer arrives
   */
  default <T> T read(BackendRequest request, BodyReader<T> reader) {
    return readBody(request, send(request), reader);
  }

  /**
   * {@link #read} without holding a thread while the request is in flight; the body is read
   * when it has come. The default reads the body {@link #sendAsync} gave.
   *
   * @param request the request
   * @param reader reads the body
   * @param <T> what the body is read into
   * @return what the reader read, when the answer has come
   */
  default <T> CompletableFuture<T> readAsync(BackendRequest request, BodyReader<T> reader) {
    return sendAsync(request).thenApply(response -> readBody(request, response, reader));
  }

  /**
   * Reads an answer's body that has come whole.
   *
   * @param request the request
   * @param response its answer
   * @param reader reads the body
   * @param <T> what the body is read into
   * @return what the reader read
   */
  private static <T> T readBody(
      BackendRequest request, BackendResponse response, BodyReader<T> reader) {
    try (InputStream body = response.bodyStream()) {
      return reader.read(body);
    } catch (IOException e) {
      throw new LivyClientException(
          "Could not read the answer to "
              + request.method()
              + " "
              + request.uri().getRawPath()
              + ": "
              + e.getMessage(),
          e,
          false);
    }
  }

  /**
   * This transport with {@link #sendAsync} and {@link #readAsync} working on the calling
   * thread, so that a backend can write an operation once, over futures, and run it
   * synchronously with {@link Futures#join}.
   *
   * @return the blocking view
   */
  default Transport blocking() {
    Transport self = this;
    return new Transport() {
      @Override
      public BackendResponse send(BackendRequest request) {
        return self.send(request);
      }

      @Override
      public <T> T read(BackendRequest request, BodyReader<T> reader) {
        return self.read(request, reader);
      }

      @Override
      public <T> CompletableFuture<T> readAsync(BackendRequest request, BodyReader<T> reader) {
        return Futures.call(() -> self.read(request, reader));
      }
    };
  }
}
