package io.github.livy4j.testkit.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.livy4j.testkit.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side of the fake: faults, the CSRF rule, the journal, then the model. */
public final class FakeServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeServer.class);
  private static final int MAX_BODY = 16 * 1024 * 1024;
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final LivyModel model;
  private final boolean csrf;
  private final boolean fabric;
  private final java.util.function.Predicate<String> tokens;
  private final HttpServer server;
  private final ExecutorService executor;
  private final java.util.concurrent.atomic.AtomicInteger inFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger peakInFlight =
      new java.util.concurrent.atomic.AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<RecordedRequest> journal = new ArrayList<>();
  private final List<ArmedFault> faults = new ArrayList<>();
  private final URI uri;

  private static final class ArmedFault {
    final AccessFault access;
    int remaining;

    ArmedFault(AccessFault access) {
      this.access = access;
      this.remaining = access.times();
    }
  }

  /**
   * Starts the server on a free loopback port.
   *
   * @param model the state
   * @param csrf whether non-GET requests need {@code X-Requested-By}
   * @param fabric whether requests need a bearer token (the Fabric dialect)
   * @param tokens the bearer tokens accepted, or {@code null} for any (Fabric) or none needed
   */
  public FakeServer(
      LivyModel model, boolean csrf, boolean fabric, java.util.function.Predicate<String> tokens) {
    this.model = model;
    this.csrf = csrf;
    this.fabric = fabric;
    this.tokens = tokens;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-livy-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake Livy server", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
    this.uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** @return the base URL */
  public URI uri() {
    return uri;
  }

  /**
   * Arms a fault.
   *
   * @param fault the fault
   */
  public void inject(AccessFault fault) {
    synchronized (faults) {
      faults.add(new ArmedFault(fault));
    }
  }

  /** @return the journal */
  public List<RecordedRequest> requests() {
    synchronized (journal) {
      return List.copyOf(journal);
    }
  }

  /** Clears the journal. */
  public void clearRequests() {
    synchronized (journal) {
      journal.clear();
    }
  }

  /** @return the most requests this server has had in flight at once */
  public int peakConcurrentRequests() {
    return peakInFlight.get();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    try {
      answer(ex);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void answer(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = ex.getRequestURI().getRawPath();
      String query =
          ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
      String body = readBody(ex.getRequestBody());
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders()
          .forEach(
              (k, v) -> {
                String name = k.toLowerCase(Locale.ROOT);
                String value = v.isEmpty() ? "" : v.get(0);
                if (name.equals("authorization")) {
                  int space = value.indexOf(' ');
                  value = (space > 0 ? value.substring(0, space + 1) : "") + "<redacted>";
                }
                headers.put(name, value);
              });
      synchronized (journal) {
        journal.add(new RecordedRequest(method, path, query, Map.copyOf(headers), body));
      }
      AccessFault fault = takeFault(method, path);
      if (fault != null) {
        switch (fault.kind()) {
          case "RESPOND":
            send(
                ex,
                new Reply(
                    fault.status(),
                    "application/json;charset=utf-8",
                    fault.body(),
                    fault.headers()));
            return;
          case "HANG":
            await(fault);
            return; // closing the exchange without an answer
          case "DROP":
            return;
          case "DELAY":
            await(fault);
            break;
          default:
            break;
        }
      }
      String authorization =
          java.util.Objects.requireNonNullElse(
              ex.getRequestHeaders().getFirst("Authorization"), "");
      if ((fabric || tokens != null)
          && !(authorization.startsWith("Bearer ")
              && (tokens == null || tokens.test(authorization.substring("Bearer ".length()))))) {
        send(
            ex,
            fabric
                ? model.fabricError(401, "TokenNotProvided", "Access token is missing or invalid")
                : new Reply(
                    401,
                    "text/plain;charset=utf-8",
                    "401 Unauthorized: a valid bearer token is required",
                    Map.of()));
        return;
      }
      if (csrf && !SAFE_METHODS.contains(method) && !headers.containsKey("x-requested-by")) {
        send(ex, csrfRejection(path));
        return;
      }
      Reply reply = model.handle(method, path, query, body);
      if (fault != null && fault.kind().equals("DROP_AFTER")) {
        return;
      }
      if (fault != null && fault.kind().equals("RESPOND_AFTER")) {
        reply =
            new Reply(
                fault.status(), "application/json;charset=utf-8", fault.body(), fault.headers());
      }
      if (fault != null
          && (fault.kind().equals("TRUNCATE") || fault.kind().equals("HANG_MID_BODY"))) {
        sendHalf(ex, reply);
        if (fault.kind().equals("HANG_MID_BODY")) {
          await(fault);
        }
        return;
      }
      send(ex, reply);
    } catch (RuntimeException e) {
      LOG.error("FakeLivy failed to handle a request", e);
      throw e;
    }
  }

  private void await(AccessFault fault) {
    try {
      closed.await(fault.delay().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AccessFault takeFault(String method, String path) {
    synchronized (faults) {
      for (ArmedFault f : faults) {
        if (f.remaining > 0 && f.access.matches(method, path)) {
          f.remaining--;
          return f.access;
        }
      }
      return null;
    }
  }

  private static Reply csrfRejection(String path) {
    String html =
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;"
            + "charset=ISO-8859-1\"/>\n<title>Error 400 </title>\n</head>\n<body>\n<h2>HTTP ERROR:"
            + " 400</h2>\n<p>Problem accessing "
            + path
            + ". Reason:\n<pre>    Missing Required"
            + " Header for CSRF protection.</pre></p>\n</body>\n</html>\n";
    return new Reply(
        400,
        "text/html;charset=iso-8859-1",
        html,
        Map.of("Cache-Control", "must-revalidate,no-cache,no-store"));
  }

  private static String readBody(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Sends the headers with the full length, then half of the body (at least one byte). */
  private static void sendHalf(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes =
        reply.body().isEmpty()
            ? "{}".getBytes(StandardCharsets.UTF_8)
            : reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.getResponseHeaders().set("Server", "FakeLivy");
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(reply.status(), bytes.length);
    OutputStream out = ex.getResponseBody();
    out.write(bytes, 0, Math.max(1, bytes.length / 2));
    out.flush();
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.getResponseHeaders().set("Server", "FakeLivy");
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
