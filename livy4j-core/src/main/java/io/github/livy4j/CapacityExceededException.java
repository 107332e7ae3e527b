package io.github.livy4j;

/**
 * The service has no capacity left for the request (Fabric's 430
 * {@code TooManyRequestsForCapacity}); the request was rejected, not queued.
 */
public class CapacityExceededException extends LivyServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   * @param error the details of the failed exchange
   */
  public CapacityExceededException(String message, ServiceError error) {
    super(message, error);
  }
}
