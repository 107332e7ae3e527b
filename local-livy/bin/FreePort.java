import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Prints a free loopback port, or with {@code --check PORT} exits 0 when something listens
 * there. Run as a single-file program by local-livy, so it needs only a JDK.
 */
public final class FreePort {
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--check")) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
            Integer.parseInt(args[1])), 500);
        System.exit(0);
      } catch (java.io.IOException e) {
        System.exit(1);
      }
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      System.out.println(s.getLocalPort());
    }
  }
}
