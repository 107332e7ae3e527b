package io.github.livy4j.spring;

import io.github.livy4j.LivyClient;

/**
 * Changes the auto-configured client's builder after the {@code livy4j.*} properties are
 * applied: declare a bean of this type to set what properties cannot (an
 * {@link java.net.http.HttpClient}, a {@link io.github.livy4j.SessionListener}, ...). Beans run
 * in their {@link org.springframework.core.annotation.Order}.
 */
@FunctionalInterface
public interface LivyClientCustomizer {

  /**
   * Changes the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(LivyClient.Builder builder);
}
