package io.github.livy4j.internal.http;

import io.github.livy4j.LivyClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts in flight, each ended when its time is up or the transport closes. The JDK's
 * own timeout stops once the headers have come, so an answer hanging mid-body would wait
 * forever; and a request in flight when its client closes would wait forever for an executor
 * that is gone.
 */
final class InFlightCalls {
  private final Watchdog watchdog;
  private final boolean ownWatchdog;
  private final Set<Call> calls = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * Creates the registry of one transport.
   *
   * @param watchdog what ends attempts whose time is up, shared with other transports
   * @param ownWatchdog whether closing the registry closes the watchdog too
   */
  InFlightCalls(Watchdog watchdog, boolean ownWatchdog) {
    this.watchdog = watchdog;
    this.ownWatchdog = ownWatchdog;
  }

  /** @return whether the transport is closed */
  boolean closed() {
    return closed;
  }

  /**
   * Refuses to start an attempt once the transport is closed.
   *
   * @param where the request for the message
   * @throws LivyClientException if it is closed
   */
  void checkOpen(String where) {
    if (closed) {
      throw new LivyClientException("The LivyClient was closed: not sending " + where, null, false);
    }
  }

  /**
   * Starts tracking an attempt, which expires after its timeout.
   *
   * @param thread the thread to interrupt to end it, or {@code null} when none waits for it
   * @param timeout the attempt's timeout
   * @return the attempt
   */
  Call open(Thread thread, Duration timeout) {
    Call call = new Call(thread, timeout);
    calls.add(call);
    call.stopTimer = watch(call::expire, timeout);
    if (closed) {
      call.cut(Call.Cut.CLOSED);
    }
    return call;
  }

  /** Runs a task after a delay on the watchdog (not at all once it is closed). */
  private Runnable watch(Runnable task, Duration delay) {
    return watchdog.schedule(task, delay);
  }

  /** Ends every attempt in flight and sends nothing more. */
  void close() {
    closed = true;
    for (Call call : List.copyOf(calls)) {
      call.cut(Call.Cut.CLOSED);
    }
    if (ownWatchdog) {
      watchdog.close();
    }
  }

  /** @return the failure of an attempt ended as its client closed */
  static IOException closedFailure() {
    return new IOException("the LivyClient was closed");
  }

  /**
   * One attempt in flight, which its timeout or the transport's close cuts short, at most
   * once: by interrupting the thread that waits for it, closing the body being read, and
   * failing (and aborting) an answer not yet come.
   */
  final class Call {
    /** Why the attempt was cut short. */
    enum Cut {
      NONE,
      CLOSED,
      EXPIRED
    }

    private final Thread thread;
    private final Duration timeout;
    private Runnable stopTimer = () -> {};
    private boolean ended;
    private Cut cut = Cut.NONE;

    /** The body being read, if it is. */
    private InputStream body;

    /** The answer awaited without a thread, and the JDK's exchange behind it. */
    private CompletableFuture<?> answer;

    private CompletableFuture<?> exchange;

    private Call(Thread thread, Duration timeout) {
      this.thread = thread;
      this.timeout = timeout;
    }

    /** Cuts the attempt short as its time is up, unless it has ended. */
    private void expire() {
      cut(Cut.EXPIRED);
    }

    private void cut(Cut why) {
      CompletableFuture<?> a;
      CompletableFuture<?> x;
      synchronized (this) {
        if (ended || cut != Cut.NONE) {
          return;
        }
        cut = why;
        // a read blocked in the JDK's body stream does not end on an interrupt (it waits on),
        // but ends once the stream is closed
        closeBody();
        if (thread != null) {
          thread.interrupt();
        }
        a = answer;
        x = exchange;
      }
      if (a != null
          && a.completeExceptionally(why == Cut.CLOSED ? closedFailure() : incomplete())) {
        x.cancel(true); // aborts the exchange
      }
    }

    /**
     * Tracks an answer awaited without a thread: cutting the attempt fails it.
     *
     * @param answer the answer
     * @param exchange the JDK's exchange behind it, aborted when the answer fails so
     */
    void awaiting(CompletableFuture<?> answer, CompletableFuture<?> exchange) {
      Cut already;
      synchronized (this) {
        this.answer = answer;
        this.exchange = exchange;
        already = ended ? Cut.NONE : cut;
      }
      if (already != Cut.NONE
          && answer.completeExceptionally(already == Cut.CLOSED ? closedFailure() : incomplete())) {
        exchange.cancel(true);
      }
    }

    /**
     * The body is read now: cutting the attempt closes it.
     *
     * @param stream the body
     */
    synchronized void reading(InputStream stream) {
      body = stream;
      if (cut != Cut.NONE) {
        closeBody();
      }
    }

    private void closeBody() {
      if (body != null) {
        try {
          body.close();
        } catch (IOException e) {
          // closed to end the read: nothing more to do
        }
      }
    }

    /**
     * Ends the attempt: nothing cuts it after this.
     *
     * @return why it was cut short, if it was
     */
    Cut end() {
      Cut why;
      synchronized (this) {
        ended = true;
        why = cut;
      }
      stopTimer.run();
      calls.remove(this);
      return why;
    }

    /**
     * What a failure of the attempt means once it has ended: the transport's close, the
     * timeout, or the failure itself.
     *
     * @param cause the failure
     * @return the failure to handle
     */
    IOException failure(IOException cause) {
      switch (end()) {
        case CLOSED:
          return new IOException("the LivyClient was closed", cause);
        case EXPIRED:
          return incomplete();
        default:
          return cause;
      }
    }

    /** @return the timeout of an answer that did not come whole in time (headers, or body) */
    HttpTimeoutException incomplete() {
      return new HttpTimeoutException(
          "the answer was not complete within " + timeout.toMillis() + " ms");
    }
  }
}
