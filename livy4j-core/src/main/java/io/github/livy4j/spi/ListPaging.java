package io.github.livy4j.spi;

import io.github.livy4j.LivyClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads every page of a list the server hands out a page at a time (Livy's {@code from} and
 * {@code size}, Fabric's {@code $skip} and {@code $top}): each page is asked for from the
 * offset the items so far reach, until a page is empty or says it is the last, so that a server
 * returning fewer items than asked for cannot cut the list short.
 */
public final class ListPaging {
  private ListPaging() {}

  /**
   * One page of a list.
   *
   * @param items the page's items
   * @param last whether the server said there is nothing after it
   * @param <T> the item type
   */
  public record Page<T>(List<T> items, boolean last) {
    /** Validates the page. */
    public Page {
      Objects.requireNonNull(items, "items");
    }
  }

  /**
   * Reads the page at an offset.
   *
   * @param <T> the item type
   */
  @FunctionalInterface
  public interface PageReader<T> {
    /**
     * Reads a page.
     *
     * @param offset how many items come before the page
     * @return the page
     */
    Page<T> read(int offset);
  }

  /**
   * Reads all pages.
   *
   * @param reader reads a page
   * @param maxPages the most pages to read: a server that never ends its list fails the call
   * @param what the list, for the error message
   * @param <T> the item type
   * @return every item, in order
   * @throws LivyClientException if the list runs to more than {@code maxPages} pages
   */
  public static <T> List<T> readAll(PageReader<T> reader, int maxPages, String what) {
    List<T> all = new ArrayList<>();
    for (int pages = 0; pages < maxPages; pages++) {
      Page<T> page = reader.read(all.size());
      all.addAll(page.items());
      if (page.items().isEmpty() || page.last()) {
        return all;
      }
    }
    throw new LivyClientException(what + " ran to more than " + maxPages + " pages", null, false);
  }
}
