package io.github.livy4j.spi;

/**
 * Sends a backend's requests: adds the user agent and the bearer token, applies timeouts,
 * retries what is safe to retry, refreshes the token once on 401, and turns error answers
 * into exceptions.
 */
@FunctionalInterface
public interface Transport {

  /**
   * Sends a request.
   *
   * @param request the request
   * @return the successful answer
   * @throws io.github.livy4j.LivyServiceException if the server answers with an error status
   * @throws io.github.livy4j.LivyClientException if no usable answer arrives
   */
  BackendResponse send(BackendRequest request);
}
