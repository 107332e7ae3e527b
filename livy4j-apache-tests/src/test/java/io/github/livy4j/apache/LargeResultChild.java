package io.github.livy4j.apache;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.testkit.contract.LargeResults;
import java.net.URI;

/**
 * Reads the large results of {@link LargeResults} from Apache Livy, in a JVM of a small heap,
 * through the blocking or the asynchronous API.
 */
public final class LargeResultChild {
  private LargeResultChild() {}

  /**
   * Reads the results and exits 0, or 1 if that failed.
   *
   * @param args the server's URI, and {@code async} to read through the asynchronous API
   */
  public static void main(String[] args) {
    try (LivyClient client =
            LivyClient.builder().backend(ApacheLivy.at(URI.create(args[0]))).build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      LivyAsyncSession async = client.async().attach(session.id()).join();
      boolean asynchronous = args.length > 1 && args[1].equals("async");
      LargeResults.read(
          code -> asynchronous ? async.execute(code).join() : session.execute(code),
          Code.scala(LargeResults.PRINT));
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
