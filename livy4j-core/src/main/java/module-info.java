/**
 * The livy4j client: sessions, statements, batches and results, over a {@code LivyBackend}.
 *
 * <p>Exports the API packages only; {@code io.github.livy4j.internal} and its subpackages stay
 * inside the module. Jackson and the JDK's HTTP client appear in the API ({@code spi} and
 * {@code LivyClient.Builder}), so a module that requires this one reads them too.
 */
module io.github.livy4j.core {
  requires transitive com.fasterxml.jackson.databind;
  requires transitive java.net.http;
  requires org.slf4j;

  exports io.github.livy4j;
  exports io.github.livy4j.auth;
  exports io.github.livy4j.observe;
  exports io.github.livy4j.polling;
  exports io.github.livy4j.spi;
}
