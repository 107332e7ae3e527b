package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SparkSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.JsonBody;
import io.github.livy4j.spi.ListPaging;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.LivyJson;
import io.github.livy4j.spi.LivyPaths;
import io.github.livy4j.spi.SessionCalls;
import io.github.livy4j.spi.SessionField;
import io.github.livy4j.spi.Throttling;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fabric Livy dialect. Thread-safe; its only state is where the statements of the
 * high-concurrency sessions it has seen go ({@link HighConcurrencyRoutes}) and the output page
 * size the server takes ({@link PagedOutputReader}).
 */
public final class FabricLivyBackend implements LivyBackend {
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(FabricLivyBackend.class);
  private static final BackendCapabilities CAPABILITIES =
      BackendCapabilities.builder()
          .createFields(
              EnumSet.of(
                  SessionField.KIND,
                  SessionField.ARCHIVES,
                  SessionField.PY_FILES,
                  SessionField.TAGS,
                  SessionField.SHARED_SESSION,
                  SessionField.DRIVER_MEMORY,
                  SessionField.DRIVER_CORES,
                  SessionField.EXECUTOR_MEMORY,
                  SessionField.EXECUTOR_CORES,
                  SessionField.NUM_EXECUTORS))
          .statementCancel(true)
          .batches(true)
          .keepAlive(true)
          .transientNotFound(Duration.ofSeconds(60))
          .build();

  private final URI root;
  private final AtomicBoolean sharedKeepAliveRefused = new AtomicBoolean();
  private final HighConcurrencyRoutes shared;
  private final PagedOutputReader output;

  /**
   * Creates the backend.
   *
   * @param root the lakehouse's Livy API root, ending in {@code /versions/<version>}
   * @param outputPageSize the bytes of statement output to read per request
   * @param maxOutputSize the most bytes of one statement's output to read
   */
  public FabricLivyBackend(URI root, int outputPageSize, long maxOutputSize) {
    this.root = root;
    this.shared = new HighConcurrencyRoutes(root);
    this.output = new PagedOutputReader(root, description(), outputPageSize, maxOutputSize);
  }

  @Override
  public String kind() {
    return "fabric";
  }

  @Override
  public Throttling throttling() {
    return new FabricThrottling();
  }

  @Override
  public String description() {
    return "Fabric Livy at "
        + root.getScheme()
        + "://"
        + root.getHost()
        + (root.getPort() < 0 ? "" : ":" + root.getPort())
        + root.getRawPath();
  }

  @Override
  public String toString() {
    return description();
  }

  @Override
  public BackendCapabilities capabilities(Transport transport) {
    return CAPABILITIES;
  }

  @Override
  public SessionInfo createSession(Transport t, SessionSpec spec, String name) {
    if (spec.sharedSessionTag().isPresent()) {
      return acquireShared(t, spec, name);
    }
    return Futures.join(createSessionAsync(t.blocking(), spec, name));
  }

