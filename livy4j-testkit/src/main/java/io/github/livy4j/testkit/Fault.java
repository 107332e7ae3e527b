package io.github.livy4j.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure the fake server injects into matching requests, a given number of times.
 *
 * <pre>{@code
 * fake.inject(Fault.on("GET", "/sessions/\\d+").respond(503, "{\"msg\":\"busy\"}").times(2));
 * fake.inject(Fault.on("POST", "/sessions").dropConnectionAfterProcessing());
 * fake.inject(Fault.on("GET", "/sessions").respond(429, "{}").header("Retry-After", "3"));
 * }</pre>
 */
public final class Fault {
  enum Kind {
    RESPOND,
    RESPOND_AFTER,
    DELAY,
    HANG,
    DROP,
    DROP_AFTER,
    TRUNCATE,
    HANG_MID_BODY
  }

  final String method;
  final Pattern path;
  final Kind kind;
  final int status;
  final String body;
  final Map<String, String> headers;
  final Duration delay;
  final int times;

  private Fault(
      String method,
      Pattern path,
      Kind kind,
      int status,
      String body,
      Map<String, String> headers,
      Duration delay,
      int times) {
    this.method = method;
    this.path = path;
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.headers = headers;
    this.delay = delay;
    this.times = times;
  }

  /**
   * Matches requests with a method and a path.
   *
   * @param method the HTTP method, or {@code "*"} for any
   * @param pathRegex a regular expression the whole path must match
   * @return a matcher to finish with what the fault does
   */
  public static Matcher on(String method, String pathRegex) {
    return new Matcher(
        Objects.requireNonNull(method, "method"),
        Pattern.compile(Objects.requireNonNull(pathRegex, "pathRegex")));
  }

  /**
   * The same fault, for the next {@code n} matching requests (default 1).
   *
   * @param n at least 1
   * @return the fault
   */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be at least 1, was " + n);
    }
    return new Fault(method, path, kind, status, body, headers, delay, n);
  }

  /**
   * The same fault with one more response header (for {@link Matcher#respond}).
   *
   * @param name the name
   * @param value the value
   * @return the fault
   */
  public Fault header(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Fault(method, path, kind, status, body, Map.copyOf(h), delay, times);
  }

  /** Chooses what a matched request gets. */
  public static final class Matcher {
    private final String method;
    private final Pattern path;

    private Matcher(String method, Pattern path) {
      this.method = method;
      this.path = path;
    }

    private Fault make(Kind kind, int status, String body, Duration delay) {
      return new Fault(method, path, kind, status, body, Map.of(), delay, 1);
    }

    /**
     * Answers with a status and body instead of the normal answer.
     *
     * @param status the status
     * @param body the body (sent as JSON)
     * @return the fault
     */
    public Fault respond(int status, String body) {
      return make(Kind.RESPOND, status, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * Acts on the request, then answers with a status and body instead of the normal answer
     * (an answer the client cannot read, say).
     *
     * @param status the status
     * @param body the body
     * @return the fault
     */
    public Fault respondAfterProcessing(int status, String body) {
      return make(Kind.RESPOND_AFTER, status, Objects.requireNonNull(body, "body"), null);
    }

    /**
     * Waits in real time before the normal answer (to trip the client's HTTP timeout).
     *
     * @param delay the delay
     * @return the fault
     */
    public Fault delay(Duration delay) {
      return make(Kind.DELAY, 0, null, Objects.requireNonNull(delay, "delay"));
    }

    /**
     * Never answers, until the server is closed (at most ten minutes).
     *
     * @return the fault
     */
    public Fault hang() {
      return make(Kind.HANG, 0, null, Duration.ofMinutes(10));
    }

    /**
     * Acts on the request, then sends the answer's headers (with its full length) and half of
     * its body, and closes the connection: a truncated answer.
     *
     * @return the fault
     */
    public Fault truncateBody() {
      return make(Kind.TRUNCATE, 0, null, null);
    }

    /**
     * Acts on the request, then sends the answer's headers and half of its body, and sends
     * nothing more until the server is closed (at most ten minutes): an answer that hangs
     * mid-body.
     *
     * @return the fault
     */
    public Fault hangMidBody() {
      return make(Kind.HANG_MID_BODY, 0, null, Duration.ofMinutes(10));
    }

    /**
     * Closes the connection without acting on the request or answering.
     *
     * @return the fault
     */
    public Fault dropConnection() {
      return make(Kind.DROP, 0, null, null);
    }

    /**
     * Acts on the request, then closes the connection without answering: the answer is lost.
     *
     * @return the fault
     */
    public Fault dropConnectionAfterProcessing() {
      return make(Kind.DROP_AFTER, 0, null, null);
    }
  }
}
