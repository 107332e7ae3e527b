package io.github.livy4j.testkit.internal;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An injected fault as the server uses it.
 *
 * @param kind RESPOND, RESPOND_AFTER, DELAY, HANG, DROP or DROP_AFTER
 * @param method the method, or {@code *}
 * @param path the path pattern
 * @param status the status for RESPOND
 * @param body the body for RESPOND
 * @param headers the headers for RESPOND
 * @param delay the wait for DELAY and HANG
 * @param times how many requests it applies to
 */
public record AccessFault(
    String kind,
    String method,
    Pattern path,
    int status,
    String body,
    Map<String, String> headers,
    Duration delay,
    int times) {

  boolean matches(String m, String p) {
    return (method.equals("*") || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
  }
}
