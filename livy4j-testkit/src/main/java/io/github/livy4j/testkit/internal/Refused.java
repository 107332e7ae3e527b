package io.github.livy4j.testkit.internal;

/**
 * The model refuses a request; each dialect words the refusal its own way.
 */
final class Refused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** How Apache Livy words it: a {@code {"msg"}} object, or a bare JSON string. */
  enum Style {
    MSG,
    BARE
  }

  final int status;
  final Style style;

  /** Fabric's error code, or {@code null} to derive one from the status. */
  final String fabricCode;

  Refused(int status, Style style, String text, String fabricCode) {
    super(text, null, false, false);
    this.status = status;
    this.style = style;
    this.fabricCode = fabricCode;
  }

  static Refused msg(int status, String text) {
    return new Refused(status, Style.MSG, text, null);
  }

  static Refused bare(int status, String text) {
    return new Refused(status, Style.BARE, text, null);
  }
}
