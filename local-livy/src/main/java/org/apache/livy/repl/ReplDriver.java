package org.apache.livy.repl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.livy.rsc.BaseProtocol;
import org.apache.livy.rsc.RSCConf;
import org.apache.livy.rsc.ReplJobResults;
import org.apache.livy.rsc.driver.RSCDriver;
import org.apache.livy.rsc.driver.SparkEntries;
import org.apache.livy.rsc.driver.Statement;
import org.apache.livy.rsc.driver.StatementState;
import org.apache.livy.rsc.rpc.Rpc;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.collection.JavaConverters;
import scala.tools.nsc.Settings;
import scala.tools.nsc.interpreter.IMain;
import scala.tools.nsc.interpreter.Results;

/**
 * A minimal stand-in for Apache Livy's interactive session driver, for local development and
 * tests only.
 *
 * <p>Apache does not publish Livy's REPL jar ({@code livy-repl}) on Maven Central, and the Livy
 * server launches a class of exactly this name for interactive sessions. This driver runs
 * {@code spark} (Scala) statements in the Scala interpreter that ships with Spark and
 * {@code sql} statements through Spark SQL, and answers with Livy's statement envelope
 * ({@code status}, {@code execution_count}, {@code data} or {@code ename}/{@code evalue}/
 * {@code traceback}). Other kinds ({@code pyspark}, {@code sparkr}) are answered with a
 * statement error. Its outputs follow Livy's shapes; their text may differ from Livy's own
 * interpreters. Everything else (the REST layer, session states, RPC) is the real Livy server's.
 */
