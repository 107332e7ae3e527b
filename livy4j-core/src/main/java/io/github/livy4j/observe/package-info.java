/**
 * Watching a client at work, for metrics and tracing: register a
 * {@link io.github.livy4j.observe.LivyObserver} with
 * {@link io.github.livy4j.LivyClient.Builder#observer(LivyObserver)}.
 *
 * <p>An observer sees each {@linkplain io.github.livy4j.observe.LivyOperation operation} the
 * client runs (creating a session, running a statement, deleting a session, ...), each HTTP
 * {@linkplain io.github.livy4j.observe.HttpExchange exchange} inside it with its
 * {@linkplain io.github.livy4j.observe.HttpResult result}, the states its sessions and
 * statements pass through, and its token refreshes. It never sees a token, a header the client
 * sets, or code text unless {@link io.github.livy4j.LivyClient.Builder#observeCodeText(boolean)}
 * allows it. The {@code livy4j-micrometer} and {@code livy4j-opentelemetry} modules are observers.
 */
package io.github.livy4j.observe;
