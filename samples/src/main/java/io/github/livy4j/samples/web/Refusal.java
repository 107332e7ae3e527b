package io.github.livy4j.samples.web;

/**
 * A refusal shown to the user as a page with a status: what went wrong in words, and where to go
 * next. Thrown by any handler; the app turns it into the page (or, for a page's background
 * refresh, a short text).
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String heading;
  final String linkText;
  final String linkHref;

  Refusal(int status, String heading, String message, String linkText, String linkHref) {
    super(message, null, false, false);
    this.status = status;
    this.heading = heading;
    this.linkText = linkText;
    this.linkHref = linkHref;
  }
}