public class ReplDriver extends RSCDriver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UNSUPPORTED =
      "this local stand-in interpreter runs only spark" + " (Scala) and sql statements";

  private final ConcurrentSkipListMap<Integer, Statement> statements =
      new ConcurrentSkipListMap<>();
  private final AtomicInteger nextId = new AtomicInteger();
  private final AtomicInteger pending = new AtomicInteger();
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "livy4j-repl");
            t.setDaemon(true);
            return t;
          });
  private final ByteArrayOutputStream replOut = new ByteArrayOutputStream();
  private final Path classDir;
  private final int maxRows;
  private final int retained;
  private volatile SparkEntries entries;
  private volatile IMain imain;
  private volatile String state = "starting";
  private volatile Thread runningThread;
  private volatile Integer runningId;
  private int executionCount;

  /**
   * Called by Livy's driver bootstrapper.
   *
   * @param conf the Spark configuration
   * @param livyConf the RSC configuration
   * @throws Exception if the driver cannot be set up
   */
  public ReplDriver(SparkConf conf, RSCConf livyConf) throws Exception {
    super(conf, livyConf);
    this.classDir = Files.createTempDirectory("livy4j-repl-classes");
    // set before the SparkContext starts, so it serves the interpreter's classes to executors
    conf.set("spark.repl.class.outputDir", classDir.toString());
    this.maxRows = livyConf.getInt(RSCConf.Entry.SQL_NUM_ROWS);
    this.retained = livyConf.getInt(RSCConf.Entry.RETAINED_STATEMENTS);
  }

  @Override
  protected SparkEntries initializeSparkEntries() throws Exception {
    SparkEntries e = new SparkEntries(conf);
    e.sc();
    SparkSession spark = e.sparkSession();
    imain = startInterpreter(spark);
    entries = e;
    setState("idle");
    return e;
  }

  private IMain startInterpreter(SparkSession spark) {
    Settings settings = new Settings();
    settings.processArgumentString("-Yrepl-class-based -Yrepl-outdir " + classDir + " -usejavacp");
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(replOut, StandardCharsets.UTF_8), true);
    IMain interpreter = new IMain(settings, out);
    interpreter.initializeSynchronous();
    scala.collection.immutable.List<String> noModifiers = scala.collection.immutable.List.empty();
    interpreter.bind("spark", "org.apache.spark.sql.SparkSession", spark, noModifiers);
    interpreter.bind("sc", "org.apache.spark.SparkContext", spark.sparkContext(), noModifiers);
    interpreter.interpret("import spark.implicits._");
    interpreter.interpret("import org.apache.spark.sql.functions._");
    replOut.reset();
    return interpreter;
  }

  private void setState(String s) {
    state = s;
    broadcast(new BaseProtocol.ReplState(s));
  }

  @Override
  protected void onClientAuthenticated(Rpc client) {
    client.call(new BaseProtocol.ReplState(state));
  }

  /**
   * Queues a statement.
   *
   * @param ctx the channel
   * @param msg the request
   * @return the statement id
   */
  public Integer handle(ChannelHandlerContext ctx, BaseProtocol.ReplJobRequest msg) {
    int id = nextId.getAndIncrement();
    Statement st = new Statement(id, msg.code, StatementState.Waiting, null);
    statements.put(id, st);
    while (statements.size() > retained) {
      statements.pollFirstEntry();
    }
    if (pending.incrementAndGet() == 1) {
      setState("busy");
    }
    runner.execute(() -> run(st, msg.codeType));
    return id;
  }

  /**
   * Cancels a statement.
   *
   * @param ctx the channel
   * @param msg the request
   */
  public void handle(ChannelHandlerContext ctx, BaseProtocol.CancelReplJobRequest msg) {
    Statement st = statements.get(msg.id);
    if (st == null) {
      return;
    }
    if (st.compareAndTransit(StatementState.Waiting, StatementState.Cancelled)) {
      st.completed = System.currentTimeMillis();
      return;
    }
    if (st.compareAndTransit(StatementState.Running, StatementState.Cancelling)) {
      entries.sc().cancelJobGroup(jobGroup(msg.id));
      Thread t = runningThread;
      if (t != null && Integer.valueOf(msg.id).equals(runningId)) {
        t.interrupt();
      }
    }
  }

  /**
   * Code completion: this stand-in offers none.
   *
   * @param ctx the channel
   * @param msg the request
   * @return no candidates
   */
  public String[] handle(ChannelHandlerContext ctx, BaseProtocol.ReplCompleteRequest msg) {
    return new String[0];
  }

  /**
   * Returns statements, sorted by id.
   *
   * @param ctx the channel
   * @param msg the request
   * @return the statements
   */
  public ReplJobResults handle(ChannelHandlerContext ctx, BaseProtocol.GetReplJobResults msg) {
    Collection<Statement> selected =
        msg.allResults
            ? statements.values()
            : statements.subMap(msg.from, true, msg.from + msg.size, false).values();
    Statement[] out = selected.toArray(new Statement[0]);
    for (Statement s : out) {
      s.updateProgress(progress(s.id));
    }
    return new ReplJobResults(out);
  }

  private void run(Statement st, String codeType) {
    try {
      if (!st.compareAndTransit(StatementState.Waiting, StatementState.Running)) {
        return; // cancelled while waiting
      }
      st.started = System.currentTimeMillis();
      runningId = st.id;
      runningThread = Thread.currentThread();
      entries.sc().setJobGroup(jobGroup(st.id), "statement " + st.id, true);
      int count;
      synchronized (this) {
        count = executionCount++;
      }
      String output;
      try {
        output = execute(codeType, st.code, count);
      } catch (Throwable t) {
        output =
            error(count, t.getClass().getSimpleName(), String.valueOf(t.getMessage()), stack(t));
      } finally {
        runningThread = null;
        runningId = null;
        entries.sc().clearJobGroup();
        Thread.interrupted();
      }
      // the output first, as Livy's own REPL does: a reader never sees a statement
      // available without its output
      st.output = output;
      if (!st.compareAndTransit(StatementState.Running, StatementState.Available)) {
        st.compareAndTransit(StatementState.Cancelling, StatementState.Cancelled);
      }
      st.completed = System.currentTimeMillis();
    } finally {
      if (pending.decrementAndGet() == 0) {
        setState("idle");
      }
    }
  }

  private String execute(String codeType, String code, int count) throws Exception {
    String kind = codeType == null ? "spark" : codeType.toLowerCase(Locale.ROOT);
    switch (kind) {
      case "spark":
      case "scala":
        return scala(code, count);
      case "sql":
        return sql(code, count);
      default:
        return error(
            count, "NotImplementedError", kind + " is not supported: " + UNSUPPORTED, List.of());
    }
  }

  private String scala(String code, int count) {
    replOut.reset();
    Results.Result result = scala.Console$.MODULE$.withOut(replOut, () -> imain.interpret(code));
    String text = replOut.toString(StandardCharsets.UTF_8).stripTrailing();
    if (result == Results.Success$.MODULE$) {
      ObjectNode out = ok(count);
      out.putObject("data").put("text/plain", text);
      return out.toString();
    }
    if (result == Results.Incomplete$.MODULE$) {
      return error(count, "Error", "incomplete statement: " + text, List.of());
    }
    return error(count, "Error", text, List.of());
  }

  private String sql(String code, int count) throws Exception {
    Dataset<Row> df = entries.sparkSession().sql(code);
    List<Row> rows = df.takeAsList(maxRows);
    ObjectNode out = ok(count);
    ObjectNode result = out.putObject("data").putObject("application/json");
    result.set("schema", JSON.readTree(df.schema().json()));
    ArrayNode data = result.putArray("data");
    for (Row row : rows) {
      ArrayNode r = data.addArray();
      for (int i = 0; i < row.length(); i++) {
        r.add(JSON.valueToTree(plain(row.get(i))));
      }
    }
    return out.toString();
  }

  /** Spark values as JSON-friendly Java values: dates and times as their ISO text. */
  private static Object plain(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Number) {
      return v;
    }
    if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) {
      return v.toString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant().toString();
    }
    if (v instanceof java.time.Instant || v instanceof java.time.LocalDateTime) {
      return v.toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Row r) {
      List<Object> fields = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        fields.add(plain(r.get(i)));
      }
      return fields;
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      JavaConverters.mapAsJavaMap(m).forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
      return out;
    }
    if (v instanceof scala.collection.Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      JavaConverters.asJavaIterable(it).forEach(e -> out.add(plain(e)));
      return out;
    }
    return v.toString();
  }

  private double progress(int id) {
    SparkEntries e = entries;
    if (e == null) {
      return 0.0;
    }
    SparkStatusTracker tracker = e.sc().sc().statusTracker();
    long done = 0;
    long total = 0;
    for (int jobId : tracker.getJobIdsForGroup(jobGroup(id))) {
      SparkJobInfo job = tracker.getJobInfo(jobId).getOrElse(() -> null);
      if (job == null) {
        continue;
      }
      for (int stageId : job.stageIds()) {
        SparkStageInfo stage = tracker.getStageInfo(stageId).getOrElse(() -> null);
        if (stage != null) {
          done += stage.numCompletedTasks();
          total += stage.numTasks();
        }
      }
    }
    return total == 0 ? 0.0 : (double) done / total;
  }

  private static String jobGroup(int id) {
    return "livy-" + id;
  }

  private static ObjectNode ok(int count) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", "ok");
    out.put("execution_count", count);
    return out;
  }

  private static String error(int count, String name, String value, List<String> traceback) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", "error");
    out.put("execution_count", count);
    out.put("ename", name);
    out.put("evalue", value);
    ArrayNode tb = out.putArray("traceback");
    traceback.forEach(tb::add);
    return out.toString();
  }

  private static List<String> stack(Throwable t) {
    return Stream.of(t.getStackTrace()).limit(30).map(e -> "\tat " + e + "\n").toList();
  }

  @Override
  protected void shutdownContext() {
    runner.shutdownNow();
    IMain i = imain;
    if (i != null) {
      i.close();
    }
    try {
      super.shutdownContext();
    } finally {
      deleteQuietly(classDir.toFile());
    }
  }

  private static void deleteQuietly(File dir) {
    try (Stream<Path> paths = Files.walk(dir.toPath())) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (java.io.IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
