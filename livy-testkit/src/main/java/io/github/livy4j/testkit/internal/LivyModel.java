package io.github.livy4j.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake server's state: sessions and statements whose states are worked out from the clock
 * at each request, so that virtual time can jump. All methods are synchronized.
 */
public final class LivyModel {
  static final Duration CANCEL_DELAY = Duration.ofMillis(100);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KINDS = Set.of("spark", "pyspark", "sparkr", "sql", "shared");
  private static final List<String> BASE_FIELDS = List.of("kind", "proxyUser", "jars",
      "pyFiles", "files", "driverMemory", "driverCores", "executorMemory", "executorCores",
      "numExecutors", "archives", "queue", "name", "conf", "heartbeatTimeoutInSecond");
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

  /** An answer. */
  public record Reply(int status, String contentType, String body, Map<String, String> headers) {
    static Reply json(int status, Object body) {
      return new Reply(status, "application/json;charset=utf-8", write(body), Map.of());
    }

    Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, contentType, body, h);
    }
  }

  private record Script(Predicate<String> code, ScriptedResult result) {}

  private static final Pattern FABRIC_ROOT = Pattern.compile(
      "/v1/workspaces/[^/]+/lakehouses/[^/]+/livy[aA]pi/versions/[^/]+(/.*)?");
  private static final List<String> FABRIC_FIELDS = List.of("name", "conf", "tags", "archives",
      "driverMemory", "driverCores", "executorMemory", "executorCores", "numExecutors", "kind",
      "pyFiles");
  private static final long GUID_HIGH = 0x4c697679_4a4a_4000L;

  private final Clock clock;
  private final boolean fabric;
  private final String versionText;
  private final int major;
  private final int minor;
  private final Duration startup;
  private final Duration statementDuration;
  private final Duration sessionTimeout;
  private final Duration retention;
  private final int sqlRowLimit;
  private final int retained;
  private final Map<Integer, Session> sessions = new LinkedHashMap<>();
  private final List<Script> scripts = new CopyOnWriteArrayList<>();
  private int nextSessionId;
  private String failStartReason;
  private final Map<Integer, Batch> batches = new LinkedHashMap<>();
  private final Map<String, BatchScript> batchScripts = new LinkedHashMap<>();
  private int nextBatchId;
  /** High-concurrency sessions: REPLs in shared sessions, by internal id. */
  private final Map<Integer, Repl> repls = new LinkedHashMap<>();
  private int nextReplId;
  private static final int REPLS_PER_SESSION = 5;
  private static final Duration REPL_START = Duration.ofSeconds(2);
  private static final long SHARED_HIGH = GUID_HIGH + 1;
  private static final long REPL_HIGH = GUID_HIGH + 2;
  private static final List<String> SHARED_FIELDS = List.of("sessionTag", "name", "conf");

  private record BatchScript(boolean succeeds, Duration runningTime, List<String> log) {}
  private static final List<String> BATCH_FIELDS = List.of("file", "proxyUser", "className",
      "args", "jars", "pyFiles", "files", "driverMemory", "driverCores", "executorMemory",
      "executorCores", "numExecutors", "archives", "queue", "name", "conf");

  /**
   * Creates the model.
   *
   * @param clock the clock
   * @param version the Livy version to behave as
   * @param startup session startup time
   * @param statementDuration unscripted statement time
   * @param sessionTimeout idle session timeout
   * @param retention how long finished sessions stay visible
   * @param sqlRowLimit SQL row cap
   * @param retained statements kept per session
   * @param fabric whether to speak the Fabric dialect
   */
  public LivyModel(Clock clock, String version, Duration startup, Duration statementDuration,
      Duration sessionTimeout, Duration retention, int sqlRowLimit, int retained,
      boolean fabric) {
    this.clock = clock;
    this.fabric = fabric;
    this.versionText = version;
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      throw new IllegalArgumentException("Livy version '" + version + "' is not like 0.7.1");
    }
    this.major = Integer.parseInt(m.group(1));
    this.minor = Integer.parseInt(m.group(2));
    this.startup = startup;
    this.statementDuration = statementDuration;
    this.sessionTimeout = sessionTimeout;
    this.retention = retention;
    this.sqlRowLimit = sqlRowLimit;
    this.retained = retained;
  }

  /** @return whether this model speaks the Fabric dialect */
  public boolean fabric() {
    return fabric;
  }

  /** The id clients see: an int for Apache Livy, a GUID for Fabric. */
  private Object publicId(int id) {
    return fabric ? guid(GUID_HIGH, id) : id;
  }

  private void putId(ObjectNode n, int id) {
    Object pid = publicId(id);
    if (pid instanceof Integer i) {
      n.put("id", i);
    } else {
      n.put("id", (String) pid);
    }
  }

  private Integer internalId(String key) {
    if (fabric) {
      return guidId(GUID_HIGH, key);
    }
    try {
      return Integer.parseInt(key);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * A Fabric error answer.
   *
   * @param status the status
   * @param code the error code
   * @param message the message
   * @return the answer
   */
  public Reply fabricError(int status, String code, String message) {
    ObjectNode n = JSON.createObjectNode();
    n.put("errorCode", code);
    n.put("message", message);
    n.put("requestId", java.util.UUID.randomUUID().toString());
    return Reply.json(status, n);
  }

  private boolean atLeast(int maj, int min) {
    return major > maj || (major == maj && minor >= min);
  }

  /**
   * Adds a script; later scripts win.
   *
   * @param code which code
   * @param result what it produces
   */
  public void script(Predicate<String> code, ScriptedResult result) {
    scripts.add(0, new Script(code, result));
  }

  /**
   * Makes later sessions fail to start.
   *
   * @param reason the log line, or {@code null} to stop
   */
  public synchronized void failStarts(String reason) {
    this.failStartReason = reason;
  }

  /**
   * Kills a session.
   *
   * @param id the session id
   */
  public synchronized void kill(String id) {
    tick();
    Session s = find(id);
    if (s == null) {
      throw new IllegalArgumentException("no session " + id);
    }
    s.state = "dead";
    s.finishedAt = clock.instant();
    s.log.add("Error: the driver died (killed by FakeLivy)");
  }

  /**
   * Scripts how batches with a main class end.
   *
   * @param className the class
   * @param succeeds whether it ends in success
   * @param runningTime how long it runs
   * @param log its last log lines
   */
  public synchronized void scriptBatch(String className, boolean succeeds, Duration runningTime,
      List<String> log) {
    batchScripts.put(className, new BatchScript(succeeds, runningTime, List.copyOf(log)));
  }

  /** @return how many batches exist */
  public synchronized int batchCount() {
    tick();
    return batches.size();
  }

  /** @return how many sessions exist */
  public synchronized int sessionCount() {
    tick();
    return sessions.size();
  }

  /**
   * Handles a request.
   *
   * @param method the method
   * @param path the path
   * @param query the raw query, or empty
   * @param body the body
   * @return the answer
   */
  public synchronized Reply handle(String method, String path, String query, String body) {
    tick();
    Map<String, String> params = params(query);
    if (fabric) {
      Matcher root = FABRIC_ROOT.matcher(path);
      if (!root.matches()) {
        return fabricError(404, "EntityNotFound", "No such API: " + path);
      }
      path = root.group(1) == null ? "" : root.group(1);
    }
    String[] p = path.replaceAll("/+$", "").split("/");
    // p[0] is "" for a leading slash
    if (!fabric && p.length == 2 && p[1].equals("version") && method.equals("GET")) {
      return version();
    }
    if (p.length >= 2 && p[1].equals("batches")) {
      return handleBatches(method, p, params, body);
    }
    if (fabric && p.length >= 2 && p[1].equals("highConcurrencySessions")) {
      return handleShared(method, p, params, body);
    }
    if (p.length < 2 || !p[1].equals("sessions")) {
      return new Reply(404, "text/html;charset=iso-8859-1", "<html><body><h2>HTTP ERROR 404"
          + "</h2><p>Problem accessing " + path + ". Reason: Not Found</p></body></html>",
          Map.of());
    }
    if (p.length == 2) {
      return switch (method) {
        case "GET" -> listSessions(params);
        case "POST" -> createSession(body);
        default -> methodNotAllowed();
      };
    }
    Session s = find(p[2]);
    if (s == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, sessionJson(s));
        case "DELETE" -> deleteSession(s);
        default -> methodNotAllowed();
      };
    }
    String sub = p[3];
    if (fabric && p.length == 4 && sub.equals("reset-timeout") && method.equals("POST")) {
      s.lastActivity = clock.instant();
      return new Reply(204, "application/json", "", Map.of());
    }
    if (fabric && (sub.equals("state") || sub.equals("log") || sub.equals("completion"))) {
      return fabricError(404, "EntityNotFound", "No such API: " + sub);
    }
    if (p.length == 4 && sub.equals("state") && method.equals("GET")) {
      return stateReply(s.id, s.state);
    }
    if (p.length == 4 && sub.equals("log") && method.equals("GET")) {
      return log(s, params);
    }
    if (p.length == 4 && sub.equals("completion") && method.equals("POST")) {
      s.lastActivity = clock.instant();
      ObjectNode n = JSON.createObjectNode();
      n.putArray("candidates");
      return Reply.json(200, n);
    }
    if (sub.equals("statements")) {
      if (p.length == 4) {
        return switch (method) {
          case "GET" -> listStatements(s);
          case "POST" -> submit(s, body);
          default -> methodNotAllowed();
        };
      }
      Statement st = findStatement(s, p[4]);
      if (st == null) {
        return bare(404, "Statement not found");
      }
      if (p.length == 5 && method.equals("GET")) {
        return Reply.json(200, pagedStatementJson(st, params));
      }
      if (p.length == 6 && p[5].equals("cancel") && method.equals("POST")) {
        return cancel(s, st);
      }
    }
    return new Reply(404, "text/plain", "Not Found", Map.of());
  }

  private Reply handleBatches(String method, String[] p, Map<String, String> params,
      String body) {
    if (p.length == 2) {
      return switch (method) {
        case "GET" -> listBatches(params);
        case "POST" -> submitBatch(body);
        default -> methodNotAllowed();
      };
    }
    Batch b = findBatch(p[2]);
    if (b == null) {
      return msg(404, "Session '" + p[2] + "' not found.");
    }
    if (p.length == 3) {
      return switch (method) {
        case "GET" -> Reply.json(200, batchJson(b));
        case "DELETE" -> {
          batches.remove(b.id);
          yield deleted();
        }
        default -> methodNotAllowed();
      };
    }
    if (fabric && p.length == 4) {
      return fabricError(404, "EntityNotFound", "No such API: " + p[3]);
    }
    if (p.length == 4 && p[3].equals("state") && method.equals("GET")) {
      return stateReply(b.id, b.state);
    }
    if (p.length == 4 && p[3].equals("log") && method.equals("GET")) {
      return logReply(b.id, b.log, params);
    }
    return new Reply(404, "text/plain", "Not Found", Map.of());
  }

  // --- high-concurrency sessions ---

  private Reply handleShared(String method, String[] p, Map<String, String> params,
      String body) {
    if (p.length == 2) {
      return method.equals("POST") ? acquire(body) : methodNotAllowed();
    }
    if (p.length == 3) {
      Repl r = repls.get(guidId(SHARED_HIGH, p[2]));
      if (r == null) {
        return fabricError(404, "HighConcurrencySessionNotFound",
            "High concurrency session '" + p[2] + "' not found.");
      }
      return switch (method) {
        case "GET" -> Reply.json(200, sharedJson(r));
        case "DELETE" -> release(r);
        default -> methodNotAllowed();
      };
    }
    // statements go to /highConcurrencySessions/{sessionId}/repls/{replId}/statements
    Session s = find(p[2]);
    Repl r = p.length >= 5 && p[3].equals("repls") && s != null
        ? s.repls.stream().filter(x -> Integer.valueOf(x.id).equals(guidId(REPL_HIGH, p[4])))
            .findFirst().orElse(null) : null;
    if (r == null) {
      return fabricError(404, "ReplNotFound", "REPL '" + String.join("/", p) + "' not found.");
    }
    if (p.length == 6 && p[5].equals("statements")) {
      return switch (method) {
        case "GET" -> listStatements(r.statements);
        case "POST" -> submit(r.statements, body);
        default -> methodNotAllowed();
      };
    }
    Statement st = p.length >= 7 && p[5].equals("statements")
        ? findStatement(r.statements, p[6]) : null;
    if (st == null) {
      return bare(404, "Statement not found");
    }
    if (p.length == 7 && method.equals("GET")) {
      return Reply.json(200, pagedStatementJson(st, params));
    }
    if (p.length == 8 && p[7].equals("cancel") && method.equals("POST")) {
      return cancel(r.statements, st);
    }
    return fabricError(404, "EntityNotFound", "No such API");
  }

  /** Packs the REPL into a live shared session with this tag and room, or starts one. */
  private Reply acquire(String body) {
    Request parsed = request(body, SHARED_FIELDS, "HighConcurrencySessionRequest");
    if (parsed.error() != null) {
      return parsed.error();
    }
    JsonNode req = parsed.json();
    String tag = text(req, "sessionTag");
    Instant now = clock.instant();
    Session shared = tag == null ? null : sessions.values().stream()
        .filter(x -> tag.equals(x.sessionTag) && x.repls.size() < REPLS_PER_SESSION
            && (x.state.equals("starting") || x.state.equals("idle") || x.state.equals("busy")))
        .findFirst().orElse(null);
    if (shared == null) {
      int id = nextSessionId++;
      shared = new Session(id, "hc-" + (tag == null ? id : tag) + "-" + id, null, null, now,
          now.plus(startup), failStartReason);
      shared.sessionTag = tag;
      sessions.put(id, shared);
    }
    Instant base = shared.readyAt.isAfter(now) ? shared.readyAt : now;
    // a REPL starts in about 2 s, or as fast as sessions do when that is faster
    Duration replStart = startup.compareTo(REPL_START) < 0 ? startup : REPL_START;
    Session statements = new Session(-1, null, null, null, now, base.plus(replStart),
        shared.failReason);
    Repl r = new Repl(nextReplId++, text(req, "name"), shared, statements, now);
    shared.repls.add(r);
    repls.put(r.id, r);
    return Reply.json(202, sharedJson(r));
  }

  /** Releases a REPL; the shared session ends with its last REPL. */
  private Reply release(Repl r) {
    repls.remove(r.id);
    r.session.repls.remove(r);
    if (r.session.repls.isEmpty()) {
      sessions.remove(r.session.id);
    }
    return new Reply(200, "application/json", "", Map.of());
  }

  private ObjectNode sharedJson(Repl r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", guid(SHARED_HIGH, r.id));
    n.put("name", r.name);
    n.put("sessionTag", r.session.sessionTag);
    Instant now = clock.instant();
    Instant ready = r.statements.readyAt;
    String state;
    String shared = r.session.state;
    if (isFailed(shared)) {
      state = r.session.failReason != null ? "Failed" : "Dead";
      ArrayNode errors = n.putArray("errorInfo");
      ObjectNode e = errors.addObject();
      e.put("message", r.session.failReason != null ? r.session.failReason
          : "the shared session ended");
      e.put("errorCode", "SparkApplicationFailed");
    } else if (now.isBefore(r.acquiredAt.plus(
        Duration.between(r.acquiredAt, ready).dividedBy(3)))) {
      state = "NotStarted";
    } else if (now.isBefore(ready)) {
      state = "AcquiringHighConcurrencySession";
    } else {
      state = r.busy() ? "Busy" : "Idle";
    }
    n.put("state", state);
    if (!state.equals("NotStarted")) {
      n.put("sessionId", (String) publicId(r.session.id));
    } else {
      n.putNull("sessionId");
    }
    if (state.equals("Idle") || state.equals("Busy")) {
      n.put("replId", guid(REPL_HIGH, r.id));
    } else {
      n.putNull("replId");
    }
    return n;
  }

  private static boolean isFailed(String state) {
    return state.equals("dead") || state.equals("error") || state.equals("killed");
  }

  private static String guid(long high, int id) {
    return new java.util.UUID(high, 0x8000_0000_0000_0000L | id).toString();
  }

  private static Integer guidId(long high, String key) {
    try {
      java.util.UUID u = java.util.UUID.fromString(key);
      return u.getMostSignificantBits() == high
          ? (int) (u.getLeastSignificantBits() & 0xffff_ffffL) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Fabric pages a statement's text output by {@code from} and {@code size} in bytes; a page
   * never splits a character, so it may stop a few bytes short.
   */
  private ObjectNode pagedStatementJson(Statement st, Map<String, String> params) {
    ObjectNode n = statementJson(st);
    JsonNode text = n.path("output").path("data").get("text/plain");
    if (!fabric || !params.containsKey("size") || text == null || !text.isTextual()) {
      return n;
    }
    byte[] bytes = text.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int from = Math.min(Math.max(0, intParam(params, "from", 0)), bytes.length);
    int end = (int) Math.min(bytes.length, (long) from + Math.max(0, intParam(params, "size",
        bytes.length)));
    while (end > from && end < bytes.length && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    ObjectNode copy = n.deepCopy();
    ((ObjectNode) copy.path("output").path("data")).put("text/plain",
        new String(bytes, from, end - from, java.nio.charset.StandardCharsets.UTF_8));
    return copy;
  }

  private Reply listBatches(Map<String, String> params) {
    return page(batches.values(), params, this::batchJson);
  }

  private Reply submitBatch(String body) {
    Request parsed = request(body, BATCH_FIELDS, "batch.CreateBatchRequest");
    if (parsed.error() != null) {
      return parsed.error();
    }
    JsonNode req = parsed.json();
    if (text(req, "file") == null) {
      return msg(400, "requirement failed: File is required.");
    }
    String name = text(req, "name");
    int id = nextBatchId++;
    if (name != null && batches.values().stream().anyMatch(b -> name.equals(b.name))) {
      return msg(400, "Duplicate session name: Some(" + name + ") for session " + id);
    }
    String className = text(req, "className");
    BatchScript script = className == null ? null : batchScripts.get(className);
    if (script == null) {
      script = new BatchScript(true, statementDuration, List.of());
    }
    Instant now = clock.instant();
    Batch b = new Batch(id, name, text(req, "proxyUser"), now.plus(startup),
        now.plus(startup).plus(script.runningTime()), script);
    batches.put(id, b);
    return created(batchJson(b), "/batches/" + id);
  }

  private Batch findBatch(String key) {
    return byIdOrName(batches, key, b -> b.name);
  }

  private ObjectNode batchJson(Batch b) {
    if (fabric) {
      String reason = !b.state.equals("dead") ? null
          : b.script.log().isEmpty() ? "the batch failed" : b.script.log().get(0);
      return fabricJson(b.id, b.name, b.state, b.runningAt.minus(startup), b.runningAt, reason,
          b.log);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("id", b.id);
    n.put("name", b.name);
    n.putNull("owner");
    n.put("proxyUser", b.proxyUser);
    n.put("state", b.state);
    n.putNull("appId");
    ObjectNode appInfo = n.putObject("appInfo");
    appInfo.putNull("driverLogUrl");
    appInfo.putNull("sparkUiUrl");
    ArrayNode log = n.putArray("log");
    b.log.subList(Math.max(0, b.log.size() - 10), b.log.size()).forEach(log::add);
    return n;
  }

  private void advance(Batch b, Instant now) {
    if (b.state.equals("starting") && !now.isBefore(b.runningAt)) {
      b.state = "running";
    }
    if (b.state.equals("running") && !now.isBefore(b.endAt)) {
      b.state = b.script.succeeds() ? "success" : "dead";
      b.finishedAt = b.endAt;
      b.log.addAll(b.script.log());
      if (b.script.succeeds()) {
        b.log.add("INFO SparkContext: Successfully stopped SparkContext");
      }
      b.log.add("\nstderr: ");
    }
  }

  /** A create request's JSON object, or the 400 that refuses it. */
  private record Request(JsonNode json, Reply error) {}

  /** Reads a create request as Livy's Jackson does: an object with only known fields. */
  private Request request(String body, List<String> known, String type) {
    JsonNode req;
    try {
      req = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      return new Request(null, bare(400, e.getOriginalMessage()));
    }
    if (req == null || !req.isObject()) {
      String simple = type.substring(type.lastIndexOf('.') + 1);
      return new Request(null, bare(400, "Cannot deserialize " + simple
          + " from a non-object"));
    }
    return new Request(req, rejectUnknownFields(req, known, type));
  }

  /** Livy's Jackson rejects unknown fields with a bare-string 400. */
  private Reply rejectUnknownFields(JsonNode req, List<String> known, String type) {
    Iterator<String> names = req.fieldNames();
    while (names.hasNext()) {
      String f = names.next();
      if (!known.contains(f)) {
        return bare(400, "Unrecognized field \"" + f + "\" (class org.apache.livy.server."
            + type + "), not marked as ignorable (" + known.size() + " known properties: "
            + String.join(", ", new TreeSet<>(known)) + "])");
      }
    }
    return null;
  }

  private static Reply stateReply(int id, String state) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("state", state);
    return Reply.json(200, n);
  }

  /** Apache Livy answers 201 with a Location; Fabric answers 202. */
  private Reply created(ObjectNode body, String location) {
    return fabric ? Reply.json(202, body) : Reply.json(201, body).withHeader("Location", location);
  }

  private Reply methodNotAllowed() {
    return new Reply(405, "text/plain", "Method Not Allowed", Map.of());
  }

  private Reply version() {
    if (!atLeast(0, 6)) {
      return new Reply(404, "text/plain", "Not Found", Map.of());
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("url", "https://github.com/apache/incubator-livy.git");
    n.put("branch", "branch-" + major + "." + minor);
    n.put("revision", "0000000000000000000000000000000000000000");
    n.put("version", versionText);
    n.put("date", "2021-02-04T05:14:46Z");
    n.put("user", "fake");
    return Reply.json(200, n);
  }

  private Reply listSessions(Map<String, String> params) {
    return page(sessions.values(), params, this::sessionJson);
  }

  /** A page of a list; Livy names the list "sessions" for batches too. */
  private <T> Reply page(java.util.Collection<T> all, Map<String, String> params,
      java.util.function.Function<T, ObjectNode> json) {
    if (fabric) {
      int skip = intParam(params, "$skip", 0);
      int top = intParam(params, "$top", 100);
      ObjectNode n = JSON.createObjectNode();
      ArrayNode a = n.putArray("items");
      all.stream().skip(skip).limit(top).forEach(x -> a.add(json.apply(x)));
      n.put("totalCountOfMatchedItems", all.size());
      n.put("pageSize", top);
      return Reply.json(200, n);
    }
    int from = intParam(params, "from", 0);
    int size = intParam(params, "size", 100);
    ObjectNode n = JSON.createObjectNode();
    n.put("from", from);
    n.put("total", all.size());
    ArrayNode a = n.putArray("sessions");
    all.stream().skip(from).limit(size).forEach(x -> a.add(json.apply(x)));
    return Reply.json(200, n);
  }

  private Reply createSession(String body) {
    List<String> known = new ArrayList<>(fabric ? FABRIC_FIELDS : BASE_FIELDS);
    if (!fabric && atLeast(0, 8)) {
      known.add("ttl");
    }
    if (!fabric && atLeast(0, 9)) {
      known.add("idleTimeout");
    }
    Request parsed = request(body, known, "interactive.CreateInteractiveRequest");
    if (parsed.error() != null) {
      return parsed.error();
    }
    JsonNode req = parsed.json();
    String kind = text(req, "kind");
    if (kind != null && !KINDS.contains(kind)) {
      return msg(400, "Invalid kind: " + kind);
    }
    String name = text(req, "name");
    int id = nextSessionId++;
    if (name != null) {
      for (Session other : sessions.values()) {
        if (name.equals(other.name)) {
          return msg(400, "Duplicate session name: Some(" + name + ") for session " + id);
        }
      }
    }
    Instant now = clock.instant();
    Session s = new Session(id, name, kind, text(req, "proxyUser"), now, now.plus(startup),
        failStartReason);
    sessions.put(id, s);
    return created(sessionJson(s), "/sessions/" + id);
  }

  private Reply deleteSession(Session s) {
    sessions.remove(s.id);
    return deleted();
  }

  private Reply deleted() {
    return fabric ? new Reply(200, "application/json", "", Map.of()) : msg(200, "deleted");
  }

  private Reply log(Session s, Map<String, String> params) {
    return logReply(s.id, s.log, params);
  }

  private Reply logReply(int id, List<String> lines, Map<String, String> params) {
    int size = intParam(params, "size", 100);
    int total = lines.size();
    int from = params.containsKey("from") ? intParam(params, "from", 0)
        : Math.max(0, total - size);
    from = Math.min(Math.max(0, from), total);
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.put("from", from);
    n.put("total", total);
    ArrayNode a = n.putArray("log");
    lines.subList(from, Math.min(total, from + size)).forEach(a::add);
    return Reply.json(200, n);
  }

  private Reply listStatements(Session s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("total_statements", s.statements.size());
    ArrayNode a = n.putArray("statements");
    s.statements.forEach(st -> a.add(statementJson(st)));
    return Reply.json(200, n);
  }

  private Reply submit(Session s, String body) {
    JsonNode req;
    try {
      req = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      return bare(400, e.getOriginalMessage());
    }
    if (req == null || !req.isObject() || text(req, "code") == null) {
      return msg(400, "requirement failed: code is required");
    }
    if (!s.state.equals("idle") && !s.state.equals("busy")) {
      return fabric ? fabricError(400, "InvalidSessionState", "Session is in state " + s.state)
          : bare(500, "java.lang.IllegalStateException: Session is in state " + s.state);
    }
    String code = text(req, "code");
    String kind = text(req, "kind") != null ? text(req, "kind")
        : s.kind != null ? s.kind : "spark";
    ScriptedResult result = scripts.stream().filter(sc -> sc.code().test(code))
        .map(Script::result).findFirst().orElse(null);
    Instant now = clock.instant();
    Statement st = new Statement(s.nextStatementId++, code, kind, now, result,
        result != null && result.duration() != null ? result.duration() : statementDuration);
    s.statements.add(st);
    while (s.statements.size() > retained) {
      s.statements.remove(0);
    }
    s.lastActivity = now;
    s.log.add("INFO Submitted statement " + st.id);
    advance(s, now);
    return fabric ? Reply.json(200, statementJson(st)) : Reply.json(201, statementJson(st))
        .withHeader("Location", "/sessions/" + s.id + "/statements/" + st.id);
  }

  private Reply cancel(Session s, Statement st) {
    Instant now = clock.instant();
    s.lastActivity = now;
    if (st.state.equals("waiting")) {
      st.state = "cancelled";
      st.end = now;
    } else if (st.state.equals("running")) {
      st.state = "cancelling";
      st.cancelAt = now;
    }
    advance(s, now);
    return msg(200, "canceled");
  }

  // --- time ---

  private void tick() {
    Instant now = clock.instant();
    Iterator<Batch> bi = batches.values().iterator();
    while (bi.hasNext()) {
      Batch b = bi.next();
      advance(b, now);
      if (b.finishedAt != null && !now.isBefore(b.finishedAt.plus(retention))) {
        bi.remove();
      }
    }
    Iterator<Session> it = sessions.values().iterator();
    while (it.hasNext()) {
      Session s = it.next();
      advance(s, now);
      if (s.finishedAt != null && !now.isBefore(s.finishedAt.plus(retention))) {
        it.remove();
      } else if (s.state.equals("idle") && s.repls.stream().noneMatch(r -> r.busy())
          && !now.isBefore(s.lastActive().plus(sessionTimeout))) {
        it.remove();
      }
    }
    Iterator<Repl> ri = repls.values().iterator();
    while (ri.hasNext()) {
      Repl r = ri.next();
      if (!sessions.containsKey(r.session.id)) {
        // the shared session is gone, and its REPLs with it
        r.session.repls.remove(r);
        ri.remove();
      } else if (isFailed(r.session.state)) {
        // its statements stop with the shared session
        r.statements.state = "dead";
      } else if (!r.session.state.equals("starting")) {
        advance(r.statements, now);
      }
    }
  }

  private void advance(Session s, Instant now) {
    if (s.state.equals("starting") && !now.isBefore(s.readyAt)) {
      if (s.failReason != null) {
        s.state = "dead";
        s.finishedAt = s.readyAt;
        s.log.add("Error: " + s.failReason);
      } else {
        s.state = "idle";
        s.log.add("INFO SparkContext: Spark session " + s.id + " is ready");
      }
    }
    if (!s.state.equals("idle") && !s.state.equals("busy")) {
      return;
    }
    Instant cursor = s.readyAt;
    boolean active = false;
    for (Statement st : s.statements) {
      if (st.isFinished()) {
        cursor = max(cursor, st.end);
        continue;
      }
      if (st.state.equals("waiting")) {
        Instant start = max(cursor, st.submitted);
        if (now.isBefore(start)) {
          active = true;
          break;
        }
        st.start = start;
        st.state = "running";
      }
      if (st.state.equals("cancelling")) {
        Instant done = st.cancelAt.plus(CANCEL_DELAY);
        if (now.isBefore(done)) {
          active = true;
          break;
        }
        st.state = "cancelled";
        st.end = done;
        cursor = done;
        continue;
      }
      Instant end = st.start.plus(st.duration);
      if (now.isBefore(end)) {
        active = true;
        break;
      }
      finish(s, st, end);
      cursor = end;
    }
    s.state = active ? "busy" : "idle";
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private void finish(Session s, Statement st, Instant end) {
    int count = s.executionCount++;
    st.end = end;
    st.state = "available";
    s.lastStatementEnd = end;
    ObjectNode out = JSON.createObjectNode();
    ScriptedResult parts = st.result;
    if (parts != null && parts.errorName() != null) {
      out.put("status", "error");
      out.put("execution_count", count);
      out.put("ename", parts.errorName());
      out.put("evalue", parts.errorValue());
      ArrayNode tb = out.putArray("traceback");
      parts.traceback().forEach(tb::add);
    } else {
      out.put("status", "ok");
      out.put("execution_count", count);
      ObjectNode data = out.putObject("data");
      if (parts == null) {
        data.put("text/plain", "");
      } else if (parts.sqlSchema() != null) {
        ObjectNode json = data.putObject("application/json");
        json.set("schema", parts.sqlSchema());
        ArrayNode rows = json.putArray("data");
        parts.sqlRows().stream().limit(sqlRowLimit).forEach(row -> rows.add(JSON.valueToTree(row)));
      } else {
        parts.data().forEach((mime, v) -> data.set(mime, JSON.valueToTree(v)));
      }
    }
    st.output = out;
  }

  // --- JSON ---

  private ObjectNode sessionJson(Session s) {
    if (fabric) {
      return fabricJson(s.id, s.name, s.state, s.createdAt, s.readyAt, s.failReason, s.log);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("id", s.id);
    n.put("name", s.name);
    n.putNull("appId");
    n.putNull("owner");
    n.put("proxyUser", s.proxyUser);
    n.put("state", s.state);
    n.put("kind", s.kind == null ? "shared" : s.kind);
    ObjectNode appInfo = n.putObject("appInfo");
    appInfo.putNull("driverLogUrl");
    appInfo.putNull("sparkUiUrl");
    ArrayNode log = n.putArray("log");
    s.log.subList(Math.max(0, s.log.size() - 10), s.log.size()).forEach(log::add);
    return n;
  }

  /**
   * Fabric's layered session: only {@code fabricSessionStateInfo} while queued, then a
   * top-level state while acquiring, then {@code livyInfo.currentState} once Livy runs.
   */
  private ObjectNode fabricJson(int id, String name, String state, Instant created,
      Instant readyAt, String failReason, List<String> log) {
    ObjectNode n = JSON.createObjectNode();
    putId(n, id);
    n.put("name", name);
    Instant now = clock.instant();
    long total = Math.max(1, Duration.between(created, readyAt).toMillis());
    long done = Duration.between(created, now).toMillis();
    ObjectNode fabricInfo = n.putObject("fabricSessionStateInfo");
    ObjectNode scheduler = n.putObject("schedulerInfo");
    ObjectNode plugin = n.putObject("pluginInfo");
    boolean starting = state.equals("starting");
    if (starting && done < total / 3) {
      fabricInfo.put("state", "queued");
      scheduler.put("currentState", "Queued");
      return n;
    }
    if (starting && done < 2 * total / 3) {
      fabricInfo.put("state", "acquiringSession");
      scheduler.put("currentState", "Scheduled");
      plugin.put("currentState", "ResourceAcquisition");
      n.put("state", "starting");
      return n;
    }
    boolean ended = Set.of("dead", "error", "killed", "success").contains(state);
    scheduler.put("currentState", ended ? "Ended" : "Scheduled");
    plugin.put("currentState", ended ? "Ended" : starting ? "Submission" : "Monitoring");
    n.put("state", state);
    n.putObject("livyInfo").put("currentState", state);
    boolean failed = state.equals("dead") || state.equals("error") || state.equals("killed");
    if (failed) {
      n.put("result", "Failed");
      ArrayNode errors = n.putArray("errorInfo");
      String reason = failReason != null ? failReason : "the Spark application ended";
      ObjectNode e = errors.addObject();
      e.put("message", reason);
      e.put("errorCode", "SparkApplicationFailed");
      e.put("source", "User");
      if (failReason != null) {
        fabricInfo.put("state", "error");
        fabricInfo.put("errorMessage", reason);
      }
    } else {
      n.put("result", state.equals("success") ? "Succeeded" : "Uncertain");
      n.putArray("errorInfo");
    }
    n.putNull("appId");
    n.putObject("appInfo");
    ArrayNode l = n.putArray("log");
    log.subList(Math.max(0, log.size() - 10), log.size()).forEach(l::add);
    return n;
  }

  private ObjectNode statementJson(Statement st) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", st.id);
    n.put("code", st.code);
    boolean failed = st.output != null && "error".equals(st.output.path("status").asText());
    n.put("state", fabric && failed ? "Error" : st.state);
    if (st.output == null) {
      n.putNull("output");
    } else {
      n.set("output", st.output);
    }
    if (atLeast(0, 7)) {
      double progress;
      if (st.state.equals("available") || st.state.equals("cancelled")) {
        progress = 1.0;
      } else if (st.start == null || st.duration.isZero()) {
        progress = 0.0;
      } else {
        long done = Duration.between(st.start, clock.instant()).toMillis();
        progress = Math.min(1.0, Math.max(0.0, done / (double) st.duration.toMillis()));
      }
      n.put("progress", progress);
      n.put("started", st.start == null ? 0 : st.start.toEpochMilli());
      n.put("completed", st.isFinished() ? st.end.toEpochMilli() : 0);
    }
    return n;
  }

  private Reply msg(int status, String text) {
    if (fabric) {
      return fabricError(status, fabricCode(status, text), text);
    }
    if (!atLeast(0, 6)) {
      return bare(status, text);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("msg", text);
    return Reply.json(status, n);
  }

  private Reply bare(int status, String text) {
    if (fabric) {
      return fabricError(status, fabricCode(status, text), text);
    }
    return Reply.json(status, JSON.getNodeFactory().textNode(text));
  }

  private static String fabricCode(int status, String text) {
    if (text.contains("Statement not found")) {
      return "LivyStatementNotFound";
    }
    if (status == 404) {
      return "LivySessionNotFound";
    }
    return status >= 500 ? "InternalServerError" : "InvalidRequest";
  }

  static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Session find(String key) {
    return byIdOrName(sessions, key, x -> x.name);
  }

  /** Looks up by numeric id, or by name on servers that allow names in paths (0.6+). */
  private <T> T byIdOrName(Map<Integer, T> all, String key,
      java.util.function.Function<T, String> name) {
    Integer id = internalId(key);
    if (id != null) {
      return all.get(id);
    }
    if (fabric || !atLeast(0, 6)) {
      return null;
    }
    return all.values().stream().filter(x -> key.equals(name.apply(x))).findFirst()
        .orElse(null);
  }

  private static Statement findStatement(Session s, String key) {
    try {
      int id = Integer.parseInt(key);
      return s.statements.stream().filter(st -> st.id == id).findFirst().orElse(null);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String part : query.split("&")) {
      int eq = part.indexOf('=');
      out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
    }
    return out;
  }

  private static int intParam(Map<String, String> params, String name, int fallback) {
    try {
      return params.containsKey(name) ? Integer.parseInt(params.get(name)) : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static final class Session {
    final int id;
    final String name;
    final String kind;
    final String proxyUser;
    final Instant createdAt;
    final Instant readyAt;
    final String failReason;
    final List<String> log = new ArrayList<>(List.of("stdout: ", "\nstderr: "));
    final List<Statement> statements = new ArrayList<>();
    String state = "starting";
    Instant lastActivity;
    Instant lastStatementEnd;
    Instant finishedAt;
    int nextStatementId;
    int executionCount;

    Session(int id, String name, String kind, String proxyUser, Instant created,
        Instant readyAt, String failReason) {
      this.id = id;
      this.name = name;
      this.kind = kind;
      this.proxyUser = proxyUser;
      this.lastActivity = created;
      this.createdAt = created;
      this.readyAt = readyAt;
      this.failReason = failReason;
    }

    /** For a shared session: its tag and the REPLs in it. */
    String sessionTag;
    final List<Repl> repls = new ArrayList<>();

    Instant lastActivityOrEnd() {
      Instant a = lastActivity.isAfter(readyAt) ? lastActivity : readyAt;
      return lastStatementEnd != null && lastStatementEnd.isAfter(a) ? lastStatementEnd : a;
    }

    /** The last activity here or in any of its REPLs. */
    Instant lastActive() {
      Instant a = lastActivityOrEnd();
      for (Repl r : repls) {
        Instant b = r.statements.lastActivityOrEnd();
        a = b.isAfter(a) ? b : a;
      }
      return a;
    }
  }

  /** A REPL in a shared session, holding its own statements. */
  private static final class Repl {
    final int id;
    final String name;
    final Session session;
    final Session statements;
    final Instant acquiredAt;

    Repl(int id, String name, Session session, Session statements, Instant acquiredAt) {
      this.id = id;
      this.name = name;
      this.session = session;
      this.statements = statements;
      this.acquiredAt = acquiredAt;
    }

    boolean busy() {
      return statements.state.equals("busy");
    }
  }

  private static final class Batch {
    final int id;
    final String name;
    final String proxyUser;
    final Instant runningAt;
    final Instant endAt;
    final BatchScript script;
    final List<String> log = new ArrayList<>(List.of("stdout: "));
    String state = "starting";
    Instant finishedAt;

    Batch(int id, String name, String proxyUser, Instant runningAt, Instant endAt,
        BatchScript script) {
      this.id = id;
      this.name = name;
      this.proxyUser = proxyUser;
      this.runningAt = runningAt;
      this.endAt = endAt;
      this.script = script;
    }
  }

  private static final class Statement {
    final int id;
    final String code;
    final String kind;
    final Instant submitted;
    final ScriptedResult result;
    final Duration duration;
    String state = "waiting";
    Instant start;
    Instant end;
    Instant cancelAt;
    ObjectNode output;

    Statement(int id, String code, String kind, Instant submitted, ScriptedResult result,
        Duration duration) {
      this.id = id;
      this.code = code;
      this.kind = kind;
      this.submitted = submitted;
      this.result = result;
      this.duration = duration;
    }

    boolean isFinished() {
      return state.equals("available") || state.equals("cancelled");
    }
  }
}
