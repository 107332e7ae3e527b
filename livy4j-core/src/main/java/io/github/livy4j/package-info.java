/**
 * The livy4j public API: {@link io.github.livy4j.LivyClient}, {@link io.github.livy4j.LivySession},
 * their asynchronous views, session specs, code, results, states and exceptions.
 *
 * <pre>{@code
 * try (LivyClient client = LivyClient.builder().backend(ApacheLivy.at(uri)).build();
 *      LivySession session = client.createSession(SessionSpec.defaults())) {
 *   Table t = session.execute(Code.sql("SELECT 1 AS one")).table();
 * }
 * }</pre>
 *
 * <p>What the SDK throws, its exception tree, what to retry and which exception says that a
 * session is gone are documented in one place: {@link io.github.livy4j.LivyException}.
 */
package io.github.livy4j;
