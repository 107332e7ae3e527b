package io.github.livy4j.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start that failed for want of a Livy endpoint into Spring Boot's "APPLICATION FAILED TO
 * START" report, saying which properties to set. Registered in {@code META-INF/spring.factories},
 * on both Spring Boot lines.
 */
final class LivyFailureAnalyzer extends AbstractFailureAnalyzer<MissingEndpointException> {

  /** For Spring Boot, which makes it from {@code META-INF/spring.factories}. */
  LivyFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingEndpointException cause) {
    return new FailureAnalysis(
        "livy4j could not make its LivyClient: " + cause.getMessage() + ".",
        "Set the Livy endpoint in the application's configuration. For Apache Livy:\n\n"
            + "    livy4j.url=http://localhost:8998\n\n"
            + "For Microsoft Fabric:\n\n"
            + "    livy4j.fabric.workspace-id=<workspace GUID>\n"
            + "    livy4j.fabric.lakehouse-id=<lakehouse GUID>\n\n"
            + "Or define a LivyClient bean of your own, which replaces the auto-configured one.",
        cause);
  }
}
