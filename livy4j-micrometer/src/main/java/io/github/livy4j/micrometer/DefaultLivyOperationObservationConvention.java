package io.github.livy4j.micrometer;

import io.github.livy4j.SessionId;
import io.github.livy4j.micrometer.internal.ExpectedRanges;
import io.github.livy4j.micrometer.internal.TagValues;
import io.github.livy4j.observe.LivyOperation;
import io.micrometer.common.KeyValues;

/**
 * The default names and keys of an operation's observation.
 *
 * <table>
 * <caption>Keys</caption>
 * <tr><th>Key</th><th>Cardinality</th><th>Value</th></tr>
 * <tr><td>{@code backend}</td><td>low</td><td>{@code apache} or {@code fabric}</td></tr>
 * <tr><td>{@code operation}</td><td>low</td><td>the {@link LivyOperation#name() operation},
 *   such as {@code statement.run}</td></tr>
 * <tr><td>{@code client}</td><td>low</td><td>the client's name, when given</td></tr>
 * <tr><td>{@code outcome}</td><td>low</td><td>{@code SUCCESS} or {@code FAILURE}, once
 *   ended</td></tr>
 * <tr><td>{@code exception}</td><td>low</td><td>the failure's class, or {@code none}, once
 *   ended</td></tr>
 * <tr><td>{@code livy4j.session.id}</td><td>high</td><td>the session it works on or
 *   created</td></tr>
 * <tr><td>{@code livy4j.statement.id}</td><td>high</td><td>the statement it ran</td></tr>
 * <tr><td>{@code livy4j.batch.id}</td><td>high</td><td>the batch it submitted</td></tr>
 * </table>
 *
 * <p>The name is {@code livy4j.client.operations}, the contextual name (a span's)
 * {@code livy4j statement.run} and so on.
 */
public class DefaultLivyOperationObservationConvention
    implements LivyOperationObservationConvention {

  /** The convention, with its defaults. */
  public static final DefaultLivyOperationObservationConvention INSTANCE =
      new DefaultLivyOperationObservationConvention();

  /** Makes the default convention; extend it to add keys. */
  public DefaultLivyOperationObservationConvention() {}

  @Override
  public String getName() {
    return ExpectedRanges.OPERATIONS;
  }

  @Override
  public String getContextualName(LivyOperationContext context) {
    return "livy4j " + context.operation().name();
  }

  @Override
  public KeyValues getLowCardinalityKeyValues(LivyOperationContext context) {
    LivyOperation op = context.operation();
    KeyValues keys = KeyValues.of("backend", op.backend(), "operation", op.name());
    if (context.client().isPresent()) {
      keys = keys.and("client", context.client().get());
    }
    if (context.ended()) {
      keys =
          keys.and(
              "outcome",
              TagValues.outcome(context.getError()),
              "exception",
              TagValues.exception(context.getError()));
    }
    return keys;
  }

  @Override
  public KeyValues getHighCardinalityKeyValues(LivyOperationContext context) {
    LivyOperation op = context.operation();
    KeyValues keys = KeyValues.empty();
    String id = context.id().orElse(null);
    String session = op.session().map(SessionId::value).orElse(null);
    switch (op.name()) {
      case LivyOperation.SESSION_CREATE, LivyOperation.SESSION_ATTACH -> {
        if (session == null) {
          session = id;
        }
      }
      case LivyOperation.STATEMENT_RUN -> {
        if (id != null) {
          keys = keys.and("livy4j.statement.id", id);
        }
      }
      case LivyOperation.BATCH_SUBMIT, LivyOperation.BATCH_ATTACH -> {
        if (id != null) {
          keys = keys.and("livy4j.batch.id", id);
        }
      }
      default -> {
        // the operation works on what op.session() names
      }
    }
    if (session != null) {
      keys = keys.and("livy4j.session.id", session);
    }
    return keys;
  }
}
