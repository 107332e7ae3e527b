package com.azure.spring.cloud.autoconfigure.implementation.context;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import java.time.OffsetDateTime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import reactor.core.publisher.Mono;

/**
 * Stands in for Spring Cloud Azure's auto-configuration of the same name, which makes an
 * application's {@code TokenCredential} bean. Ordered last, so that only the starter's ordering
 * after it (not the alphabet, nor the order) puts it first.
 */
@AutoConfiguration
@AutoConfigureOrder(Ordered.LOWEST_PRECEDENCE)
public class AzureTokenCredentialAutoConfiguration {

  /** The token the credential gives. */
  public static final String TOKEN = "spring-cloud-azure-token";

  /**
   * The credential.
   *
   * @return one that always gives {@link #TOKEN}
   */
  @Bean
  public TokenCredential springCloudAzureDefaultCredential() {
    return request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
  }
}
