package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionId;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionNotFoundException;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.SparkSpec;
import io.github.livy4j.StatementId;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.spi.BackendCapabilities;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.LivyBackend;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.LivyJson;
import io.github.livy4j.spi.SessionField;
import io.github.livy4j.spi.Throttling;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Fabric Livy dialect. Thread-safe; its only state is where the statements of the
 * high-concurrency sessions it has seen go.
 */
public final class FabricLivyBackend implements LivyBackend {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 100;
  private static final int MAX_PAGES = 10_000;
  private static final int MIN_PAGE = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(FabricLivyBackend.class);
  private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
      EnumSet.of(SessionField.KIND, SessionField.ARCHIVES, SessionField.PY_FILES,
          SessionField.TAGS, SessionField.SHARED_SESSION, SessionField.DRIVER_MEMORY,
          SessionField.DRIVER_CORES, SessionField.EXECUTOR_MEMORY, SessionField.EXECUTOR_CORES,
          SessionField.NUM_EXECUTORS),
      false, false, true, false, true, true, Duration.ofSeconds(60), false);

  /** Marks the SDK's id of a high-concurrency session (a REPL in a shared session). */
  static final String SHARED = "hc:";

  private final URI root;
  private final long maxOutputSize;
  private final AtomicBoolean sharedKeepAliveRefused = new AtomicBoolean();
  /** The output page size in use: smaller than configured once the server refused a size. */
  private final AtomicInteger pageSize;
  /** High-concurrency session id to {@code [shared session id, REPL id]}, once known. */
  private final Map<String, String[]> routes = new ConcurrentHashMap<>();

  /**
   * Creates the backend.
   *
   * @param root the lakehouse's Livy API root, ending in {@code /versions/<version>}
   * @param outputPageSize the bytes of statement output to read per request
   * @param maxOutputSize the most bytes of one statement's output to read
   */
  public FabricLivyBackend(URI root, int outputPageSize, long maxOutputSize) {
    this.root = root;
    this.maxOutputSize = maxOutputSize;
    this.pageSize = new AtomicInteger(outputPageSize);
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
    return "Fabric Livy at " + root.getScheme() + "://" + root.getHost()
        + (root.getPort() < 0 ? "" : ":" + root.getPort()) + root.getRawPath();
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
    // the session kind is not part of Fabric's create request: statements carry their kind
    ObjectNode body = JSON.createObjectNode();
    putShared(body, spec, name);
    putList(body, "pyFiles", spec.pyFiles());
    return FabricJson.session(t.send(BackendRequest.post(uri("/sessions"), body.toString(),
        false)).bodyText());
  }

  /**
   * Acquires a REPL in a shared session: {@code POST /highConcurrencySessions}, a session
   * request plus the tag. The session is shared by its tag, so the first acquirer's settings
   * are the ones it runs with.
   */
  private SessionInfo acquireShared(Transport t, SessionSpec spec, String name) {
    if (!spec.pyFiles().isEmpty()) {
      throw new IllegalArgumentException("a shared (high-concurrency) session takes no Python"
          + " files (pyFiles): remove them from the SessionSpec, or use a session of its own");
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("sessionTag", spec.sharedSessionTag().orElseThrow());
    putShared(body, spec, name);
    String answer = t.send(BackendRequest.post(uri("/highConcurrencySessions"),
        body.toString(), false)).bodyText();
    return remember(answer);
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

  @Override
  public SessionInfo getSession(Transport t, SessionId id) {
    return Futures.join(getSessionAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionAsync(Transport t, SessionId id) {
    if (isShared(id)) {
      return onSession(id, t.sendAsync(BackendRequest.get(
          uri("/highConcurrencySessions/" + enc(sharedId(id)))))
          .thenApply(r -> remember(r.bodyText())));
    }
    return onSession(id, t.sendAsync(BackendRequest.get(uri(sessionPath(id))))
        .thenApply(r -> FabricJson.session(r.bodyText())));
  }

  @Override
  public CompletableFuture<SessionInfo> getSessionStateAsync(Transport t, SessionId id) {
    return getSessionAsync(t, id);
  }

  @Override
  public List<SessionInfo> listSessions(Transport t) {
    return listAll(t, "/sessions", FabricJson::session);
  }

  @Override
  public void deleteSession(Transport t, SessionId id) {
    if (isShared(id)) {
      // releases the REPL; the service ends the shared session with its last REPL
      try {
        sendOnSession(id, () -> t.send(BackendRequest.delete(
            uri("/highConcurrencySessions/" + enc(sharedId(id))))));
      } finally {
        routes.remove(sharedId(id));
      }
      return;
    }
    sendOnSession(id, () -> t.send(BackendRequest.delete(uri(sessionPath(id)))));
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
  public CompletableFuture<StatementInfo> submitStatementAsync(Transport t, SessionId id,
      Code code) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code.code());
    body.put("kind", code.kind().wireName());
    CompletableFuture<StatementInfo> sent;
    try {
      sent = t.sendAsync(BackendRequest.post(uri(statementsPath(t, id)), body.toString(), false))
          .thenApply(r -> LivyJson.statement(r.bodyText()));
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return onSession(id, sent);
  }

  @Override
  public List<StatementInfo> listStatements(Transport t, SessionId id) {
    return onSession(id, () -> LivyJson.items(t.send(BackendRequest.get(
        uri(statementsPath(t, id)))).bodyText()).stream().map(LivyJson::statement).toList());
  }

  @Override
  public StatementInfo getStatement(Transport t, SessionId id, StatementId statement) {
    return Futures.join(getStatementAsync(t.blocking(), id, statement));
  }

  @Override
  public CompletableFuture<StatementInfo> getStatementAsync(Transport t, SessionId id,
      StatementId statement) {
    String path;
    try {
      path = statementsPath(t, id) + "/" + enc(statement.value());
    } catch (RuntimeException e) {
      return onSession(id, CompletableFuture.failedFuture(e));
    }
    return onSession(id, readStatement(t, path));
  }

  @Override
  public void cancelStatement(Transport t, SessionId id, StatementId statement) {
    sendOnSession(id, () -> t.send(BackendRequest.post(uri(statementsPath(t, id) + "/"
        + enc(statement.value()) + "/cancel"), null, true)));
  }

  /**
   * Reads a statement with its whole output. Fabric pages the {@code text/plain} output by
   * {@code from} and {@code size} in bytes and says nowhere how much there is, so pages are read
   * until one comes back empty: a server that caps the page size cannot cut the output short
   * unnoticed. A size the server refuses (400) is replaced by a smaller one; a server that
   * ignores {@code size} or {@code from} hands out the whole output in the first page.
   */
  private CompletableFuture<StatementInfo> readStatement(Transport t, String path) {
    return page(t, path, 0).thenCompose(body -> {
      Output out = Output.start(body, pageSize.get());
      if (out == null) {
        return CompletableFuture.completedFuture(LivyJson.statement(body));
      }
      CompletableFuture<StatementInfo> result = new CompletableFuture<>();
      readPages(t, path, out, result);
      return result;
    });
  }

  /**
   * Reads the pages after the first: in a loop while they come at once (a blocking
   * transport), continuing from the answer's callback when they do not.
   */
  private void readPages(Transport t, String path, Output out,
      CompletableFuture<StatementInfo> result) {
    while (true) {
      if (out.from >= maxOutputSize) {
        result.completeExceptionally(new LivyClientException("The statement's output is"
            + " larger than the " + maxOutputSize + " bytes this client reads"
            + " (FabricLivy.Builder.maxOutputSize)", null, false));
        return;
      }
      CompletableFuture<String> next = page(t, path, out.from);
      if (!next.isDone()) {
        next.whenComplete((body, e) -> {
          if (e != null) {
            result.completeExceptionally(Futures.unwrap(e));
          } else if (out.add(body)) {
            readPages(t, path, out, result);
          } else {
            complete(result, out);
          }
        });
        return;
      }
      String body;
      try {
        body = Futures.join(next);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        return;
      }
      if (!out.add(body)) {
        complete(result, out);
        return;
      }
    }
  }

  private static void complete(CompletableFuture<StatementInfo> result, Output out) {
    try {
      result.complete(out.statement());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /** A statement's text output, read page by page. */
  private static final class Output {
    private final JsonNode statement;
    private final String firstText;
    private final int firstBytes;
    private final boolean firstFull;
    private final StringBuilder text;
    long from;

    private Output(JsonNode statement, String firstText, int firstBytes, boolean firstFull) {
      this.statement = statement;
      this.firstText = firstText;
      this.firstBytes = firstBytes;
      this.firstFull = firstFull;
      this.text = new StringBuilder(firstText);
      this.from = firstBytes;
    }

    /** @return the output to read on from the first page, or {@code null} if it is all here */
    static Output start(String body, int pageSize) {
      if (!body.contains("\"text/plain\"")) {
        return null; // no text output (yet): the common poll
      }
      JsonNode n = FabricJson.tree(body);
      JsonNode first = n.path("output").path("data").get("text/plain");
      if (first == null || !first.isTextual() || first.textValue().isEmpty()) {
        return null;
      }
      String firstText = first.textValue();
      int firstBytes = utf8Length(firstText);
      if (firstBytes > pageSize) {
        return null; // the server does not page: this is all of it
      }
      return new Output(n, firstText, firstBytes, firstBytes >= pageSize - 3);
    }

    /** @return whether to read another page after this one */
    boolean add(String body) {
      JsonNode page = FabricJson.tree(body).path("output").path("data").get("text/plain");
      String chunk = page != null && page.isTextual() ? page.textValue() : "";
      if (chunk.isEmpty()) {
        return false; // past the end
      }
      if (!firstFull && from == firstBytes && chunk.equals(firstText)) {
        return false; // the server ignores from: its first page was the whole output
      }
      text.append(chunk);
      from += utf8Length(chunk);
      return true;
    }

    StatementInfo statement() {
      ((ObjectNode) statement.path("output").path("data")).put("text/plain", text.toString());
      return LivyJson.statement(statement.toString());
    }
  }

  /** One page of a statement, in a smaller size when the server refuses the current one. */
  private CompletableFuture<String> page(Transport t, String path, long from) {
    int size = pageSize.get();
    return t.sendAsync(BackendRequest.get(uri(path + "?from=" + from + "&size=" + size)))
        .handle((r, e) -> {
          if (e == null) {
            return CompletableFuture.completedFuture(r.bodyText());
          }
          Throwable cause = Futures.unwrap(e);
          if (!(cause instanceof LivyServiceException lse) || !smaller(lse, size)) {
            return CompletableFuture.<String>failedFuture(cause);
          }
          return page(t, path, from);
        }).thenCompose(f -> f);
  }

  /** Whether a refused page size was replaced by a smaller one to try. */
  private boolean smaller(LivyServiceException e, int size) {
    boolean aboutStatement = e.errorCode().map(c -> c.toLowerCase(Locale.ROOT))
        .filter(c -> c.contains("statement") || c.contains("session")).isPresent();
    if (e.statusCode() != 400 || aboutStatement || size <= MIN_PAGE) {
      return false;
    }
    int smaller = Math.max(MIN_PAGE, size / 8);
    if (pageSize.compareAndSet(size, smaller)) {
      LOG.info("{} refused output pages of {} bytes; reading pages of {} bytes",
          description(), size, smaller);
    }
    return true;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** Where a session's statements live: its own, or its REPL's in a shared session. */
  private String statementsPath(Transport t, SessionId id) {
    if (!isShared(id)) {
      return sessionPath(id) + "/statements";
    }
    String[] route = route(t, id);
    return "/highConcurrencySessions/" + enc(route[0]) + "/repls/" + enc(route[1])
        + "/statements";
  }

  /** The shared session and REPL of a high-concurrency session, asked for once if unknown. */
  private String[] route(Transport t, SessionId id) {
    String[] route = routes.get(sharedId(id));
    if (route == null) {
      SessionInfo info = getSession(t, id);
      route = routes.get(sharedId(id));
      if (route == null) {
        throw new LivyClientException("The REPL of shared session " + id
            + " is not ready yet (state " + info.rawState() + ")", null, false);
      }
    }
    return route;
  }

  private static boolean isShared(SessionId id) {
    return id.value().startsWith(SHARED);
  }

  private static String sharedId(SessionId id) {
    return id.value().substring(SHARED.length());
  }

  @Override
  public List<String> completion(Transport t, SessionId id, Code code, int cursor) {
    throw new UnsupportedOperationException(description() + " offers no code completion");
  }

  @Override
  public void keepAlive(Transport t, SessionId id) {
    if (!isShared(id)) {
      sendOnSession(id, () -> t.send(BackendRequest.post(uri(sessionPath(id)
          + "/reset-timeout"), null, true)));
      return;
    }
    // a REPL keeps its shared session alive through the underlying session's reset-timeout,
    // which the published API does not document for shared sessions: refused, it is harmless
    String path = "/sessions/" + enc(route(t, id)[0]) + "/reset-timeout";
    try {
      t.send(BackendRequest.post(uri(path), null, true));
    } catch (LivyServiceException e) {
      if (e.statusCode() != 404 && e.statusCode() != 405) {
        throw e;
      }
      if (sharedKeepAliveRefused.compareAndSet(false, true)) {
        LOG.info("{} refused reset-timeout for the session under shared session {} ({}); the"
            + " shared session's REPLs keep it alive while they run statements", description(),
            id, e.statusCode());
      }
    }
  }

  @Override
  public SessionInfo submitBatch(Transport t, BatchSpec spec, String name) {
    ObjectNode body = JSON.createObjectNode();
    body.put("file", spec.file());
    spec.className().ifPresent(c -> body.put("className", c));
    putList(body, "args", spec.args());
    putShared(body, spec, name);
    putList(body, "jars", spec.jars());
    putList(body, "pyFiles", spec.pyFiles());
    putList(body, "files", spec.files());
    return FabricJson.session(t.send(BackendRequest.post(uri("/batches"), body.toString(),
        false)).bodyText());
  }

  @Override
  public SessionInfo getBatch(Transport t, BatchId id) {
    return Futures.join(getBatchAsync(t.blocking(), id));
  }

  @Override
  public CompletableFuture<SessionInfo> getBatchAsync(Transport t, BatchId id) {
    return t.sendAsync(BackendRequest.get(uri("/batches/" + enc(id.value()))))
        .thenApply(r -> FabricJson.session(r.bodyText()));
  }

  @Override
  public List<SessionInfo> listBatches(Transport t) {
    return listAll(t, "/batches", FabricJson::session);
  }

  @Override
  public void deleteBatch(Transport t, BatchId id) {
    t.send(BackendRequest.delete(uri("/batches/" + enc(id.value()))));
  }

  /**
   * Reads every page of an OData list ({@code $top}/{@code $skip}), following the server's
   * {@code totalCountOfMatchedItems} (a server may return fewer items than asked for), else
   * its {@code pageSize}, until a page adds nothing.
   */
  private List<SessionInfo> listAll(Transport t, String path,
      Function<String, SessionInfo> parse) {
    List<SessionInfo> all = new ArrayList<>();
    int skip = 0;
    for (int pages = 0; pages < MAX_PAGES; pages++) {
      String body = t.send(BackendRequest.get(uri(path + "?$top=" + PAGE + "&$skip=" + skip)))
          .bodyText();
      JsonNode n = FabricJson.tree(body);
      List<String> items = LivyJson.items(body);
      items.forEach(i -> all.add(parse.apply(i)));
      skip += items.size();
      JsonNode total = n.get("totalCountOfMatchedItems");
      if (items.isEmpty() || total != null && total.canConvertToInt() && skip >= total.asInt()) {
        return all;
      }
      int pageSize = n.path("pageSize").asInt(PAGE);
      if (total == null && items.size() < Math.min(PAGE, pageSize > 0 ? pageSize : PAGE)) {
        return all;
      }
    }
    throw new LivyClientException(description() + " listed more than " + MAX_PAGES
        + " pages of " + path, null, false);
  }

  /** Writes the fields Fabric accepts for both sessions and batches. */
  private static void putShared(ObjectNode body, SparkSpec spec, String name) {
    body.put("name", name);
    if (!spec.tags().isEmpty()) {
      ObjectNode tags = body.putObject("tags");
      spec.tags().forEach(tags::put);
    }
    putList(body, "archives", spec.archives());
    spec.driverMemory().ifPresent(m -> body.put("driverMemory", m));
    spec.driverCores().ifPresent(c -> body.put("driverCores", c));
    spec.executorMemory().ifPresent(m -> body.put("executorMemory", m));
    spec.executorCores().ifPresent(c -> body.put("executorCores", c));
    spec.numExecutors().ifPresent(c -> body.put("numExecutors", c));
    if (!spec.conf().isEmpty()) {
      ObjectNode conf = body.putObject("conf");
      spec.conf().forEach(conf::put);
    }
  }

  private static void putList(ObjectNode body, String field, List<String> values) {
    if (!values.isEmpty()) {
      ArrayNode a = body.putArray(field);
      values.forEach(a::add);
    }
  }

  /**
   * Sends a request about a session whose answer says no more than that it succeeded; a 404
   * that is not about a statement means the session is gone.
   */
  private static void sendOnSession(SessionId id, Runnable send) {
    try {
      send.run();
    } catch (LivyServiceException e) {
      throw sessionGone(id, e);
    }
  }

  /** A 404 that is not about a statement means the session is gone. */
  private static <T> T onSession(SessionId id, Supplier<T> call) {
    try {
      return call.get();
    } catch (LivyServiceException e) {
      throw sessionGone(id, e);
    }
  }

  /** Turns a 404 about the session into {@link SessionNotFoundException}. */
  private static <T> CompletableFuture<T> onSession(SessionId id, CompletableFuture<T> call) {
    return Futures.mapFailure(call, e -> e instanceof LivyServiceException lse
        ? sessionGone(id, lse) : e);
  }

  private static LivyServiceException sessionGone(SessionId id, LivyServiceException e) {
    if (e instanceof SessionNotFoundException || e.statusCode() != 404) {
      return e;
    }
    boolean aboutStatement = e.errorCode().map(c -> c.toLowerCase(Locale.ROOT))
        .filter(c -> c.contains("statement")).isPresent()
        || e.getMessage().contains("Statement not found");
    return aboutStatement ? e : new SessionNotFoundException(id, e);
  }


  private static String sessionPath(SessionId id) {
    return "/sessions/" + enc(id.value());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private URI uri(String pathAndQuery) {
    return URI.create(root + pathAndQuery);
  }
}
