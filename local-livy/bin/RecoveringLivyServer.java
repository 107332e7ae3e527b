import org.apache.livy.LivyConf;
import org.apache.livy.server.LivyServer;

/**
 * Apache Livy's own server, started as {@code LivyServer.main} starts it, except that it may
 * recover its sessions without YARN. {@code local-livy start --recovery} compiles it (once, into
 * its cache) against Livy's jars and runs it in place of {@code LivyServer}.
 *
 * <p>Livy 0.7.1 refuses {@code livy.server.recovery.mode = recovery} unless
 * {@code livy.spark.master} is YARN ({@code LivyServer.testRecovery}: "Session recovery requires
 * YARN."). Interactive sessions do not need YARN to recover: the restarted server reads each
 * one's RSC driver address from the state store and connects to the driver again, which kept
 * running. Batches do: without YARN, Livy follows a batch only through the {@code spark-submit}
 * process it started, and recovering one fails ("process must not be None when Livy master is
 * not YARN.") and stops the server; so {@code local-livy} leaves batches out of the state store
 * before this server starts.
 */
public final class RecoveringLivyServer extends LivyServer {

  /** Allows recovery on any Spark master. */
  @Override
  public void testRecovery(LivyConf livyConf) {
    // interactive sessions recover through their RSC driver's address, not through YARN
  }

  /**
   * Starts the server and serves until it stops, as {@code LivyServer.main} does.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    LivyServer server = new RecoveringLivyServer();
    try {
      server.start();
      server.join();
    } finally {
      server.stop();
    }
  }
}
