package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.LivyPaths;
import io.github.livy4j.spi.SessionCalls;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fabric's high-concurrency sessions: a REPL acquired in a session shared by its tag. The SDK
 * knows such a session by an id of its own ({@link #SHARED} and the service's id); its
 * statements go to its REPL in the shared session, which the service names in its answers and
 * this class remembers. Thread-safe.
 */
final class HighConcurrencyRoutes {
  /** Marks the SDK's id of a high-concurrency session (a REPL in a shared session). */
  static final String SHARED = "hc:";

  private static final String PATH = "/highConcurrencySessions";

  private final URI root;

  /** High-concurrency session id to {@code [shared session id, REPL id]}, once known. */
  private final Map<String, String[]> routes = new ConcurrentHashMap<>();

  /** @param root the lakehouse's Livy API root */
  HighConcurrencyRoutes(URI root) {
    this.root = root;
  }

  /** @return whether the id is the SDK's id of a high-concurrency session */
  static boolean isShared(SessionId id) {
    return id.value().startsWith(SHARED);
  }

  /** @return the service's id of a high-concurrency session */
  private static String sharedId(SessionId id) {
    return id.value().substring(SHARED.length());
  }

  /**
   * Acquires a REPL in a shared session: {@code POST /highConcurrencySessions}.
   *
   * @param body the request: a session request plus the {@code sessionTag}
   * @return the high-concurrency session
   */
  SessionInfo acquire(Transport t, String body) {
    return remember(t.send(BackendRequest.post(uri(PATH), body, false)).bodyText());
  }

  /** Reads a high-concurrency session, learning where its statements go when it says. */
  CompletableFuture<SessionInfo> get(Transport t, SessionId id) {
    return SessionCalls.async(
        id, t.readAsync(BackendRequest.get(uri(path(id))), in -> remember(FabricJson.text(in))));
  }

  /** Releases the REPL; the service ends the shared session with its last REPL. */
  void release(Transport t, SessionId id) {
    try {
      SessionCalls.run(id, () -> t.send(BackendRequest.delete(uri(path(id)))));
    } finally {
      routes.remove(sharedId(id));
    }
  }

  /** @return the path of the statements of a high-concurrency session's REPL */
  String statementsPath(Transport t, SessionId id) {
    String[] route = route(t, id);
    return PATH
        + "/"
        + LivyPaths.encode(route[0])
        + "/repls/"
        + LivyPaths.encode(route[1])
        + "/statements";
  }

  /** @return the service's id of the session a high-concurrency session shares */
  String underlyingSession(Transport t, SessionId id) {
    return route(t, id)[0];
  }

  /** The shared session and REPL of a high-concurrency session, asked for once if unknown. */
  private String[] route(Transport t, SessionId id) {
    String[] route = routes.get(sharedId(id));
    if (route == null) {
      SessionInfo info = Futures.join(get(t.blocking(), id));
      route = routes.get(sharedId(id));
      if (route == null) {
        throw new LivyClientException(
            "The REPL of shared session "
                + id
                + " is not ready yet (state "
                + info.rawState()
                + ")",
            null,
            false);
      }
    }
    return route;
  }

  /** Reads a high-concurrency session answer, remembering where its statements go. */
  private SessionInfo remember(String answer) {
    JsonNode n = FabricJson.tree(answer);
    SessionInfo info = FabricJson.shared(n, SHARED);
    String[] route = FabricJson.route(n);
    if (route != null) {
      routes.put(sharedId(info.id()), route);
    }
    return info;
  }

  private static String path(SessionId id) {
    return PATH + "/" + LivyPaths.encode(sharedId(id));
  }

  private URI uri(String path) {
    return URI.create(root + path);
  }
}
