package io.github.livy4j;

import io.github.livy4j.polling.BatchPoller;
import io.github.livy4j.polling.Poller;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous view of a {@link LivyClient}: every operation of the blocking client,
 * returning a {@link CompletableFuture} instead of blocking, with the same deadlines, the same
 * exceptions (as the future's failure; bad input is refused at once, as by the blocking call)
 * and the same progress. Obtain it with {@link LivyClient#async()}; closing the {@link
 * LivyClient} closes it too, and its operations then fail with {@code IllegalStateException:
 * this LivyClient is closed}, as the blocking ones do.
 *
 * <p>A session's create, the wait for its start, a statement's submit (after the wait for a
 * session still starting) and the wait for its result hold no thread while they are in flight,
 * so that many of them on a slow server keep no other call waiting; the calls that have no
 * asynchronous form (lists, attaching, batches, logs) run on a few threads the client keeps for
 * blocking calls.
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
   * the remote session. See {@link LivyClient#createSession(SessionSpec)}.
   *
   * @param spec what to create
   * @return the future session
   */
  CompletableFuture<LivyAsyncSession> createSession(SessionSpec spec);

  /**
   * Creates a session and completes with the poller of its start once the server took the
   * create, to follow the start ({@link Poller#addListener}) and wait for it without blocking
   * ({@link Poller#waitAsync()}); see {@link LivyClient#beginCreateSession(SessionSpec)}.
   *
   * @param spec what to create
   * @return the future poller; its result's {@link LivySession#async()} is the session's
   *     asynchronous view
   */
  CompletableFuture<Poller<LivySession>> beginCreateSession(SessionSpec spec);

  /**
   * Reconnects to an existing session; see {@link LivyClient#attach(SessionId)}.
   *
   * @param id the session
   * @return the future session
   */
  CompletableFuture<LivyAsyncSession> attach(SessionId id);

  /** @return the future list of sessions the server knows */
  CompletableFuture<List<SessionInfo>> listSessions();

  /**
   * Lists the sessions whose name starts with a prefix; see {@link
   * LivyClient#listSessions(String)}.
   *
   * @param namePrefix the prefix
   * @return the future list
   */
  CompletableFuture<List<SessionInfo>> listSessions(String namePrefix);

  /**
   * Asks the server one cheap question; see {@link LivyClient#ping()}.
   *
   * @return completes when the server has answered; fails as the blocking call throws
   */
  CompletableFuture<Void> ping();

  /**
   * Deletes (or lists) the sessions of a prefix that no client owns; see {@link
   * LivyClient#deleteOrphans(String, Duration, boolean)}.
   *
   * @param namePrefix the prefix
   * @param olderThan how old an orphan is at least
   * @param dryRun whether only to list them
   * @return the future list of sessions deleted, or that would be
   */
  CompletableFuture<List<SessionInfo>> deleteOrphans(
      String namePrefix, Duration olderThan, boolean dryRun);

  /**
   * Submits a batch; see {@link LivyClient#submitBatch(BatchSpec)}.
   *
   * @param spec the batch
   * @return the future poller of the batch, once submitted
   */
  CompletableFuture<BatchPoller> submitBatch(BatchSpec spec);

  /**
   * Reconnects to a batch; see {@link LivyClient#attachBatch(BatchId)}.
   *
   * @param id the batch
   * @return the future poller
   */
  CompletableFuture<BatchPoller> attachBatch(BatchId id);

  /** @return the future list of batches the server knows */
  CompletableFuture<List<SessionInfo>> listBatches();

  /** @return the blocking client this is a view of */
  LivyClient sync();

  /**
   * Closes the client without blocking the caller; see {@link LivyClient#close()}.
   *
   * @return completes when the client is closed (its sessions deleted); fails, naming them, if
   *     some could not be
   */
  CompletableFuture<Void> closeAsync();
}
