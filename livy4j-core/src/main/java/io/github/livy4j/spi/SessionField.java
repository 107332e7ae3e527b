package io.github.livy4j.spi;

/** The optional fields of a session create request, for {@link BackendCapabilities}. */
public enum SessionField {
  /** The session's default code kind. */
  KIND,
  /** The user to impersonate. */
  PROXY_USER,
  /** Jars. */
  JARS,
  /** Python files. */
  PY_FILES,
  /** Files. */
  FILES,
  /** Archives. */
  ARCHIVES,
  /** Driver memory. */
  DRIVER_MEMORY,
  /** Driver cores. */
  DRIVER_CORES,
  /** Executor memory. */
  EXECUTOR_MEMORY,
  /** Cores per executor. */
  EXECUTOR_CORES,
  /** Number of executors. */
  NUM_EXECUTORS,
  /** The YARN queue. */
  QUEUE,
  /** The server-side heartbeat timeout. */
  HEARTBEAT_TIMEOUT,
  /** The session's time to live. */
  TTL,
  /** The session's idle timeout. */
  IDLE_TIMEOUT,
  /** Tags, for sessions and batches. */
  TAGS,
  /** A REPL in a shared session, acquired by session tag (Fabric's high concurrency). */
  SHARED_SESSION
}
