package io.github.livy4j.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * The fake server's behind-the-HTTP side: one {@link Model} of sessions, statements and
 * batches on the clock, spoken through one {@link Dialect} (Apache Livy's or Fabric's). All
 * methods are synchronized: each request sees the model brought to the clock's time.
 */
public final class LivyModel {
  private final Model model;
  private final Dialect dialect;
  private final boolean fabric;

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
  public LivyModel(
      Clock clock,
      String version,
      Duration startup,
      Duration statementDuration,
      Duration sessionTimeout,
      Duration retention,
      int sqlRowLimit,
      int retained,
      boolean fabric) {
    this.model =
        new Model(
            clock, startup, statementDuration, sessionTimeout, retention, sqlRowLimit, retained);
    this.dialect = fabric ? new FabricDialect(model, version) : new ApacheDialect(model, version);
    this.fabric = fabric;
  }

  /**
   * Sets how many log lines a session keeps.
   *
   * @param lines the lines, at least 1
   */
  public synchronized void logLines(int lines) {
    model.logLines(lines);
  }

  /** @return whether this model speaks the Fabric dialect */
  public boolean fabric() {
    return fabric;
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
    return ((FabricDialect) dialect).error(status, code, message);
  }

  /**
   * Adds a script; later scripts win.
   *
   * @param code which code
   * @param result what it produces, from the code
   */
  public synchronized void script(
      Predicate<String> code, java.util.function.Function<String, ScriptedResult> result) {
    model.script(code, result);
  }

  /**
   * Makes later sessions fail to start.
   *
   * @param reason the log line, or {@code null} to stop
   */
  public synchronized void failStarts(String reason) {
    model.failStarts(reason);
  }

  /**
   * Kills a session.
   *
   * @param id the session id, as clients see it
   * @throws IllegalArgumentException if there is no such session
   */
  public synchronized void kill(String id) {
    model.tick();
    Session s =
        fabric
            ? model.session(Wire.guidId(FabricDialect.GUID_HIGH, id))
            : Wire.intId(id) != null ? model.session(Wire.intId(id)) : model.sessionNamed(id);
    if (s == null) {
      throw new IllegalArgumentException("no session " + id);
    }
    model.kill(s);
  }

  /** Forgets every session and batch, as a restarted server does; see {@code FakeLivy}. */
  public synchronized void restart() {
    model.tick();
    model.forgetAll(!fabric);
  }

  /**
   * Scripts how batches with a main class end.
   *
   * @param className the class
   * @param succeeds whether it ends in success
   * @param runningTime how long it runs
   * @param log its last log lines
   */
  public synchronized void scriptBatch(
      String className, boolean succeeds, Duration runningTime, List<String> log) {
    model.scriptBatch(className, new Batch.Script(succeeds, runningTime, List.copyOf(log)));
  }

  /** @return how many batches exist */
  public synchronized int batchCount() {
    model.tick();
    return model.batches().size();
  }

  /** @return how many sessions exist */
  public synchronized int sessionCount() {
    model.tick();
    return model.sessions().size();
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
    model.tick();
    return dialect.handle(method, path, query, body);
  }
}
