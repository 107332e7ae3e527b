package io.github.livy4j.internal.client;

import io.github.livy4j.SessionPool;

/**
 * What the parts of a pool (its borrowing, its refill, its lent sessions) hand back to it: a
 * session to lend again, or one to let go. The pool implements it; the parts know nothing else
 * of it.
 */
interface PoolReturns {

  /**
   * Takes a session back to lend again (after its reset statement, if any), or hands it to a
   * borrower waiting.
   *
   * @param s the session
   */
  void giveBack(DefaultLivySession s);

  /**
   * Lets a session go: deletes it and starts a replacement if the pool is below its minimum.
   *
   * @param s the session
   * @param why why, for the log
   */
  void evict(DefaultLivySession s, String why);

  /** @return the pool's counts, for messages */
  SessionPool.Stats stats();
}
