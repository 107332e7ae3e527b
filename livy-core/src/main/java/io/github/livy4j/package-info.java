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
 */
package io.github.livy4j;
