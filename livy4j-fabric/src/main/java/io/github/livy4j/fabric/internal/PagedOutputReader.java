package io.github.livy4j.fabric.internal;

import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.StatementInfo;
import io.github.livy4j.spi.BackendRequest;
import io.github.livy4j.spi.Futures;
import io.github.livy4j.spi.LivyJson;
import io.github.livy4j.spi.Transport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a statement with its whole text output. Fabric pages the {@code text/plain} output by
 * {@code from} and {@code size} in bytes and says nowhere how much there is, so pages are read
 * until one comes back empty: a server that caps the page size cannot cut the output short
 * unnoticed. A size the server refuses (400) is replaced by a smaller one; a server that ignores
 * {@code size} or {@code from} hands out the whole output in the first page. Every page is read
 * from the answer as it arrives, so that a large output (or a large SQL result, which is not
 * paged) is never held as JSON text. Thread-safe.
 */
final class PagedOutputReader {
  private static final Logger LOG = LoggerFactory.getLogger(PagedOutputReader.class);
  private static final int MIN_PAGE = 1024;
  private static final String TEXT = "text/plain";

  private final URI root;
  private final String server;
  private final long maxOutputSize;

  /** The output page size in use: smaller than configured once the server refused a size. */
  private final AtomicInteger pageSize;

  /**
   * @param root the lakehouse's Livy API root
   * @param server the server, for the log
   * @param pageSize the bytes of statement output to read per request
   * @param maxOutputSize the most bytes of one statement's output to read
   */
  PagedOutputReader(URI root, String server, int pageSize, long maxOutputSize) {
    this.root = root;
    this.server = server;
    this.maxOutputSize = maxOutputSize;
    this.pageSize = new AtomicInteger(pageSize);
  }

  /**
   * Reads a statement with its whole output.
   *
   * @param path the statement's path
   * @return the statement, when all its output has come
   */
  CompletableFuture<StatementInfo> read(Transport t, String path) {
    return page(t, path, 0)
        .thenCompose(
            first -> {
              Output out = Output.start(first, pageSize.get());
              if (out == null) {
                return CompletableFuture.completedFuture(first);
              }
              CompletableFuture<StatementInfo> result = new CompletableFuture<>();
              readPages(t, path, out, result);
              return result;
            });
  }

  /**
   * Reads the pages after the first: in a loop while they come at once (a blocking
   * transport), continuing from the answer's callback when they do not.
   */
  private void readPages(
      Transport t, String path, Output out, CompletableFuture<StatementInfo> result) {
    while (true) {
      if (out.from >= maxOutputSize) {
        result.completeExceptionally(
            new LivyClientException(
                "The statement's output is"
                    + " larger than the "
                    + maxOutputSize
                    + " bytes this client reads"
                    + " (FabricLivy.Builder.maxOutputSize)",
                null,
                false));
        return;
      }
      CompletableFuture<StatementInfo> next = page(t, path, out.from);
      if (!next.isDone()) {
        next.whenComplete(
            (page, e) -> {
              if (e != null) {
                result.completeExceptionally(Futures.unwrap(e));
              } else if (out.add(page)) {
                readPages(t, path, out, result);
              } else {
                complete(result, out);
              }
            });
        return;
      }
      StatementInfo page;
      try {
        page = Futures.join(next);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        return;
      }
      if (!out.add(page)) {
        complete(result, out);
        return;
      }
    }
  }

  private static void complete(CompletableFuture<StatementInfo> result, Output out) {
    try {
      result.complete(out.statement());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /** One page of a statement, in a smaller size when the server refuses the current one. */
  private CompletableFuture<StatementInfo> page(Transport t, String path, long from) {
    int size = pageSize.get();
    return t.readAsync(
            BackendRequest.get(uri(path + "?from=" + from + "&size=" + size)), LivyJson::statement)
        .handle(
            (s, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(s);
              }
              Throwable cause = Futures.unwrap(e);
              if (!(cause instanceof LivyServiceException lse) || !smaller(lse, size)) {
                return CompletableFuture.<StatementInfo>failedFuture(cause);
              }
              return page(t, path, from);
            })
        .thenCompose(f -> f);
  }

  /** Whether a refused page size was replaced by a smaller one to try. */
  private boolean smaller(LivyServiceException e, int size) {
    boolean aboutStatement =
        e.errorCode()
            .map(c -> c.toLowerCase(Locale.ROOT))
            .filter(c -> c.contains("statement") || c.contains("session"))
            .isPresent();
    if (e.statusCode() != 400 || aboutStatement || size <= MIN_PAGE) {
      return false;
    }
    int smaller = Math.max(MIN_PAGE, size / 8);
    if (pageSize.compareAndSet(size, smaller)) {
      LOG.info(
          "{} refused output pages of {} bytes; reading pages of {} bytes", server, size, smaller);
    }
    return true;
  }

  private URI uri(String pathAndQuery) {
    return URI.create(root + pathAndQuery);
  }

  /** A statement's text output, read page by page. */
  private static final class Output {
    private final StatementInfo first;
    private final String firstText;
    private final int firstBytes;
    private final boolean firstFull;
    private final List<String> parts = new ArrayList<>();
    long from;

    private Output(StatementInfo first, String firstText, int firstBytes, boolean firstFull) {
      this.first = first;
      this.firstText = firstText;
      this.firstBytes = firstBytes;
      this.firstFull = firstFull;
      this.parts.add(firstText);
      this.from = firstBytes;
    }

    /** @return the output to read on from the first page, or {@code null} if it is all here */
    static Output start(StatementInfo first, int pageSize) {
      String text = LivyJson.text(first, TEXT);
      if (text == null || text.isEmpty()) {
        return null; // no text output (yet): the common poll
      }
      int bytes = utf8Length(text);
      if (bytes > pageSize) {
        return null; // the server does not page: this is all of it
      }
      return new Output(first, text, bytes, bytes >= pageSize - 3);
    }

    /** @return whether to read another page after this one */
    boolean add(StatementInfo page) {
      String chunk = LivyJson.text(page, TEXT);
      if (chunk == null || chunk.isEmpty()) {
        return false; // past the end
      }
      if (!firstFull && from == firstBytes && chunk.equals(firstText)) {
        return false; // the server ignores from: its first page was the whole output
      }
      parts.add(chunk);
      from += utf8Length(chunk);
      return true;
    }

    /** @return the first page's statement with the whole output */
    StatementInfo statement() {
      String text = String.join("", parts);
      parts.clear();
      return LivyJson.withText(first, TEXT, text);
    }
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
