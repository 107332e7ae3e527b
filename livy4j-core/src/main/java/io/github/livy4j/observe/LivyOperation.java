package io.github.livy4j.observe;

import io.github.livy4j.SessionId;
import java.util.Objects;
import java.util.Optional;

/**
 * An operation a client runs: what {@link LivyObserver#operationStarted} is told. Its
 * {@linkplain #name() name} is one of the constants here, a fixed set fit for a metric tag or a
 * span name. Only the client makes them: more may be told of an operation in later versions.
 */
public final class LivyOperation {
  /** Creating a session and waiting until it is ready, its init statements run. */
  public static final String SESSION_CREATE = "session.create";

  /** Taking over a session that exists on the server. */
  public static final String SESSION_ATTACH = "session.attach";

  /** Reading a session. */
  public static final String SESSION_GET = "session.get";

  /** Listing sessions. */
  public static final String SESSION_LIST = "session.list";

  /** Deleting a session: closing it, its expiry, the client's close. */
  public static final String SESSION_DELETE = "session.delete";

  /** Deleting sessions another client left behind. */
  public static final String SESSION_DELETE_ORPHANS = "session.delete_orphans";

  /** Reading a session's log. */
  public static final String SESSION_LOG = "session.log";

  /** Telling the server a session is still in use. */
  public static final String SESSION_KEEPALIVE = "session.keepalive";

  /** Submitting a statement and following it to its end. */
  public static final String STATEMENT_RUN = "statement.run";

  /** Reading a statement. */
  public static final String STATEMENT_GET = "statement.get";

  /** Cancelling a statement. */
  public static final String STATEMENT_CANCEL = "statement.cancel";

  /** Asking for code completions. */
  public static final String STATEMENT_COMPLETION = "statement.completion";

  /** Submitting a batch and following it to its end. */
  public static final String BATCH_SUBMIT = "batch.submit";

  /** Following a batch submitted before. */
  public static final String BATCH_ATTACH = "batch.attach";

  /** Listing batches. */
  public static final String BATCH_LIST = "batch.list";

  /** Deleting a batch. */
  public static final String BATCH_DELETE = "batch.delete";

  /** Reading a batch's log. */
  public static final String BATCH_LOG = "batch.log";

  /** Asking the server one cheap question, as a health check does. */
  public static final String SERVER_PING = "server.ping";

  /** A request outside any other operation. */
  public static final String OTHER = "other";

  private final String name;
  private final String backend;
  private final SessionId session;
  private final String codeKind;
  private final String code;
  private final boolean background;

  /**
   * An operation.
   *
   * @param name its name, one of the constants
   * @param backend the backend's {@linkplain io.github.livy4j.spi.LivyBackend#kind() kind}
   * @param session the session it works on, or {@code null}
   * @param codeKind the kind of the statement's code, or {@code null}
   * @param code the statement's code, or {@code null} (always, unless the client was built with
   *     {@link io.github.livy4j.LivyClient.Builder#observeCodeText(boolean)})
   * @param background whether the client runs it on its own rather than for a call of the
   *     user's (a keep-alive, an expiry)
   */
  LivyOperation(
      String name,
      String backend,
      SessionId session,
      String codeKind,
      String code,
      boolean background) {
    this.name = Objects.requireNonNull(name, "name");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.session = session;
    this.codeKind = codeKind;
    this.code = code;
    this.background = background;
  }

  /** @return the operation's name, such as {@link #STATEMENT_RUN} */
  public String name() {
    return name;
  }

  /** @return the backend's kind, such as {@code apache} or {@code fabric} */
  public String backend() {
    return backend;
  }

  /** @return the session it works on, when it works on one that exists */
  public Optional<SessionId> session() {
    return Optional.ofNullable(session);
  }

  /** @return the kind of a statement's code ({@code spark}, {@code pyspark}, {@code sql}, ...) */
  public Optional<String> codeKind() {
    return Optional.ofNullable(codeKind);
  }

  /**
   * The statement's code text, only when the client was built with
   * {@link io.github.livy4j.LivyClient.Builder#observeCodeText(boolean) observeCodeText(true)}:
   * code can hold data or secrets of its own.
   *
   * @return the code text, if allowed
   */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** @return whether the client runs it on its own (keep-alive, expiry, close) */
  public boolean background() {
    return background;
  }

  @Override
  public String toString() {
    return "LivyOperation["
        + name
        + ", "
        + backend
        + (session == null ? "" : ", session " + session)
        + (codeKind == null ? "" : ", " + codeKind)
        + (background ? ", background" : "")
        + "]";
  }
}
