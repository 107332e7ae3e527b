package io.github.livy4j.fabric.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.livy4j.BatchId;
import io.github.livy4j.BatchSpec;
import io.github.livy4j.Code;
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
import io.github.livy4j.spi.LivyJson;
import io.github.livy4j.spi.SessionField;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/** The Fabric Livy dialect. Stateless and thread-safe. */
public final class FabricLivyBackend implements LivyBackend {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 100;
  private static final BackendCapabilities CAPABILITIES = new BackendCapabilities(
      EnumSet.of(SessionField.KIND, SessionField.ARCHIVES, SessionField.PY_FILES,
          SessionField.DRIVER_MEMORY,
          SessionField.DRIVER_CORES, SessionField.EXECUTOR_MEMORY, SessionField.EXECUTOR_CORES,
          SessionField.NUM_EXECUTORS),
      false, false, true, false, true, true, Duration.ofSeconds(60));

  private final URI root;

  /**
   * Creates the backend.
   *
   * @param root the lakehouse's Livy API root, ending in {@code /versions/<version>}
   */
  public FabricLivyBackend(URI root) {
    this.root = root;
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
    // the session kind is not part of Fabric's create request: statements carry their kind
    ObjectNode body = JSON.createObjectNode();
    putShared(body, spec, name);
    putList(body, "pyFiles", spec.pyFiles());
    return FabricJson.session(t.send(BackendRequest.post(uri("/sessions"), body.toString(),
        false)).bodyText());
  }

  @Override
  public SessionInfo getSession(Transport t, SessionId id) {
    return onSession(id, () -> FabricJson.session(
        t.send(BackendRequest.get(uri(sessionPath(id)))).bodyText()));
  }

  @Override
  public List<SessionInfo> listSessions(Transport t) {
    return listAll(t, "/sessions", FabricJson::session);
  }

  @Override
  public void deleteSession(Transport t, SessionId id) {
    onSession(id, () -> t.send(BackendRequest.delete(uri(sessionPath(id)))));
  }

  @Override
  public LogPage sessionLog(Transport t, SessionId id, int from, int size) {
    throw new UnsupportedOperationException(description() + " has no session logs");
  }

  @Override
  public StatementInfo submitStatement(Transport t, SessionId id, Code code) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code.code());
    body.put("kind", code.kind().wireName());
    return onSession(id, () -> LivyJson.statement(t.send(BackendRequest.post(
        uri(sessionPath(id) + "/statements"), body.toString(), false)).bodyText()));
  }

  @Override
  public StatementInfo getStatement(Transport t, SessionId id, StatementId statement) {
    return onSession(id, () -> LivyJson.statement(t.send(BackendRequest.get(
        uri(sessionPath(id) + "/statements/" + enc(statement.value())))).bodyText()));
  }

  @Override
  public void cancelStatement(Transport t, SessionId id, StatementId statement) {
    onSession(id, () -> t.send(BackendRequest.post(uri(sessionPath(id) + "/statements/"
        + enc(statement.value()) + "/cancel"), null, true)));
  }

  @Override
  public List<String> completion(Transport t, SessionId id, Code code, int cursor) {
    throw new UnsupportedOperationException(description() + " offers no code completion");
  }

  @Override
  public void keepAlive(Transport t, SessionId id) {
    onSession(id, () -> t.send(BackendRequest.post(uri(sessionPath(id) + "/reset-timeout"),
        null, true)));
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
    return FabricJson.session(t.send(BackendRequest.get(uri("/batches/" + enc(id.value()))))
        .bodyText());
  }

  @Override
  public List<SessionInfo> listBatches(Transport t) {
    return listAll(t, "/batches", FabricJson::session);
  }

  @Override
  public void deleteBatch(Transport t, BatchId id) {
    t.send(BackendRequest.delete(uri("/batches/" + enc(id.value()))));
  }

  /** Reads every page of an OData list ($top/$skip). */
  private List<SessionInfo> listAll(Transport t, String path,
      Function<String, SessionInfo> parse) {
    List<SessionInfo> all = new ArrayList<>();
    for (int skip = 0; ; skip += PAGE) {
      String body = t.send(BackendRequest.get(uri(path + "?$top=" + PAGE + "&$skip=" + skip)))
          .bodyText();
      List<String> items = LivyJson.items(body);
      items.forEach(i -> all.add(parse.apply(i)));
      JsonNode total = FabricJson.tree(body).get("totalCountOfMatchedItems");
      if (items.size() < PAGE || (total != null && all.size() >= total.asInt())) {
        return all;
      }
    }
  }

  /** Writes the fields Fabric accepts for both sessions and batches. */
  private static void putShared(ObjectNode body, SparkSpec spec, String name) {
    body.put("name", name);
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

  /** A 404 that is not about a statement means the session is gone. */
  private static <T> T onSession(SessionId id, Supplier<T> call) {
    try {
      return call.get();
    } catch (SessionNotFoundException e) {
      throw e;
    } catch (LivyServiceException e) {
      boolean aboutStatement = e.errorCode().map(c -> c.toLowerCase(Locale.ROOT))
          .filter(c -> c.contains("statement")).isPresent()
          || e.getMessage().contains("Statement not found");
      if (e.statusCode() == 404 && !aboutStatement) {
        throw new SessionNotFoundException(id, e);
      }
      throw e;
    }
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
