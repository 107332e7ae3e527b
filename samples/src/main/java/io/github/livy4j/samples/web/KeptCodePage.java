package io.github.livy4j.samples.web;

import java.util.List;

/**
 * A refusal of code that was not run (its user has as many statements running as they may):
 * what the limit is, and the code kept in the form, to run again without typing it anew. The
 * template escapes every value it prints.
 *
 * @param layout the frame
 * @param heading the heading
 * @param message what happened, and what to do
 * @param sessionId the app's id of the session the code was for
 * @param kind the code's kind
 * @param kinds the code kinds to choose from
 * @param code the code, as typed
 */
public record KeptCodePage(
    Pages.Layout layout,
    String heading,
    String message,
    String sessionId,
    String kind,
    List<String> kinds,
    String code) {}
