package io.github.livy4j.docs;

import io.github.livy4j.SessionExpiredException;
import io.github.livy4j.SessionListener;
import io.github.livy4j.spring.LivyClientCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

// tag::customizer[]
@Configuration
class LivyConfig {
  private static final Logger log = LoggerFactory.getLogger(LivyConfig.class);

  @Bean
  LivyClientCustomizer expiredSessionsLog() {
    return builder ->
        builder.sessionListener(
            new SessionListener() {
              @Override
              public void onExpired(SessionExpiredException e) {
                log.info("{}", e.getMessage()); // a time to live, an idle timeout, or GONE
              }
            });
  }
}
// end::customizer[]
