package io.github.livy4j.internal.http;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.spi.BackendRequest;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, or warns once per host about, a credential sent over plain {@code http://} to
 * another machine: anyone on the network path can read it.
 */
final class PlainHttpGuard {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);

  private final boolean refuse;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * Creates the guard.
   *
   * @param refuse whether to refuse, rather than warn once about, such a request
   */
  PlainHttpGuard(boolean refuse) {
    this.refuse = refuse;
  }

  /**
   * Checks a request that carries a credential.
   *
   * @param request the request
   * @throws LivyClientException if it goes over plain http to another machine and that is
   *     refused
   */
  void check(BackendRequest request) {
    URI uri = request.uri();
    if (!"http".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
      return;
    }
    String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    if (refuse) {
      throw new LivyClientException(
          "Refused to send a credential over plain http to "
              + where
              + ": use https, or allow it with LivyClient.Builder.refuseCredentialsOverPlainHttp"
              + "(false)",
          null,
          false);
    }
    if (warned.add(where)) {
      LOG.warn(
          "Sending a credential over plain http to {}: anyone on the network path can read"
              + " it. Use https; LivyClient.Builder.refuseCredentialsOverPlainHttp(true) refuses to"
              + " send it",
          where);
    }
  }

  /**
   * Whether a host names this machine, without a name lookup.
   *
   * @param host the URI's host, or {@code null}
   * @return whether it is {@code localhost} or a loopback address literal
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}
