package io.github.livy4j.polling;

/**
 * Hears about a long-running operation: every observation, and when it finishes.
 *
 * <p>Called on the polling thread; keep it quick. An exception thrown by a listener is logged
 * and does not stop the wait.
 */
@FunctionalInterface
public interface PollListener {

  /**
   * Called after each observation.
   *
   * @param response the observation
   */
  void onPoll(PollResponse response);
}
