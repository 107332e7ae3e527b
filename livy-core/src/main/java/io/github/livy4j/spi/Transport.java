package io.github.livy4j.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Sends a backend's requests: adds the user agent and the bearer token, applies timeouts,
 * retries what is safe to retry, refreshes the token once on 401, and turns error answers
 * into exceptions.
 */
@FunctionalInterface
public interface Transport {

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
   * This transport with {@link #sendAsync} sending on the calling thread, so that a backend can
   * write an operation once, over futures, and run it synchronously with {@link Futures#join}.
   *
   * @return the blocking view
   */
  default Transport blocking() {
    Transport self = this;
    return self::send;
  }
}
