package io.github.livy4j.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A local server that hangs: it reads each request, then answers nothing, or only the head of
 * an answer and the start of its body, until it is closed. It tells when a request has come
 * and when the client gave up on a connection (closed it). It answers {@code GET /warm} at once
 * and keeps that connection open, so that a client can connect ahead of a timed request
 * ({@link #warm}): the time a request is given then goes to waiting for the answer, not to
 * connecting on a loaded machine.
 */
final class StallingServer implements AutoCloseable {
  /** The most a test waits for something that should happen at once. */
  private static final long PATIENCE_SECONDS = 20;

  private final ServerSocket socket;
  private final String partialAnswer;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Semaphore requests = new Semaphore(0);
  private final Semaphore abandoned = new Semaphore(0);

  private StallingServer(String partialAnswer) throws IOException {
    this.partialAnswer = partialAnswer;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptAll, "stalling-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** @return a server that never answers */
  static StallingServer silent() throws IOException {
    return new StallingServer(null);
  }

  /** @return a server that sends an answer's head and part of its body, then nothing */
  static StallingServer stallingMidBody() throws IOException {
    return new StallingServer(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100\r\n\r\n{\"id\":");
  }

  /**
   * Connects a client to this server and leaves the connection in its pool.
   *
   * @param client the client
   * @return the client
   */
  HttpClient warm(HttpClient client) throws IOException, InterruptedException {
    HttpResponse<Void> r =
        client.send(
            HttpRequest.newBuilder(uri("/warm")).version(HttpClient.Version.HTTP_1_1).build(),
            HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() != 204) {
      throw new AssertionError("warm-up answered " + r.statusCode());
    }
    return client;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  /** Waits until a request has come (each call waits for one more). */
  void awaitRequest() throws InterruptedException {
    if (!requests.tryAcquire(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no request came");
    }
  }

  /** Waits until the client has closed a connection (each call waits for one more). */
  void awaitAbandoned() throws InterruptedException {
    if (!abandoned.tryAcquire(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the client kept the connection open");
    }
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        accepted.add(s);
        Thread t = new Thread(() -> serve(s), "stalling-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      String head = readHead(in);
      while (head != null && head.startsWith("GET /warm ")) {
        s.getOutputStream()
            .write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        head = readHead(in);
      }
      if (head == null) {
        abandoned.release();
        return;
      }
      requests.release();
      if (partialAnswer != null) {
        OutputStream out = s.getOutputStream();
        out.write(partialAnswer.getBytes(StandardCharsets.US_ASCII));
        out.flush();
      }
      byte[] buf = new byte[1024];
      while (in.read(buf) >= 0) {
        // a body, or nothing: the client may only close
      }
      abandoned.release();
    } catch (IOException e) {
      // reset by the client, or closed by close(): it gave up either way
      abandoned.release();
    }
  }

  /** @return a request's head, or {@code null} once the client closed the connection */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : accepted) {
      s.close();
    }
  }
}
