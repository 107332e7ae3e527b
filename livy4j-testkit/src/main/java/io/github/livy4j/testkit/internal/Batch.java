package io.github.livy4j.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A batch: starting until {@code runningAt}, running until {@code endAt}, then its outcome. */
final class Batch {
  /** How batches with a main class end. */
  record Script(boolean succeeds, Duration runningTime, List<String> log) {}

  final int id;
  final String name;
  final String proxyUser;
  final Instant runningAt;
  final Instant endAt;
  final Script script;
  final List<String> log = new ArrayList<>(List.of("stdout: "));
  String state = "starting";
  Instant finishedAt;

  Batch(int id, String name, String proxyUser, Instant runningAt, Instant endAt, Script script) {
    this.id = id;
    this.name = name;
    this.proxyUser = proxyUser;
    this.runningAt = runningAt;
    this.endAt = endAt;
    this.script = script;
  }

  void advance(Instant now) {
    if (state.equals("starting") && !now.isBefore(runningAt)) {
      state = "running";
    }
    if (state.equals("running") && !now.isBefore(endAt)) {
      state = script.succeeds() ? "success" : "dead";
      finishedAt = endAt;
      log.addAll(script.log());
      if (script.succeeds()) {
        log.add("INFO SparkContext: Successfully stopped SparkContext");
      }
      log.add("\nstderr: ");
    }
  }

  /** Why a failed batch failed, for Fabric's error fields; {@code null} unless dead. */
  String failReason() {
    return !state.equals("dead")
        ? null
        : script.log().isEmpty() ? "the batch failed" : script.log().get(0);
  }
}
