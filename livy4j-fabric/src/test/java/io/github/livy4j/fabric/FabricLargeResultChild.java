package io.github.livy4j.fabric;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.testkit.contract.LargeResults;
import java.net.URI;

/** Reads the large results of {@link LargeResults} from Fabric, in a JVM of a small heap. */
public final class FabricLargeResultChild {
  private FabricLargeResultChild() {}

  /**
   * Reads the results and exits 0, or 1 if that failed.
   *
   * @param args the server's URI, the workspace and the lakehouse
   */
  public static void main(String[] args) {
    try (LivyClient client =
            LivyClient.builder()
                .backend(FabricLivy.builder(args[1], args[2]).baseUri(URI.create(args[0])).build())
                .credential(TokenProviders.fixed("fabric-token"))
                .build();
        LivySession session = client.createSession(SessionSpec.defaults())) {
      LargeResults.read(session::execute, Code.pyspark(LargeResults.PRINT));
    } catch (RuntimeException e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}
