package io.github.livy4j.internal.client;

import io.github.livy4j.SessionPool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The session pool's bookkeeping: which sessions are idle, borrowed or starting, which
 * borrowers wait, and the counts. Each method is one step under one lock, so the counts
 * always add up; what follows a step (a future completed, a session closed or started) is the
 * caller's, done after the lock is released.
 *
 * @param <S> the sessions' type
 */
final class PoolInventory<S> {
  private final Object lock = new Object();
  private final ArrayDeque<S> idle = new ArrayDeque<>();
  private final Set<S> borrowed = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<CompletableFuture<S>> waiting = new ArrayDeque<>();
  private int starting;
  private long created;
  private long evicted;
  private boolean closed;
  private boolean pausedAfterFailure;

  /**
   * What a borrower got: an idle session, now borrowed, or a place in the queue.
   *
   * @param session the session, or {@code null} if queued
   * @param queued completed with a session once one is free, or {@code null}
   * @param <S> the sessions' type
   */
  record Taken<S>(S session, CompletableFuture<S> queued) {}

  /**
   * Where a session that came back or came up goes: to a waiting borrower (it is borrowed
   * now), among the idle ones, or, the pool being closed, nowhere (the caller closes it).
   *
   * @param waiter the borrower to complete with it, or {@code null}
   * @param poolClosed whether the pool is closed
   * @param <S> the sessions' type
   */
  record Placed<S>(CompletableFuture<S> waiter, boolean poolClosed) {

    /**
     * Kept among the idle sessions.
     *
     * @param <S> the sessions' type
     * @return the placement
     */
    static <S> Placed<S> idle() {
      return new Placed<>(null, false);
    }

    /**
     * Nowhere: the pool is closed.
     *
     * @param <S> the sessions' type
     * @return the placement
     */
    static <S> Placed<S> closed() {
      return new Placed<>(null, true);
    }
  }

  /**
   * What closing took out of the pool.
   *
   * @param sessions the idle and borrowed sessions, to delete
   * @param waiters the borrowers still waiting, to fail
   * @param <S> the sessions' type
   */
  record Emptied<S>(List<S> sessions, List<CompletableFuture<S>> waiters) {}

  /**
   * Takes the most recently used idle session, or queues the borrower.
   *
   * @return what the borrower got, or {@code null} if the pool is closed
   */
  Taken<S> takeOrQueue() {
    synchronized (lock) {
      if (closed) {
        return null;
      }
      S s = idle.pollFirst();
      if (s != null) {
        borrowed.add(s);
        return new Taken<>(s, null);
      }
      CompletableFuture<S> wait = new CompletableFuture<>();
      waiting.add(wait);
      return new Taken<>(null, wait);
    }
  }

  /**
   * Takes a borrower out of the queue (it timed out or was cancelled).
   *
   * @param queued its place
   */
  void unqueue(CompletableFuture<S> queued) {
    synchronized (lock) {
      waiting.remove(queued);
    }
  }

  /**
   * Places a session given back: to the first waiting borrower, else first among the idle
   * ones (the most recently used first, so the others can idle out).
   *
   * @param s the session
   * @return where it went
   */
  Placed<S> placeReturned(S s) {
    synchronized (lock) {
      borrowed.remove(s);
      if (closed) {
        return Placed.closed();
      }
      CompletableFuture<S> next = waiting.pollFirst();
      if (next == null) {
        idle.addFirst(s);
        return Placed.idle();
      }
      borrowed.add(s);
      return new Placed<>(next, false);
    }
  }

  /**
   * Counts a start ended and places the session it started: to the first waiting borrower,
   * else last among the idle ones.
   *
   * @param s the session, or {@code null} if the start failed
   * @return where it went ({@link Placed#idle()} if there is none)
   */
  Placed<S> placeStarted(S s) {
    synchronized (lock) {
      starting--;
      if (s == null) {
        return Placed.idle();
      }
      created++;
      if (closed) {
        return Placed.closed();
      }
      CompletableFuture<S> next = waiting.pollFirst();
      if (next == null) {
        idle.addLast(s);
        return Placed.idle();
      }
      borrowed.add(s);
      return new Placed<>(next, false);
    }
  }

  /**
   * Removes an idle session the client's lifetime tick deleted, counting it evicted.
   *
   * @param deleted whether a session is the one deleted
   * @return the session, or {@code null} if none idle is
   */
  S removeIdle(Predicate<S> deleted) {
    synchronized (lock) {
      S gone = null;
      for (S s : idle) {
        if (deleted.test(s)) {
          gone = s;
        }
      }
      if (gone != null) {
        idle.remove(gone);
        evicted++;
      }
      return gone;
    }
  }

  /**
   * Removes a session, idle or borrowed, counting it evicted.
   *
   * @param s the session
   */
  void evict(S s) {
    synchronized (lock) {
      borrowed.remove(s);
      idle.remove(s);
      evicted++;
    }
  }

  /**
   * Forgets a borrowed session taken out of the pool for good.
   *
   * @param s the session
   */
  void release(S s) {
    synchronized (lock) {
      borrowed.remove(s);
    }
  }

  /**
   * Counts the sessions to start now: up to {@code min} in all, or, while borrowers wait, up
   * to {@code max}; none once closed or while starts pause after a failure.
   *
   * @param min how many to keep warm
   * @param max the most at once
   * @return how many to start, already counted as starting
   */
  int reserveStarts(int min, int max) {
    synchronized (lock) {
      if (closed || pausedAfterFailure) {
        return 0;
      }
      int total = idle.size() + borrowed.size() + starting;
      int wanted = Math.max(min, Math.min(max, borrowed.size() + waiting.size()));
      int toStart = Math.max(0, Math.min(max, wanted) - total);
      starting += toStart;
      return toStart;
    }
  }

  /**
   * Pauses the starts after a failed one.
   *
   * @return whether this call paused them ({@code false} if they already were)
   */
  boolean pauseStarts() {
    synchronized (lock) {
      if (pausedAfterFailure) {
        return false;
      }
      pausedAfterFailure = true;
      return true;
    }
  }

  /** Lets starts go on after the pause. */
  void resumeStarts() {
    synchronized (lock) {
      pausedAfterFailure = false;
    }
  }

  /** @return the counts */
  SessionPool.Stats stats() {
    synchronized (lock) {
      return new SessionPool.Stats(
          idle.size(), borrowed.size(), starting, waiting.size(), created, evicted);
    }
  }

  /**
   * Closes the pool and empties it.
   *
   * @return what was in it, or {@code null} if it was closed already
   */
  Emptied<S> close() {
    synchronized (lock) {
      if (closed) {
        return null;
      }
      closed = true;
      List<S> all = new ArrayList<>(idle);
      all.addAll(borrowed);
      idle.clear();
      borrowed.clear();
      List<CompletableFuture<S>> waiters = new ArrayList<>(waiting);
      waiting.clear();
      return new Emptied<>(all, waiters);
    }
  }
}
