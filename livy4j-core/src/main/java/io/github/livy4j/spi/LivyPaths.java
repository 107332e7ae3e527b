package io.github.livy4j.spi;

import io.github.livy4j.BatchId;
import io.github.livy4j.SessionId;
import io.github.livy4j.StatementId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The resource paths every Livy dialect shares, relative to the API root, with ids encoded as
 * path segments (an id is the server's, and may hold any character).
 */
public final class LivyPaths {
  private LivyPaths() {}

  /**
   * Encodes text as one path segment: reserved characters and spaces percent-encoded.
   *
   * @param segment the text
   * @return the encoded segment
   */
  public static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * @param id the session
   * @return {@code /sessions/{id}}
   */
  public static String session(SessionId id) {
    return "/sessions/" + encode(id.value());
  }

  /**
   * @param id the batch
   * @return {@code /batches/{id}}
   */
  public static String batch(BatchId id) {
    return "/batches/" + encode(id.value());
  }

  /**
   * @param statements the path of a session's statements
   * @param id the statement
   * @return {@code {statements}/{id}}
   */
  public static String statement(String statements, StatementId id) {
    return statements + "/" + encode(id.value());
  }
}
