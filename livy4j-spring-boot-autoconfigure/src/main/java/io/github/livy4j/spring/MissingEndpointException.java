package io.github.livy4j.spring;

/**
 * The {@code livy4j.*} properties name no Livy endpoint: neither {@code livy4j.url} nor a
 * Microsoft Fabric workspace and lakehouse. {@link LivyFailureAnalyzer} tells the user what to
 * set.
 */
final class MissingEndpointException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /**
   * An exception.
   *
   * @param message what is missing
   */
  MissingEndpointException(String message) {
    super(message);
  }
}
