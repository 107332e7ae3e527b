package io.github.livy4j.polling;

import io.github.livy4j.BatchId;
import io.github.livy4j.LogPage;
import io.github.livy4j.SessionInfo;
import java.util.List;

/**
 * A submitted batch: waits for it to end and reads its log. Its result is the batch's final
 * snapshot once it reached {@code success}; a batch that ends {@code dead}, {@code killed} or
 * {@code error} fails the wait with {@link io.github.livy4j.SessionFailedException}, whose log
 * tail tells why. {@link #cancel()} deletes (kills) the batch on the server.
 *
 * <p>Batches are jobs meant to run to their end: closing the client neither waits for nor
 * deletes them.
 *
 * <pre>{@code
 * BatchPoller batch = client.submitBatch(BatchSpec.builder("hdfs:///apps/etl.jar")
 *     .className("com.example.Etl").build());
 * SessionInfo done = batch.waitForCompletion(Duration.ofHours(1));
 * batch.log(50).forEach(System.out::println);
 * }</pre>
 */
public interface BatchPoller extends Poller<SessionInfo> {

  /** @return the batch's id */
  BatchId batchId();

  /** @return the batch's last snapshot, without asking the server */
  SessionInfo info();

  /**
   * Reads the last lines of the batch's log.
   *
   * @param lines how many, at least 1
   * @return the lines
   * @throws UnsupportedOperationException if the backend has no batch logs
   */
  List<String> log(int lines);

  /**
   * Reads a page of the batch's log.
   *
   * @param from the first line, from 0
   * @param size how many, at least 1
   * @return the page
   */
  LogPage log(int from, int size);

  /**
   * Deletes the batch on the server (a running batch is killed); a batch already gone counts
   * as deleted.
   */
  void delete();

  /**
   * Reads the last lines of the batch's log without blocking; see {@link #log(int)}.
   *
   * @param lines how many, at least 1
   * @return the future lines
   */
  java.util.concurrent.CompletableFuture<List<String>> logAsync(int lines);

  /**
   * Reads a page of the batch's log without blocking; see {@link #log(int, int)}.
   *
   * @param from the first line, from 0
   * @param size how many, at least 1
   * @return the future page
   */
  java.util.concurrent.CompletableFuture<LogPage> logAsync(int from, int size);

  /**
   * Deletes the batch on the server without blocking; see {@link #delete()}.
   *
   * @return completes once the server took the delete
   */
  java.util.concurrent.CompletableFuture<Void> deleteAsync();

  @Override
  BatchPoller addListener(PollListener listener);
}
