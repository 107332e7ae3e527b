/**
 * Long-running operations: {@link io.github.livy4j.polling.Poller}, its observations, the
 * backoff schedule and the default deadlines in {@link io.github.livy4j.polling.PollingOptions}.
 */
package io.github.livy4j.polling;