  /**
   * Creates a session of its own without blocking; acquiring a REPL in a shared session takes
   * several requests, which run on the calling thread.
   */
  @Override
  public CompletableFuture<SessionInfo> createSessionAsync(
      Transport t, SessionSpec spec, String name) {
    if (spec.sharedSessionTag().isPresent()) {
      return Futures.call(() -> acquireShared(t, spec, name));
    }
    try {
      // the session kind is not part of Fabric's create request: statements carry their kind
      JsonBody body = common(JsonBody.object(), spec, name).list("pyFiles", spec.pyFiles());
      return t.sendAsync(BackendRequest.post(uri("/sessions"), body.toString(), false))
          .thenApply(r -> FabricJson.session(r.bodyText()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Acquires a REPL in a shared session, a session request plus the tag. The session is
   * shared by its tag, so the first acquirer's settings are the ones it runs with.
   */
  private SessionInfo acquireShared(Transport t, SessionSpec spec, String name) {
    if (!spec.pyFiles().isEmpty()) {
      throw new IllegalArgumentException(
          "a shared (high-concurrency) session takes no Python"
              + " files (pyFiles): remove them from the SessionSpec, or use a session of its own");
    }
    JsonBody body = JsonBody.object().put("sessionTag", spec.sharedSessionTag().orElseThrow());
    return shared.acquire(t, common(body, spec, name).toString());
  }

  @Override
  public SessionInfo getSession(Transport t, SessionId id) {
    return Futures.join(getSessionAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionAsync(Transport t, SessionId id) {
    if (HighConcurrencyRoutes.isShared(id)) {
      return shared.get(t, id);
    }
    return SessionCalls.async(
        id,
        t.readAsync(
            BackendRequest.get(uri(LivyPaths.session(id))),
            in -> FabricJson.session(FabricJson.text(in))));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionStateAsync(Transport t, SessionId id) {
    return getSessionAsync(t, id);
  }

  @Override
  public List<SessionInfo> listSessions(Transport t) {
    return listAll(t, "/sessions");
  }

  /** Reads one item of the session list, which Fabric pages. */
  @Override
  public void ping(Transport t) {
    LivyJson.items(t.send(BackendRequest.get(uri("/sessions?$top=1"))).bodyText());
  }

  @Override
  public void deleteSession(Transport t, SessionId id) {
    if (HighConcurrencyRoutes.isShared(id)) {
      shared.release(t, id);
      return;
    }
    SessionCalls.run(id, () -> t.send(BackendRequest.delete(uri(LivyPaths.session(id)))));
  }

  @Override
  public LogPage sessionLog(Transport t, SessionId id, int from, int size) {
    throw new UnsupportedOperationException(description() + " has no session logs");
  }

  @Override
  public StatementInfo submitStatement(Transport t, SessionId id, Code code) {
    return Futures.join(submitStatementAsync(t.blocking(), id, code));
  }

  @Override
  public CompletableFuture<StatementInfo> submitStatementAsync(
      Transport t, SessionId id, Code code) {
    String body =
        JsonBody.object().put("code", code.code()).put("kind", code.kind().wireName()).toString();
    CompletableFuture<StatementInfo> sent;
    try {
      sent =
          t.readAsync(
              BackendRequest.post(uri(statementsPath(t, id)), body, false), LivyJson::statement);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return SessionCalls.async(id, sent);
  }

  @Override
  public List<StatementInfo> listStatements(Transport t, SessionId id) {
    return SessionCalls.call(
        id, () -> t.read(BackendRequest.get(uri(statementsPath(t, id))), LivyJson::statements));
  }

  @Override
  public StatementInfo getStatement(Transport t, SessionId id, StatementId statement) {
    return Futures.join(getStatementAsync(t.blocking(), id, statement));
  }

  @Override
  public CompletableFuture<StatementInfo> getStatementAsync(
      Transport t, SessionId id, StatementId statement) {
    String path;
    try {
      path = LivyPaths.statement(statementsPath(t, id), statement);
    } catch (RuntimeException e) {
      return SessionCalls.async(id, CompletableFuture.failedFuture(e));
    }
    return SessionCalls.async(id, output.read(t, path));
  }

  @Override
  public void cancelStatement(Transport t, SessionId id, StatementId statement) {
    SessionCalls.run(
        id,
        () ->
            t.send(
                BackendRequest.post(
                    uri(LivyPaths.statement(statementsPath(t, id), statement) + "/cancel"),
                    null,
                    true)));
  }

  /** Where a session's statements live: its own, or its REPL's in a shared session. */
  private String statementsPath(Transport t, SessionId id) {
    return HighConcurrencyRoutes.isShared(id)
        ? shared.statementsPath(t, id)
        : LivyPaths.session(id) + "/statements";
  }

  @Override
  public List<String> completion(Transport t, SessionId id, Code code, int cursor) {
    throw new UnsupportedOperationException(description() + " offers no code completion");
  }

  @Override
  public void keepAlive(Transport t, SessionId id) {
    if (!HighConcurrencyRoutes.isShared(id)) {
      SessionCalls.run(
          id,
          () ->
              t.send(
                  BackendRequest.post(uri(LivyPaths.session(id) + "/reset-timeout"), null, true)));
      return;
    }
    // a REPL keeps its shared session alive through the underlying session's reset-timeout,
    // which the published API does not document for shared sessions: refused, it is harmless
    String path =
        "/sessions/" + LivyPaths.encode(shared.underlyingSession(t, id)) + "/reset-timeout";
    try {
      t.send(BackendRequest.post(uri(path), null, true));
    } catch (LivyServiceException e) {
      if (e.statusCode() != 404 && e.statusCode() != 405) {
        throw e;
      }
      if (sharedKeepAliveRefused.compareAndSet(false, true)) {
        LOG.info(
            "{} refused reset-timeout for the session under shared session {} ({}); the"
                + " shared session's REPLs keep it alive while they run statements",
            description(),
            id,
            e.statusCode());
      }
    }
  }

  @Override
  public SessionInfo submitBatch(Transport t, BatchSpec spec, String name) {
    JsonBody body =
        common(JsonBody.object(), spec, name)
            .put("file", spec.file())
            .put("className", spec.className().orElse(null))
            .list("args", spec.args())
            .list("jars", spec.jars())
            .list("pyFiles", spec.pyFiles())
            .list("files", spec.files());
    return FabricJson.session(
        t.send(BackendRequest.post(uri("/batches"), body.toString(), false)).bodyText());
  }

  @Override
  public SessionInfo getBatch(Transport t, BatchId id) {
    return Futures.join(getBatchAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getBatchAsync(Transport t, BatchId id) {
    return t.readAsync(
        BackendRequest.get(uri(LivyPaths.batch(id))),
        in -> FabricJson.session(FabricJson.text(in)));
  }

  @Override
  public List<SessionInfo> listBatches(Transport t) {
    return listAll(t, "/batches");
  }

  @Override
  public void deleteBatch(Transport t, BatchId id) {
    t.send(BackendRequest.delete(uri(LivyPaths.batch(id))));
  }

  /**
   * Reads every page of an OData list ({@code $top}/{@code $skip}), following the server's
   * {@code totalCountOfMatchedItems} (a server may return fewer items than asked for), else
   * its {@code pageSize}, until a page adds nothing.
   */
  private List<SessionInfo> listAll(Transport t, String path) {
    return ListPaging.readAll(
        skip -> {
          String body =
              t.send(BackendRequest.get(uri(path + "?$top=" + PAGE + "&$skip=" + skip))).bodyText();
          JsonNode n = FabricJson.tree(body);
          List<SessionInfo> items = LivyJson.items(body).stream().map(FabricJson::session).toList();
          JsonNode total = n.get("totalCountOfMatchedItems");
          if (total != null) {
            return new ListPaging.Page<>(
                items, total.canConvertToInt() && skip + items.size() >= total.asInt());
          }
          int pageSize = n.path("pageSize").asInt(PAGE);
          return new ListPaging.Page<>(
              items, items.size() < Math.min(PAGE, pageSize > 0 ? pageSize : PAGE));
        },
        MAX_PAGES,
        description() + ": the list " + path);
  }

  /** Writes the fields Fabric accepts for both sessions and batches. */
  private static JsonBody common(JsonBody body, SparkSpec spec, String name) {
    return body.put("name", name)
        .map("tags", spec.tags())
        .list("archives", spec.archives())
        .sparkResources(spec);
  }

  private URI uri(String pathAndQuery) {
    return URI.create(root + pathAndQuery);
  }
}
