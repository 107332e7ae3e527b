package io.github.livy4j.apache.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotReadyException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SessionState;
import io.github.livy4j.SparkSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.JsonBody;
import io.github.livy4j.spi.ListPaging;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.LivyJson;
import io.github.livy4j.spi.LivyPaths;
import io.github.livy4j.spi.SessionCalls;
import io.github.livy4j.spi.SessionField;
import io.github.livy4j.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Apache Livy dialect. Thread-safe; the server version is learnt once. */
public final class ApacheLivyBackend implements LivyBackend {
  private static final Logger LOG = LoggerFactory.getLogger(ApacheLivyBackend.class);

  /** Reads strings of any length: statement lists carry whole outputs. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
              .build());

  private static final Pattern NOT_READY =
      Pattern.compile("IllegalStateException: Session is in state (\\w+)");
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 10_000;
  private static final Set<SessionField> BASE_FIELDS =
      EnumSet.of(
          SessionField.KIND,
          SessionField.PROXY_USER,
          SessionField.JARS,
          SessionField.PY_FILES,
          SessionField.FILES,
          SessionField.ARCHIVES,
          SessionField.DRIVER_MEMORY,
          SessionField.DRIVER_CORES,
          SessionField.EXECUTOR_MEMORY,
          SessionField.EXECUTOR_CORES,
          SessionField.NUM_EXECUTORS,
          SessionField.QUEUE,
          SessionField.HEARTBEAT_TIMEOUT);

  private final URI base;
  private final Map<String, String> headers;
  private final String requestedBy;
  private final String basicAuth;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile LivyVersion version;

  /**
   * Creates the backend.
   *
   * @param baseUri the server's base URL
   * @param headers extra headers for every request
   * @param requestedBy the {@code X-Requested-By} value, or {@code null}
   * @param serverVersion the server version, or {@code null} to ask the server
   * @param basicAuth a ready {@code Authorization} value, or {@code null}
   */
  public ApacheLivyBackend(
      URI baseUri,
      Map<String, String> headers,
      String requestedBy,
      String serverVersion,
      String basicAuth) {
    String b = baseUri.toString();
    this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
    this.headers = Map.copyOf(headers);
    this.requestedBy = requestedBy;
    this.basicAuth = basicAuth;
    this.version = serverVersion == null ? null : LivyVersion.parse(serverVersion);
  }

  @Override
  public String kind() {
    return "apache";
  }

  @Override
  public String description() {
    LivyVersion v = version;
    return "Apache Livy"
        + (v == null ? "" : " " + v)
        + " at "
        + base.getScheme()
        + "://"
        + base.getHost()
        + (base.getPort() < 0 ? "" : ":" + base.getPort())
        + base.getRawPath();
  }

  @Override
  public String toString() {
    return description();
  }

  LivyVersion version(Transport t) {
    LivyVersion v = version;
    if (v == null) {
      // a lock, not a monitor: the version is read over HTTP while it is held
      lock.lock();
      try {
        v = version;
        if (v == null) {
          v = detectVersion(t);
          version = v;
        }
      } finally {
        lock.unlock();
      }
    }
    return v;
  }

  private LivyVersion detectVersion(Transport t) {
    try {
      JsonNode n = json(t.send(get("/version")), "GET /version");
      LivyVersion v = LivyVersion.parse(n.path("version").asText(""));
      LOG.debug("Livy at {} is version {}", base, v);
      return v;
    } catch (LivyServiceException e) {
      if (e.statusCode() == 404) {
        // servers before 0.6 have no /version: assume the oldest dialect livy4j speaks
        LOG.debug("Livy at {} has no /version; assuming {}", base, LivyVersion.OLDEST);
        return LivyVersion.OLDEST;
      }
      throw e;
    }
  }

  @Override
  public BackendCapabilities capabilities(Transport transport) {
    LivyVersion v = version(transport);
    Set<SessionField> fields = EnumSet.copyOf(BASE_FIELDS);
    if (v.atLeast(0, 8)) {
      fields.add(SessionField.TTL);
    }
    if (v.atLeast(0, 9)) {
      fields.add(SessionField.IDLE_TIMEOUT);
    }
    return BackendCapabilities.builder()
        .createFields(fields)
        .sessionLogs(true)
        .sessionStateCall(true)
        .statementCancel(true)
        .completion(true)
        .batches(true)
        .keepAlive(true)
        .idsReused(true)
        .build();
  }

  @Override
  public SessionInfo createSession(Transport t, SessionSpec spec, String name) {
    return Futures.join(createSessionAsync(t.blocking(), spec, name));
  }

