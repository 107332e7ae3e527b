package io.github.livy4j.apache;

import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import java.net.URI;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: creates two sessions, detaches one, and, given
 * a second server and a count, that many clients on one engine, each with a session; then exits
 * without closing anything.
 */
public final class ShutdownChild {
  private ShutdownChild() {}

  public static void main(String[] args) {
    LivyClient client = LivyClient.builder().backend(ApacheLivy.at(URI.create(args[0]))).build();
    LivySession owned = client.createSession(SessionSpec.builder().name("owned").build());
    LivySession kept = client.createSession(SessionSpec.builder().name("kept").build());
    kept.detach();
    System.out.println("created " + owned.id() + " and " + kept.id());
    if (args.length > 1) {
      onOneEngine(URI.create(args[1]), Integer.parseInt(args[2]));
    }
    System.exit(0);
  }

  /** Many clients on one engine, each with a session; exits without closing any of them. */
  private static void onOneEngine(URI livy, int clients) {
    io.github.livy4j.LivyEngine engine = io.github.livy4j.LivyEngine.create();
    for (int i = 0; i < clients; i++) {
      LivyClient c = LivyClient.builder().engine(engine).backend(ApacheLivy.at(livy)).build();
      c.createSession(SessionSpec.builder().name("client-" + i).build());
    }
    System.out.println("created " + clients + " sessions");
  }
}
