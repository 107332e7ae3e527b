package io.github.livy4j;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link LivyClient}: the same operations, returning
 * {@link CompletableFuture}s. Obtain it with {@link LivyClient#async()}; closing the
 * {@link LivyClient} closes it too.
 *
 * <pre>{@code
 * LivyAsyncClient async = client.async();
 * async.createSession(SessionSpec.defaults())
 *     .thenCompose(s -> s.execute(Code.scala("1 + 1")).whenComplete((r, e) -> s.close()))
 *     .thenAccept(r -> System.out.println(r.text().orElse("")));
 * }</pre>
 */
public interface LivyAsyncClient {

  /**
   * Creates a session; the future completes when it is ready. Cancelling the future deletes
   * the remote session.
   *
   * @param spec what to create
   * @return the future session
   */
  CompletableFuture<LivyAsyncSession> createSession(SessionSpec spec);

  /**
   * Reconnects to an existing session.
   *
   * @param id the session
   * @return the future session
   */
  CompletableFuture<LivyAsyncSession> attach(SessionId id);

  /** @return the future list of sessions the server knows */
  CompletableFuture<List<SessionInfo>> listSessions();

  /** @return the blocking client this is a view of */
  LivyClient sync();
}
