package io.github.livy4j;

/**
 * Root of every exception livy4j throws about the server or a remote operation; the one place
 * that lists what the SDK throws, and what to do about it.
 *
 * <p>All livy4j exceptions are unchecked. By the time one reaches the caller, the client has
 * already retried what {@link RetryOptions} says is safe to retry. No message of any livy4j
 * exception contains an access token, a secret or an {@code Authorization} header.
 *
 * <h2>The tree</h2>
 *
 * <ul>
 *   <li>{@link LivyException}
 *       <ul>
 *         <li>{@link LivyServiceException}: the server answered with an error status; carries
 *             {@link LivyServiceException#statusCode() statusCode()}, the method, the redacted
 *             URL, the service's error code and request id, the body, and the wait the server
 *             asked for ({@link LivyServiceException#retryAfter() retryAfter()}, from {@code
 *             Retry-After}). A 4xx says the request is wrong (do not retry it as is); a 5xx that
 *             the client's retries did not get through may be tried again later, after {@code
 *             retryAfter()} when it says. A session create or a statement submit answered with
 *             a 5xx was looked for first (the session by its unique name, the statement in the
 *             session's statement list): found, the call went on as if it had been answered; the
 *             5xx reaches the caller when it was not found (or the list could not be read: that
 *             failure is suppressed in it), and a statement submit is never sent twice.
 *             <ul>
 *               <li>{@link AuthenticationException}: 401 after one forced token refresh, or
 *                   403. Do not retry: fix the credential or the caller's rights.
 *               <li>{@link ThrottledException}: 429, and the retries did not get through in time,
 *                   or the server asked for a wait ({@code Retry-After}) longer than {@link
 *                   RetryOptions#maxRetryAfter()} or than what was left of the call's deadline: a
 *                   wait that would end past the deadline is not taken, and the call ends at
 *                   once, its message naming the wait asked for. Retry after {@link
 *                   ThrottledException#retryAfter() retryAfter()}.
 *               <li>{@link CapacityExceededException}: Fabric's 430, no capacity left; the
 *                   request was rejected, not queued. Retry later, or let the client wait with
 *                   {@link RetryOptions#withCapacityWait(java.time.Duration)}.
 *               <li>{@link SessionNotFoundException}: a request about a session answered 404
 *                   (see "A session that is gone" below). Do not retry: the session is gone.
 *               <li>{@link SessionNotReadyException}: the server refused a statement because the
 *                   session changed state just before the submit. Retry once it is idle.
 *             </ul>
 *         <li>{@link LivyClientException}: no usable answer: an I/O failure, an HTTP timeout, a
 *             malformed body, a result that does not bind ({@link StatementResult#json(Class)},
 *             a malformed table), or an interrupted wait (the thread's interrupt flag is set
 *             again). A read whose successful answer cannot be read (an empty body, malformed
 *             JSON, not the object asked for) is read again, as a lost answer is: up to {@link
 *             RetryOptions#maxAttempts()} reads in all, within the deadline; a server that answers so
 *             every time ends the call with this exception, its message naming the request,
 *             how often it was read and what was wrong with the answer ({@code "GET ... answered
 *             200 with a body that could not be read, 4 times: Malformed JSON in the statement
 *             answer: ..."}); the reader's failure is its cause. {@link
 *             LivyClientException#outcomeUnknown() outcomeUnknown()} tells whether the request
 *             was sent and the server may have acted on it: when it is
 *             {@code false} the request had no effect and may be retried; when it is {@code
 *             true} (a session create or a statement submit whose answer was lost) look at what
 *             the server did (the session list, the session's statements) before repeating it,
 *             or the code may run twice.
 *         <li>{@link PollingTimeoutException}: a wait passed its deadline; it names what was
 *             awaited, for how long and the last state seen. The remote operation keeps running
 *             (except a session start, whose session is deleted): wait again with a longer
 *             deadline, or cancel it.
 *         <li>{@link SessionFailedException}: a session reached a failed terminal state ({@code
 *             dead}, {@code error}, {@code killed}), or was finished when asked to run code; it
 *             carries the state, the service's errors and the log tail. Do not retry on this
 *             session: create a new one (or see {@link SessionSpec.Builder#recoverLostSessions()}).
 *         <li>{@link SessionExpiredException}: the session's life ended under its user, for the
 *             {@link SessionExpiredException#reason() reason()} {@link
 *             SessionExpiredException.Reason#TTL TTL} or {@link
 *             SessionExpiredException.Reason#IDLE_TIMEOUT IDLE_TIMEOUT} (the client deleted it
 *             at a limit of the {@link SessionSpec}) or {@link
 *             SessionExpiredException.Reason#GONE GONE} (the server lost it). Every later use
 *             of the {@link LivySession} handle throws it again without asking the server. Do
 *             not retry on this session: create a new one; a statement it interrupted may have
 *             run ({@link SessionExpiredException#statementStarted() statementStarted()}).
 *         <li>{@link StatementFailedException}: a statement ran and its code raised an error;
 *             it carries the interpreter's error name, value and traceback. Do not retry: the
 *             code or its data is wrong. {@link LivySession#execute(Code)} throws it rather
 *             than hand out a result that holds an error.
 *       </ul>
 * </ul>
 *
 * <h2>A session that is gone</h2>
 *
 * <p>The server forgets a session when it is deleted, when its own idle timeout reaps it, or
 * when it restarts; the session then answers 404. Which exception says so depends on where the
 * 404 is met:
 *
 * <ul>
 *   <li>{@link SessionNotFoundException} is the answer to one request about a session: {@link
 *       LivyClient#attach(SessionId)}, {@link LivySession#refresh()}, the submit of {@link
 *       LivySession#execute(Code)} or {@link LivySession#beginExecute(Code)}, {@link
 *       LivySession#keepAlive()}, and a session start that the server forgot. It leaves the
 *       {@link LivySession} handle as it was: the next request asks the server again.
 *   <li>{@link SessionExpiredException} with {@link SessionExpiredException.Reason#GONE GONE} is
 *       the verdict on a session in use: a wait for a statement met the 404, and the client
 *       read the session again to rule out a proxy's or a balancer's passing 404. The wait's
 *       exception names the statement it interrupted and has the {@link
 *       SessionNotFoundException} as its cause; the handle is then over, and every later use of
 *       it throws a {@code SessionExpiredException} with {@code GONE} too. With {@link
 *       SessionSpec.Builder#recoverLostSessions()}, the client replaces the session instead
 *       and throws it only for a statement it saw start, naming the {@link
 *       SessionExpiredException#replacement() replacement()}.
 * </ul>
 *
 * <h2>Exceptions that are not livy4j's</h2>
 *
 * <ul>
 *   <li>{@link IllegalArgumentException}: bad input, refused at once before anything is sent: a
 *       base URL that cannot work (its message quotes it and says what to use instead), an id,
 *       a duration or a size out of range, a spec with a field the backend does not accept.
 *       {@link NullPointerException} for a {@code null} argument.
 *   <li>{@link IllegalStateException}: a call started on something closed: {@code "this
 *       LivyClient is closed"}, {@code "session <id> is closed"}, {@code "the session pool is
 *       closed"} (an asynchronous wait that a client's close ends fails with one too; a request
 *       in flight when the client closes fails with a {@link LivyClientException} {@code "The
 *       LivyClient was closed ..."} instead); and {@link
 *       StatementResult#table()} on a result that holds no table (the message names the MIME
 *       types it holds; read it with {@link StatementResult#text()} or {@link
 *       StatementResult#json()}, which are empty when the result has no such part).
 *   <li>{@link java.util.concurrent.CancellationException}: a wait for an operation that was
 *       cancelled: by {@link io.github.livy4j.polling.Poller#cancel()}, by {@code
 *       future.cancel(true)} on an asynchronous result, or on the server.
 *   <li>{@link UnsupportedOperationException}: what the backend cannot do, such as session logs,
 *       completions or batches where the service has none; see the backend's capabilities.
 * </ul>
 *
 * <p>The asynchronous API ({@link LivyAsyncClient}, {@link LivyAsyncSession}) fails its futures
 * with the same exceptions; {@code join()} wraps them in a {@link
 * java.util.concurrent.CompletionException} and {@code get()} in an {@link
 * java.util.concurrent.ExecutionException}, as for any {@link
 * java.util.concurrent.CompletableFuture}.
 */
public class LivyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong
   */
  public LivyException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   */
  public LivyException(String message, Throwable cause) {
    super(message, cause);
  }
}
