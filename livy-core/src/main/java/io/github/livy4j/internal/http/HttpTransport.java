package io.github.livy4j.internal.http;

import io.github.livy4j.AuthenticationException;
import io.github.livy4j.CapacityExceededException;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.RetryOptions;
import io.github.livy4j.ServiceError;
import io.github.livy4j.ThrottledException;
import io.github.livy4j.auth.AccessToken;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.internal.Failures;
import io.github.livy4j.internal.observe.Observers;
import io.github.livy4j.internal.observe.Op;
import io.github.livy4j.internal.observe.UrlTemplates;
import io.github.livy4j.observe.ExchangeObserver;
import io.github.livy4j.observe.HttpExchange;
import io.github.livy4j.observe.HttpResult;
import io.github.livy4j.observe.LivyOperation;
import io.github.livy4j.polling.Sleeper;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.BackendResponse;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.Redactor;
import io.github.livy4j.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP pipeline on the JDK {@link HttpClient}: timeouts, user agent, bearer token per
 * request, retries of what is safe to retry, one token refresh and replay on 401, and error
 * answers turned into exceptions. Thread-safe.
 */
public final class HttpTransport implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final Pattern UNTIL = Pattern.compile(
      "until:\\s*(\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2} [AaPp][Mm])\\s*\\(UTC\\)");
  private static final DateTimeFormatter UNTIL_FORMAT =
      DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

  private final HttpClient http;
  /** Answers awaited, with the JDK's exchange behind each, so close can end and abort them. */
  private final Map<CompletableFuture<HttpResponse<byte[]>>, CompletableFuture<?>> inFlight =
      new ConcurrentHashMap<>();
  /**
   * Ends a request whose answer is not complete within its timeout: the JDK's own timeout
   * stops once the headers have come, so an answer hanging mid-body would wait forever.
   */
  private final ScheduledThreadPoolExecutor watchdog;
  private final java.util.Set<BlockingSend> blocking =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final Duration requestTimeout;
  private final String userAgent;
  private final TokenProvider tokens;
  private final RetryOptions retry;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final boolean refusePlainHttpCredentials;
  private final Set<String> warnedPlainHttp = ConcurrentHashMap.newKeySet();
  private final Permits permits;
  private final Supplier<? extends AsyncRunner> runner;
  private final Observers observers;
  /** The token the last request was sent with, to tell a new one from it. */
  private final java.util.concurrent.atomic.AtomicReference<AccessToken> lastToken =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** Where asynchronous sends continue after an answer and wait between attempts. */
  public interface AsyncRunner {
    /**
     * Runs a short task soon on one of the client's threads.
     *
     * @param task the task
     */
    void execute(Runnable task);

    /**
     * Runs a short task after a delay.
     *
     * @param task the task
     * @param delay the delay
     * @param onInterrupt runs instead of the task if the wait is cut short
     */
    void schedule(Runnable task, Duration delay, Runnable onInterrupt);
  }

  /**
   * Creates the pipeline.
   *
   * @param http the JDK client
   * @param requestTimeout the per-request timeout
   * @param userAgent the user agent
   * @param tokens the token provider
   * @param retry the retry options
   * @param clock the clock, for Retry-After dates
   * @param sleeper the sleeper between attempts
   * @param random uniform random numbers in [0, 1) for jitter
   * @param refusePlainHttpCredentials whether to refuse, rather than warn once about, sending a
   *     credential over plain {@code http://} to a host other than this machine
   * @param maxConnections how many requests may be in flight at once
   * @param runner where asynchronous sends continue and wait
   */
  public HttpTransport(HttpClient http, Duration requestTimeout, String userAgent,
      TokenProvider tokens, RetryOptions retry, Clock clock, Sleeper sleeper,
      DoubleSupplier random, boolean refusePlainHttpCredentials, int maxConnections,
      Supplier<? extends AsyncRunner> runner) {
    this(http, requestTimeout, userAgent, tokens, retry, clock, sleeper, random,
        refusePlainHttpCredentials, maxConnections, runner, Observers.NONE);
  }

  /**
   * Creates the pipeline, observed.
   *
   * @param http the JDK client
   * @param requestTimeout the per-request timeout
   * @param userAgent the user agent
   * @param tokens the token provider
   * @param retry the retry options
   * @param clock the clock, for Retry-After dates
   * @param sleeper the sleeper between attempts
   * @param random uniform random numbers in [0, 1) for jitter
   * @param refusePlainHttpCredentials whether to refuse, rather than warn once about, sending a
   *     credential over plain {@code http://} to a host other than this machine
   * @param maxConnections how many requests may be in flight at once
   * @param runner where asynchronous sends continue and wait
   * @param observers who is told of each attempt and token
   */
  public HttpTransport(HttpClient http, Duration requestTimeout, String userAgent,
      TokenProvider tokens, RetryOptions retry, Clock clock, Sleeper sleeper,
      DoubleSupplier random, boolean refusePlainHttpCredentials, int maxConnections,
      Supplier<? extends AsyncRunner> runner, Observers observers) {
    this.observers = Objects.requireNonNull(observers, "observers");
    this.permits = new Permits(maxConnections);
    this.runner = Objects.requireNonNull(runner, "runner");
    this.http = Objects.requireNonNull(http, "http");
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.retry = Objects.requireNonNull(retry, "retry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
    this.refusePlainHttpCredentials = refusePlainHttpCredentials;
    this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "livy4j-http-timeout");
      t.setDaemon(true);
      return t;
    });
    this.watchdog.setRemoveOnCancelPolicy(true);
    this.watchdog.setKeepAliveTime(10, TimeUnit.SECONDS);
    this.watchdog.allowCoreThreadTimeOut(true);
  }

  @Override
  public BackendResponse send(BackendRequest request) {
    return read(request, null);
  }

  /**
   * Sends a request and reads a successful answer's body as it arrives, on the calling thread
   * and within the request's timeout; error answers are read whole, as {@link #send} reads
   * them. A body cut off on the way (or not whole in time) fails the attempt as a lost answer
   * does, and an idempotent request is sent again.
   */
  @Override
  public <T> T read(BackendRequest request, BodyReader<T> reader) {
    Op own = ownOp();
    if (own == null) {
      return sendAttempts(request, reader);
    }
    try (Op.Scope s = own.enter()) {
      T r = sendAttempts(request, reader);
      own.end(null);
      return r;
    } catch (RuntimeException e) {
      own.end(e);
      throw e;
    }
  }

  /**
   * An operation of its own for a request sent outside any operation of this client's, or
   * {@code null} when it has one (or nobody observes).
   */
  private Op ownOp() {
    if (!observers.active()) {
      return null;
    }
    Op current = Op.current();
    return current != null && current.of(observers) ? null
        : observers.start(LivyOperation.OTHER, null, null, current == null);
  }

  /**
   * Sends the request until it is answered.
   *
   * @param reader reads a successful answer's body as it arrives, or {@code null} to read it
   *     whole into a {@link BackendResponse}
   */
  @SuppressWarnings("unchecked")
  private <T> T sendAttempts(BackendRequest request, BodyReader<T> reader) {
    Exchange x = new Exchange(request);
    while (true) {
      Step step;
      boolean held = false;
      try {
        held = permits.acquire(x.timeLeft());
        if (!held) {
          throw new DeadlineExceededException("No connection was free for " + x.where()
              + " before the wait's deadline", false);
        }
        Answer answer = sendBlocking(x, reader);
        permits.release();
        held = false;
        step = x.answered(answer.response(), answer.value());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw x.ended(new LivyClientException("Interrupted during " + x.where(), e,
            held && !request.idempotent()));
      } catch (IOException e) {
        if (closed) {
          throw x.ended(closedDuring(x, e));
        }
        step = x.failed(e);
      } catch (RuntimeException e) {
        throw x.ended(e);
      } finally {
        if (held) {
          permits.release();
        }
      }
      if (step.response() != null) {
        return step.response() == NULL ? null : (T) step.response();
      }
      try {
        if (!step.pause().isZero()) {
          sleeper.sleep(step.pause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        Failures.suppress(step.failure(), e);
        throw step.failure();
      }
      if (step.thenFail()) {
        throw step.failure();
      }
    }
  }

  @Override
  public CompletableFuture<BackendResponse> sendAsync(BackendRequest request) {
    CompletableFuture<BackendResponse> result = new CompletableFuture<>();
    Op own = ownOp();
    if (own != null) {
      result.whenComplete((r, e) -> own.end(e == null ? null : Futures.unwrap(e)));
    }
    try (Op.Scope s = own == null ? null : own.enter()) {
      attemptAsync(new Exchange(request), result);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /**
   * Sends one attempt, tracked until it ends so that {@link #close()} can end it: a request in
   * flight when its client closes would otherwise wait forever for an executor that is gone.
   */
  private CompletableFuture<HttpResponse<byte[]>> start(Exchange x) {
    if (closed) {
      throw new LivyClientException("The LivyClient was closed: not sending " + x.where(), null,
          false);
    }
    HttpRequest request = x.nextRequest();
    CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(request,
        HttpResponse.BodyHandlers.ofByteArray());
    CompletableFuture<HttpResponse<byte[]>> answer = new CompletableFuture<>();
    inFlight.put(answer, sent);
    Runnable stopTimer = watch(() -> {
      if (answer.completeExceptionally(incomplete(x))) {
        sent.cancel(true); // aborts the exchange
      }
    }, x.timeout);
    answer.whenComplete((r, e) -> {
      stopTimer.run();
      inFlight.remove(answer);
    });
    sent.whenComplete((r, e) -> {
      if (e == null) {
        answer.complete(r);
      } else {
        answer.completeExceptionally(e instanceof CompletionException && e.getCause() != null
            ? e.getCause() : e);
      }
    });
    if (closed) {
      answer.completeExceptionally(new IOException("the LivyClient was closed"));
      sent.cancel(true);
    }
    return answer;
  }

  /**
   * One attempt on the calling thread, with the JDK's blocking send (its asynchronous send
   * would complete on another thread, which on a machine of two cores is a new thread per
   * request). {@link #close()} ends it by interrupting the thread, since a request in flight
   * when its client closes would otherwise wait forever for an executor that is gone.
   */
  private Answer sendBlocking(Exchange x, BodyReader<?> reader) throws IOException,
      InterruptedException {
    if (closed) {
      throw new LivyClientException("The LivyClient was closed: not sending " + x.where(), null,
          false);
    }
    HttpRequest request = x.nextRequest();
    BlockingSend call = new BlockingSend(Thread.currentThread());
    blocking.add(call);
    Runnable stopTimer = watch(call::expire, x.timeout);
    try {
      if (closed) {
        throw new IOException("the LivyClient was closed");
      }
      if (reader == null) {
        return new Answer(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), null);
      }
      HttpResponse<Object> response = http.send(request, STREAMED);
      if (!(response.body() instanceof InputStream body)) {
        return new Answer(response, null);
      }
      try (body) {
        call.reading(body);
        Object value = reader.read(body);
        drain(body);
        return new Answer(response, value == null ? NULL : value);
      }
    } catch (InterruptedException e) {
      switch (call.end()) {
        case CLOSED:
          throw new IOException("the LivyClient was closed", e);
        case EXPIRED:
          throw incomplete(x);
        default:
          throw e;
      }
    } catch (IOException e) {
      // a body read on this thread ends with an IOException when the thread is interrupted
      switch (call.end()) {
        case CLOSED:
          throw new IOException("the LivyClient was closed", e);
        case EXPIRED:
          throw incomplete(x);
        default:
          throw e;
      }
    } finally {
      stopTimer.run();
      blocking.remove(call);
      if (call.end() != BlockingSend.Cut.NONE) {
        Thread.interrupted(); // the cut came after the answer: not the caller's interrupt
      }
    }
  }

  /** A successful answer's body as a stream to read, an error answer's read whole. */
  private static final HttpResponse.BodyHandler<Object> STREAMED = info -> info.statusCode() < 400
      ? HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
          in -> (Object) in)
      : HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(),
          bytes -> (Object) bytes);

  /**
   * An answer: a {@link BackendResponse} is made of it unless its body was read into a value.
   *
   * @param response the answer, with its body as bytes unless it was read
   * @param value what a reader read of a successful answer's body, or {@code null}
   */
  private record Answer(HttpResponse<?> response, Object value) {}

  /** What a reader read when it read {@code null}. */
  private static final Object NULL = new Object();

  /** Reads what a reader left of a body, so that the connection can serve the next request. */
  private static void drain(InputStream body) throws IOException {
    byte[] rest = new byte[512];
    while (body.read(rest) >= 0) {
      // after the JSON value: nothing, or white space
    }
  }

  /** The timeout of an answer that did not come whole in time (headers, or body). */
  private static HttpTimeoutException incomplete(Exchange x) {
    return new HttpTimeoutException("the answer was not complete within "
        + x.timeout.toMillis() + " ms");
  }

  /**
   * Runs a task after a delay on the watchdog (not at all once the transport is closed).
   *
   * @return cancels the task
   */
  private Runnable watch(Runnable task, Duration delay) {
    try {
      ScheduledFuture<?> f = watchdog.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> { };
    }
  }

  /**
   * A blocking send in progress, which {@link #close()} or its timeout cuts short by
   * interrupting its thread, at most once.
   */
  private static final class BlockingSend {
    /** Why the send was cut short. */
    enum Cut { NONE, CLOSED, EXPIRED }

    private final Thread thread;
    private boolean ended;
    private Cut cut = Cut.NONE;
    /** The body being read on the thread, if it is. */
    private InputStream body;

    BlockingSend(Thread thread) {
      this.thread = thread;
    }

    /** Interrupts the send, as its client closes, unless it has ended. */
    void interrupt() {
      cut(Cut.CLOSED);
    }

    /** Interrupts the send, as its time is up, unless it has ended. */
    void expire() {
      cut(Cut.EXPIRED);
    }

    private synchronized void cut(Cut why) {
      if (!ended && cut == Cut.NONE) {
        cut = why;
        // a read blocked in the JDK's body stream does not end on an interrupt (it waits on),
        // but ends once the stream is closed
        closeBody();
        thread.interrupt();
      }
    }

    /** The thread reads a body now: cutting the send closes it. */
    synchronized void reading(InputStream stream) {
      body = stream;
      if (cut != Cut.NONE) {
        closeBody();
      }
    }

    private void closeBody() {
      if (body != null) {
        try {
          body.close();
        } catch (IOException e) {
          // closed to end the read: nothing more to do
        }
      }
    }

    /**
     * Ends the send: no interrupt comes after this.
     *
     * @return why it was cut short, if it was
     */
    synchronized Cut end() {
      ended = true;
      return cut;
    }
  }

  /**
   * Closes the transport: every request in flight fails now, without another attempt, and no
   * request is sent any more.
   */
  public void close() {
    closed = true;
    for (Map.Entry<CompletableFuture<HttpResponse<byte[]>>, CompletableFuture<?>> f
        : List.copyOf(inFlight.entrySet())) {
      f.getKey().completeExceptionally(new IOException("the LivyClient was closed"));
      f.getValue().cancel(true);
    }
    for (BlockingSend call : List.copyOf(blocking)) {
      call.interrupt();
    }
    watchdog.shutdownNow();
  }

  private static LivyClientException closedDuring(Exchange x, IOException cause) {
    return new LivyClientException("The LivyClient was closed during " + x.where(), cause,
        !x.request.idempotent());
  }

  /** One attempt without a thread held while it is in flight; continues on the runner. */
  private void attemptAsync(Exchange x, CompletableFuture<BackendResponse> result) {
    permits.acquire().thenRun(() -> {
      CompletableFuture<HttpResponse<byte[]>> sent;
      try {
        sent = start(x);
      } catch (RuntimeException e) {
        permits.release();
        result.completeExceptionally(e);
        return;
      }
      sent.whenComplete((response, error) -> {
        permits.release();
        try {
          runner.get().execute(() -> continueAsync(x, result, response, error));
        } catch (RuntimeException e) {
          continueAsync(x, result, response, error);
        }
      });
    });
  }

  private void continueAsync(Exchange x, CompletableFuture<BackendResponse> result,
      HttpResponse<byte[]> response, Throwable error) {
    // what is chained on the answer (a backend's next page, an operation's next read) is the
    // same operation's
    try (Op.Scope s = x.enter()) {
      continueAsyncAttempt(x, result, response, error);
    }
  }

  private void continueAsyncAttempt(Exchange x, CompletableFuture<BackendResponse> result,
      HttpResponse<byte[]> response, Throwable error) {
    Step step;
    try {
      if (error == null) {
        step = x.answered(response, null);
      } else if (closed && error instanceof IOException io) {
        // start() hands on the JDK's failure unwrapped
        result.completeExceptionally(x.ended(closedDuring(x, io)));
        return;
      } else if (error instanceof IOException io) {
        step = x.failed(io);
      } else {
        result.completeExceptionally(x.ended(error));
        return;
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(x.ended(e));
      return;
    }
    if (step.response() != null) {
      result.complete((BackendResponse) step.response());
      return;
    }
    Runnable next = step.thenFail() ? () -> result.completeExceptionally(step.failure())
        : () -> {
          try {
            attemptAsync(x, result);
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        };
    if (step.pause().isZero()) {
      next.run();
      return;
    }
    try {
      runner.get().schedule(() -> {
        try (Op.Scope s = x.enter()) {
          next.run();
        }
      }, step.pause(), () -> {
        try (Op.Scope s = x.enter()) {
          result.completeExceptionally(step.failure());
        }
      });
    } catch (RuntimeException e) {
      Failures.suppress(step.failure(), e);
      result.completeExceptionally(step.failure());
    }
  }

  /**
   * What comes after an attempt: the answer, or a pause and then another attempt (or, when the
   * deadline comes first, the pause to the deadline and then the failure).
   */
  private record Step(Object response, Duration pause, LivyException failure,
      boolean thenFail) {
    static Step done(Object r) {
      return new Step(r, null, null, false);
    }
  }

  /**
   * One request's way through its attempts, shared by the blocking and the asynchronous
   * sends: what to send next, and what an answer or a failure means.
   */
  private final class Exchange {
    final BackendRequest request;
    private String where;
    final Optional<Instant> deadline = Deadline.current();
    Optional<AccessToken> token;
    final Optional<AccessToken> firstToken;

    boolean refreshed;
    /** The operation this request is part of; inactive when nobody observes. */
    final Op op;
    /** Attempts sent so far, retries and replays included. */
    int sent;
    private ExchangeObserver observed = ExchangeObserver.NONE;
    int attempt = 1;
    int capacityAttempt;
    Duration capacityWaited = Duration.ZERO;
    long started;
    Duration timeout;

    Exchange(BackendRequest request) {
      this.request = request;
      Op current = Op.current();
      this.op = current != null && current.of(observers) ? current : null;
      this.token = token(tokens::getToken, false);
      this.firstToken = token;
    }

    /** Enters the request's operation on the calling thread. */
    Op.Scope enter() {
      return op == null ? () -> { } : op.enter();
    }

    /**
     * Tells the attempt's observers how it ended, once.
     *
     * @param status the status, or 0 without an answer
     * @param failure the failure, or {@code null}
     * @param next what follows, or {@code null} when nothing does
     */
    private void report(int status, Throwable failure, Step next) {
      ExchangeObserver o = observed;
      if (o == ExchangeObserver.NONE) {
        return;
      }
      observed = ExchangeObserver.NONE;
      boolean again = next != null && next.response() == null && !next.thenFail();
      // a 401 replayed with a new token is no failure yet
      Throwable why = failure != null ? failure : next == null || status == 401 ? null
          : next.failure();
      o.ended(new HttpResult(status, Duration.ofNanos(System.nanoTime() - started), why, again,
          again ? next.pause() : Duration.ZERO));
    }

    /**
     * Ends the attempt in flight with a failure that ends the request.
     *
     * @param failure the failure
     * @return the failure
     */
    <E extends Throwable> E ended(E failure) {
      report(0, failure, null);
      return failure;
    }

    /** @return the request for messages and logs, such as {@code GET http://host/sessions/1} */
    String where() {
      if (where == null) {
        where = request.method() + " " + Redaction.url(request.uri());
      }
      return where;
    }

    /** @return the time left before the deadline, or {@code null} without one */
    Duration timeLeft() {
      return deadline.map(d -> Duration.between(clock.instant(), d)).orElse(null);
    }

    HttpRequest nextRequest() {
      timeout = timeoutWithin(deadline, where());
      sent++;
      Map<String, String> extra = Map.of();
      if (op != null && op.active()) {
        Map<String, String> added = new java.util.LinkedHashMap<>();
        observed = op.exchangeStarted(new HttpExchange(request.method(), shownUrl(request.uri()),
            UrlTemplates.of(request.uri().getRawPath()), sent, request.idempotent()),
            (name, value) -> added.put(checkedHeader(name), Objects.requireNonNull(value,
                "value")));
        extra = added;
      }
      started = System.nanoTime();
      return build(request, token, timeout, extra);
    }

    Step failed(IOException e) {
      try {
        Step next = failedAttempt(e);
        report(0, e, next);
        return next;
      } catch (RuntimeException failure) {
        throw ended(failure);
      }
    }

    Step answered(HttpResponse<?> response, Object value) {
      try {
        Step next = answeredAttempt(response, value);
        report(response.statusCode(), null, next);
        return next;
      } catch (RuntimeException failure) {
        report(response.statusCode(), failure, null);
        throw failure;
      }
    }

    private Step failedAttempt(IOException e) {
      if (e instanceof HttpConnectTimeoutException || e instanceof ConnectException) {
        // the request never reached the server: safe to repeat whatever it is
        return pauseOrThrow(new LivyClientException(
            "Could not connect for " + where() + ": " + describe(e), e, false), null);
      }
      if (e instanceof HttpTimeoutException) {
        if (timeout.compareTo(requestTimeout) < 0) {
          throw new DeadlineExceededException("No answer for " + where() + " before the wait's"
              + " deadline", !request.idempotent());
        }
        LivyClientException failure = new LivyClientException("No answer within "
            + requestTimeout.toMillis() + " ms for " + where(), e, !request.idempotent());
        if (!request.idempotent()) {
          throw failure;
        }
        return pauseOrThrow(failure, null);
      }
      LivyClientException failure = new LivyClientException(
          "Connection failed during " + where() + ": " + describe(e), e, !request.idempotent());
      if (!request.idempotent()) {
        throw failure;
      }
      return pauseOrThrow(failure, null);
    }

    private Step answeredAttempt(HttpResponse<?> response, Object value) {
      int status = response.statusCode();
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} -> {} ({} ms, attempt {})", where(), status,
            (System.nanoTime() - started) / 1_000_000, attempt);
      }
      if (status < 400) {
        return Step.done(value != null ? value
            : new BackendResponse(status, response.headers(), body(response)));
      }
      if (status == 401 && !refreshed && token.isPresent()) {
        refreshed = true;
        LOG.debug("{} answered 401; refreshing the token once and replaying", where());
        AccessToken rejected = token.get();
        token = token(() -> tokens.refresh(rejected), true);
        return new Step(null, Duration.ZERO, new LivyClientException("Interrupted before "
            + where() + " was replayed with a new token", null, false), false);
      }
      LivyServiceException failure = error(request, response, where(), firstToken, token);
      if (status == 430) {
        // rejected, not queued: safe to try any request again, if the caller chose to wait
        Duration left = retry.capacityWait().minus(capacityWaited);
        if (left.isNegative() || left.isZero()) {
          throw failure;
        }
        Duration delay = RetryOptions.CAPACITY_BACKOFF.delay(++capacityAttempt,
            random.getAsDouble());
        delay = delay.compareTo(left) > 0 ? left : delay;
        LOG.debug("{} found no capacity (430); trying again in {} s", where(), delay.toSeconds());
        capacityWaited = capacityWaited.plus(delay);
        return pause(delay, failure);
      }
      boolean retryable = status == 429
          || (request.idempotent() && (status == 408 || status >= 500));
      if (!retryable) {
        throw failure;
      }
      return pauseOrThrow(failure, retryAfter(response).orElse(null));
    }

    private Step pauseOrThrow(LivyException failure, Duration retryAfter) {
      if (attempt >= retry.maxAttempts()) {
        throw failure;
      }
      if (retryAfter != null && retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
        throw failure;
      }
      Duration delay = retry.backoff().delay(attempt, random.getAsDouble());
      if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
        delay = retryAfter;
      }
      LOG.debug("{} failed ({}); attempt {} of {} in {} ms", where(), failure.getMessage(),
          attempt + 1, retry.maxAttempts(), delay.toMillis());
      attempt++;
      return pause(delay, failure);
    }

    private Step pause(Duration delay, LivyException failure) {
      if (deadline.isPresent()) {
        Duration left = Duration.between(clock.instant(), deadline.get());
        if (delay.compareTo(left) >= 0) {
          // the next attempt would come after the deadline: wait out the deadline, then stop
          DeadlineExceededException e = new DeadlineExceededException("The wait's deadline"
              + " passed while waiting to retry: " + failure.getMessage(), false);
          Failures.suppress(e, failure);
          return new Step(null, left.isNegative() ? Duration.ZERO : left, e, true);
        }
      }
      return new Step(null, delay, failure, false);
    }
  }

  /** The request timeout, capped by the time left before the current wait's deadline. */
  private Duration timeoutWithin(Optional<Instant> deadline, String where) {
    if (deadline.isEmpty()) {
      return requestTimeout;
    }
    Duration left = Duration.between(clock.instant(), deadline.get());
    if (left.isNegative() || left.isZero()) {
      throw new DeadlineExceededException("The wait's deadline passed before " + where, false);
    }
    return left.compareTo(requestTimeout) < 0 ? left : requestTimeout;
  }

  /**
   * Gets a token from the provider, telling the observers of a new one and of a failure.
   *
   * @param get asks the provider
   * @param afterRejection whether the server rejected the last one
   * @return the token
   */
  private Optional<AccessToken> token(Supplier<Optional<AccessToken>> get,
      boolean afterRejection) {
    if (!observers.active()) {
      return get.get();
    }
    long start = System.nanoTime();
    Optional<AccessToken> t;
    try {
      t = get.get();
    } catch (RuntimeException e) {
      observers.tokenFailed(e);
      throw e;
    }
    if (t.isPresent()) {
      AccessToken before = lastToken.getAndSet(t.get());
      if (before != null && !before.equals(t.get())) {
        observers.tokenRefreshed(afterRejection, Duration.ofNanos(System.nanoTime() - start));
      }
    }
    return t;
  }

  /** Headers the client sets itself, or the JDK refuses. */
  private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "user-agent",
      "accept", "content-type", "content-length", "host", "connection", "expect", "upgrade",
      "proxy-authorization", "cookie");

  private static String checkedHeader(String name) {
    Objects.requireNonNull(name, "name");
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("an observer may not set the " + name
          + " header: livy4j sets it (or the JDK does)");
    }
    return name;
  }

  /** The URL as observers see it: no user information, query values redacted. */
  private static URI shownUrl(URI uri) {
    try {
      return URI.create(Redaction.url(uri));
    } catch (IllegalArgumentException e) {
      return URI.create(uri.getScheme() + "://" + uri.getHost() + UrlTemplates.of(
          uri.getRawPath()));
    }
  }

  private HttpRequest build(BackendRequest request, Optional<AccessToken> token,
      Duration timeout, Map<String, String> extra) {
    HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
        .timeout(timeout)
        .header("User-Agent", userAgent)
        .header("Accept", "application/json");
    if ("http".equalsIgnoreCase(request.uri().getScheme())) {
      // Livy servers speak HTTP/1.1 in clear text: no HTTP/2 upgrade to offer on each request
      b.version(HttpClient.Version.HTTP_1_1);
    }
    Optional<byte[]> body = request.body();
    if (body.isPresent()) {
      b.header("Content-Type", "application/json");
      b.method(request.method(), HttpRequest.BodyPublishers.ofByteArray(body.get()));
    } else if ("POST".equals(request.method())) {
      b.method("POST", HttpRequest.BodyPublishers.noBody());
    } else {
      b.method(request.method(), HttpRequest.BodyPublishers.noBody());
    }
    request.headers().forEach(b::header);
    extra.forEach((name, value) -> {
      try {
        b.header(name, value);
      } catch (IllegalArgumentException e) {
        LOG.warn("An observer's header {} was refused: {}", name, e.getMessage());
      }
    });
    // a backend's own Authorization (such as Basic) wins over the bearer token
    boolean ownAuth = request.headers().keySet().stream()
        .anyMatch(h -> h.equalsIgnoreCase("Authorization"));
    if (!ownAuth) {
      token.ifPresent(t -> b.header("Authorization", "Bearer " + t.token()));
    }
    if (ownAuth || token.isPresent()) {
      checkPlainHttp(request);
    }
    return b.build();
  }

  /** A credential sent in clear text can be read by anyone on the path. */
  private void checkPlainHttp(BackendRequest request) {
    URI uri = request.uri();
    if (!"http".equalsIgnoreCase(uri.getScheme()) || isLoopback(uri.getHost())) {
      return;
    }
    String where = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    if (refusePlainHttpCredentials) {
      throw new LivyClientException("Refused to send a credential over plain http to " + where
          + ": use https, or allow it with LivyClient.Builder.refuseCredentialsOverPlainHttp"
          + "(false)", null, false);
    }
    if (warnedPlainHttp.add(where)) {
      LOG.warn("Sending a credential over plain http to {}: anyone on the network path can read"
          + " it. Use https; LivyClient.Builder.refuseCredentialsOverPlainHttp(true) refuses to"
          + " send it", where);
    }
  }

  /**
   * Whether a host names this machine, without a name lookup.
   *
   * @param host the URI's host, or {@code null}
   * @return whether it is {@code localhost} or a loopback address literal
   */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  /** The body of an answer read whole (an error answer always is). */
  private static byte[] body(HttpResponse<?> response) {
    return response.body() instanceof byte[] b ? b : new byte[0];
  }

  private LivyServiceException error(BackendRequest request, HttpResponse<?> response,
      String where, Optional<AccessToken> first, Optional<AccessToken> last) {
    int status = response.statusCode();
    String contentType = response.headers().firstValue("Content-Type").orElse(null);
    // a server that echoes a credential it was sent must not put it into an exception
    String body = sentCredentials(request, first, last)
        .redact(new String(body(response), StandardCharsets.UTF_8));
    ErrorBodies.Parsed parsed = ErrorBodies.parse(contentType, body);
    ServiceError details = new ServiceError(status, request.method(),
        Redaction.url(request.uri()), parsed.errorCode(), parsed.requestId(),
        ErrorBodies.truncate(body));
    StringBuilder msg = new StringBuilder(where).append(" answered ").append(status);
    if (parsed.errorCode() != null) {
      msg.append(" ").append(parsed.errorCode());
    }
    if (!parsed.message().isEmpty()) {
      msg.append(": ").append(parsed.message());
    }
    if (parsed.requestId() != null) {
      msg.append(" (request id ").append(parsed.requestId()).append(')');
      LOG.debug("{} failed with request id {}", where, parsed.requestId());
    }
    String message = msg.toString();
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, details);
    }
    if (status == 429) {
      return new ThrottledException(message, details, retryAfter(response).orElse(null));
    }
    if (status == 430) {
      return new CapacityExceededException(message, details);
    }
    return new LivyServiceException(message, details);
  }

  /** Every credential the request carried, for hiding in whatever form it comes back. */
  private static Redactor sentCredentials(BackendRequest request, Optional<AccessToken> first,
      Optional<AccessToken> last) {
    List<String> secrets = new ArrayList<>();
    first.ifPresent(t -> secrets.add(t.token()));
    last.ifPresent(t -> secrets.add(t.token()));
    request.headers().forEach((name, value) -> {
      if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Proxy-Authorization")) {
        secrets.addAll(headerCredentials(value));
      }
    });
    return Redactor.of(secrets);
  }

  /**
   * The secrets in an {@code Authorization} value: the value, its credential, and for Basic the
   * decoded {@code user:password} and the password.
   */
  static List<String> headerCredentials(String value) {
    List<String> out = new ArrayList<>();
    out.add(value);
    int space = value.indexOf(' ');
    String credential = space < 0 ? value : value.substring(space + 1).strip();
    out.add(credential);
    if (space > 0 && value.substring(0, space).equalsIgnoreCase("Basic")) {
      try {
        String decoded = new String(Base64.getDecoder().decode(credential),
            StandardCharsets.UTF_8);
        out.add(decoded);
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          out.add(decoded.substring(colon + 1));
        }
      } catch (IllegalArgumentException e) {
        // not Base64: the value itself is hidden
      }
    }
    return out;
  }

  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<Duration> header = response.headers().firstValue("Retry-After")
        .flatMap(v -> parseRetryAfter(v, clock));
    if (header.isPresent() || response.statusCode() != 429) {
      return header;
    }
    return parseUntil(new String(body(response), StandardCharsets.UTF_8), clock);
  }

  /**
   * Reads the time a throttled caller must wait until from a body that says
   * {@code until: 4/17/2026 12:22:35 PM (UTC)} (Fabric).
   *
   * @param body the error body
   * @param clock the clock
   * @return the delay, when the body says
   */
  public static Optional<Duration> parseUntil(String body, Clock clock) {
    Matcher m = UNTIL.matcher(body);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      LocalDateTime at = LocalDateTime.parse(m.group(1), UNTIL_FORMAT);
      Duration d = Duration.between(clock.instant(), at.toInstant(ZoneOffset.UTC));
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses a {@code Retry-After} value: seconds or an HTTP date.
   *
   * @param value the header value
   * @param clock the clock for dates
   * @return the delay, when the value parses
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
  }
}
