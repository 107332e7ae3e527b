package io.github.livy4j.apache;

import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import java.net.URI;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: creates two sessions, detaches one, and
 * exits without closing anything.
 */
public final class ShutdownChild {
  private ShutdownChild() {}

  public static void main(String[] args) {
    LivyClient client = LivyClient.builder().backend(ApacheLivy.at(URI.create(args[0]))).build();
    LivySession owned = client.createSession(SessionSpec.builder().name("owned").build());
    LivySession kept = client.createSession(SessionSpec.builder().name("kept").build());
    kept.detach();
    System.out.println("created " + owned.id() + " and " + kept.id());
    System.exit(0);
  }
}
