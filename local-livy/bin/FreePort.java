import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Prints a free loopback port, or with {@code --wait PORT SECONDS} waits up to that long for
 * something to listen there, exiting 0 as soon as it does and 1 if nothing did. Run as a
 * single-file program by local-livy, so it needs only a JDK.
 */
public final class FreePort {
  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--wait")) {
      int port = Integer.parseInt(args[1]);
      long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
      while (!listening(port)) {
        if (System.nanoTime() > deadline) {
          System.exit(1);
        }
        Thread.sleep(100);
      }
      System.exit(0);
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println(s.getLocalPort());
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