  @Override
  public CompletableFuture<SessionInfo> createSessionAsync(
      Transport t, SessionSpec spec, String name) {
    try {
      // the version is known by now (the client reads the capabilities before a create)
      BackendCapabilities caps = capabilities(t);
      JsonBody body = shared(JsonBody.object(), spec, name);
      spec.kind().ifPresent(k -> body.put("kind", k.wireName()));
      spec.heartbeatTimeout()
          .ifPresent(d -> body.put("heartbeatTimeoutInSecond", Math.max(1, d.toSeconds())));
      if (caps.accepts(SessionField.TTL)) {
        spec.ttl().ifPresent(d -> body.put("ttl", livyTime(d)));
      }
      if (caps.accepts(SessionField.IDLE_TIMEOUT)) {
        spec.idleTimeout().ifPresent(d -> body.put("idleTimeout", livyTime(d)));
      }
      return t.sendAsync(post("/sessions", body.toString(), false))
          .thenApply(r -> LivyJson.session(r.bodyText()).build());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String livyTime(Duration d) {
    return Math.max(1, d.toSeconds()) + "s";
  }

  /** Writes the fields sessions and batches share. */
  private static JsonBody shared(JsonBody body, SparkSpec spec, String name) {
    return body.put("name", name)
        .put("proxyUser", spec.proxyUser().orElse(null))
        .list("jars", spec.jars())
        .list("pyFiles", spec.pyFiles())
        .list("files", spec.files())
        .list("archives", spec.archives())
        .put("queue", spec.queue().orElse(null))
        .sparkResources(spec);
  }

  @Override
  public SessionInfo getSession(Transport t, SessionId id) {
    return Futures.join(getSessionAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionAsync(Transport t, SessionId id) {
    return SessionCalls.async(
        id, t.readAsync(get(sessionPath(id)), in -> LivyJson.session(text(in)).build()));
  }

  @Override
  public SessionInfo getSessionState(Transport t, SessionId id) {
    return Futures.join(getSessionStateAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionStateAsync(Transport t, SessionId id) {
    return SessionCalls.async(
        id,
        t.readAsync(
            get(sessionPath(id) + "/state"),
            in -> {
              JsonNode n = json(text(in), "GET session state");
              return SessionInfo.builder(id, n.path("state").asText("unknown")).build();
            }));
  }

  @Override
  public List<SessionInfo> listSessions(Transport t) {
    return listAll(t, "/sessions");
  }

  /** Reads one item of the session list: an answer whatever the server's version. */
  @Override
  public void ping(Transport t) {
    LivyJson.items(t.send(get("/sessions?from=0&size=1")).bodyText());
  }

  /** Reads every page of a session or batch list (Livy names both lists "sessions"). */
  private List<SessionInfo> listAll(Transport t, String path) {
    return ListPaging.readAll(
        from -> {
          String body = t.send(get(path + "?from=" + from + "&size=" + PAGE)).bodyText();
          List<SessionInfo> items =
              LivyJson.items(body).stream().map(i -> LivyJson.session(i).build()).toList();
          int reached = from + items.size();
          int total = json(body, "GET " + path).path("total").asInt(reached);
          return new ListPaging.Page<>(items, reached >= total);
        },
        MAX_PAGES,
        description() + ": the list " + path);
  }

  @Override
  public void deleteSession(Transport t, SessionId id) {
    SessionCalls.run(id, () -> t.send(delete(sessionPath(id))));
  }

  @Override
  public LogPage sessionLog(Transport t, SessionId id, int from, int size) {
    return SessionCalls.call(id, () -> log(t, sessionPath(id), from, size));
  }

  private LogPage log(Transport t, String path, int from, int size) {
    String query = from < 0 ? "?size=" + size : "?from=" + from + "&size=" + size;
    JsonNode n = json(t.send(get(path + "/log" + query)), "GET log");
    List<String> lines = new ArrayList<>();
    n.path("log").forEach(l -> lines.add(l.asText()));
    return new LogPage(
        n.path("from").asInt(Math.max(from, 0)), n.path("total").asInt(lines.size()), lines);
  }

  /**
   * Records activity on the session without running code: {@code POST /sessions/{id}/connect},
   * the call Livy's own Java client makes (a GET is not activity to Livy's idle reaper).
   */
  @Override
  public void keepAlive(Transport t, SessionId id) {
    SessionCalls.run(id, () -> t.send(post(sessionPath(id) + "/connect", null, true)));
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
      sent = t.readAsync(post(sessionPath(id) + "/statements", body, false), LivyJson::statement);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return Futures.mapFailure(
        SessionCalls.async(id, sent),
        e -> {
          if (e instanceof LivyServiceException lse && lse.statusCode() == 500) {
            Matcher m = NOT_READY.matcher(lse.getMessage());
            if (m.find()) {
              return new SessionNotReadyException(SessionState.fromWireName(m.group(1)), lse);
            }
          }
          return e;
        });
  }

  @Override
  public List<StatementInfo> listStatements(Transport t, SessionId id) {
    return SessionCalls.call(
        id, () -> t.read(get(sessionPath(id) + "/statements"), LivyJson::statements));
  }

  @Override
  public StatementInfo getStatement(Transport t, SessionId id, StatementId statement) {
    return Futures.join(getStatementAsync(t.blocking(), id, statement));
  }

  @Override
  public CompletableFuture<StatementInfo> getStatementAsync(
      Transport t, SessionId id, StatementId statement) {
    return SessionCalls.async(
        id, t.readAsync(get(statementPath(id, statement)), LivyJson::statement));
  }

  @Override
  public void cancelStatement(Transport t, SessionId id, StatementId statement) {
    SessionCalls.run(id, () -> t.send(post(statementPath(id, statement) + "/cancel", null, true)));
  }

  @Override
  public List<String> completion(Transport t, SessionId id, Code code, int cursor) {
    String body =
        JsonBody.object()
            .put("code", code.code())
            .put("kind", code.kind().wireName())
            .put("cursor", cursor)
            .toString();
    return SessionCalls.call(
        id,
        () -> {
          JsonNode n =
              json(t.send(post(sessionPath(id) + "/completion", body, true)), "POST completion");
          List<String> out = new ArrayList<>();
          n.path("candidates").forEach(c -> out.add(c.asText()));
          return out;
        });
  }

  @Override
  public SessionInfo submitBatch(Transport t, BatchSpec spec, String name) {
    JsonBody body =
        shared(JsonBody.object(), spec, name)
            .put("file", spec.file())
            .put("className", spec.className().orElse(null))
            .list("args", spec.args());
    return LivyJson.session(t.send(post("/batches", body.toString(), false)).bodyText()).build();
  }

  @Override
  public SessionInfo getBatch(Transport t, BatchId id) {
    return Futures.join(getBatchAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getBatchAsync(Transport t, BatchId id) {
    return t.readAsync(get(LivyPaths.batch(id)), in -> LivyJson.session(text(in)).build());
  }

  @Override
  public List<SessionInfo> listBatches(Transport t) {
    return listAll(t, "/batches");
  }

  @Override
  public void deleteBatch(Transport t, BatchId id) {
    t.send(delete(LivyPaths.batch(id)));
  }

  @Override
  public LogPage batchLog(Transport t, BatchId id, int from, int size) {
    return log(t, LivyPaths.batch(id), from, size);
  }

  private static String sessionPath(SessionId id) {
    return LivyPaths.session(id);
  }

  private static String statementPath(SessionId id, StatementId statement) {
    return LivyPaths.statement(sessionPath(id) + "/statements", statement);
  }

  private BackendRequest get(String path) {
    return decorate(BackendRequest.get(uri(path)), false);
  }

  private BackendRequest delete(String path) {
    return decorate(BackendRequest.delete(uri(path)), true);
  }

  private BackendRequest post(String path, String body, boolean idempotent) {
    return decorate(BackendRequest.post(uri(path), body, idempotent), true);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private BackendRequest decorate(BackendRequest r, boolean mutating) {
    BackendRequest out = r;
    for (Map.Entry<String, String> h : headers.entrySet()) {
      out = out.withHeader(h.getKey(), h.getValue());
    }
    if (mutating && requestedBy != null) {
      out = out.withHeader("X-Requested-By", requestedBy);
    }
    if (basicAuth != null) {
      out = out.withHeader("Authorization", basicAuth);
    }
    return out;
  }

  /**
   * A successful answer's body as text, read through the transport's reader: a body that then
   * cannot be parsed is an unreadable answer, which the transport reads again for a read.
   */
  private static String text(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static JsonNode json(BackendResponse r, String what) {
    return json(Objects.requireNonNull(r, "response").bodyText(), what);
  }

  private static JsonNode json(String body, String what) {
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw new LivyClientException("Unexpected answer to " + what + ": not a JSON object", null);
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new LivyClientException(
          "Malformed JSON in the answer to " + what + ": " + e.getOriginalMessage(), null);
    }
  }
}
