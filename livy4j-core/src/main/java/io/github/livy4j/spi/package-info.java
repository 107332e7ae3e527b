/**
 * The backend SPI: what a Livy dialect implements so that livy4j-core can drive it.
 *
 * <p>A {@link io.github.livy4j.spi.LivyBackend} turns each operation into HTTP requests sent
 * through the {@link io.github.livy4j.spi.Transport} it is given, and parses the answers
 * into the SDK's values. Backends never poll, retry or sleep: the transport retries what is
 * safe to retry, and livy4j-core polls. A backend declares its
 * {@link io.github.livy4j.spi.BackendCapabilities} so that livy4j-core never sends a field or
 * call the server would reject.
 */
package io.github.livy4j.spi;
