package io.github.livy4j.docs;

import io.github.livy4j.Code;
import io.github.livy4j.LivyAsyncSession;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyEngine;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionPool;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.fabric.FabricLivy;

/** The asynchronous-use guide's snippets. */
final class AsyncUse {
  private AsyncUse() {}

  /** Where a statement's progress is shown. */
  interface ProgressBar {
    void set(double fraction);
  }

  static void async(LivyClient client, ProgressBar bar) {
    // tag::async[]
    LivyAsyncSession s = client.async().createSession(SessionSpec.defaults()).join();
    s.beginExecute(Code.sql("SELECT count(*) FROM events"))
        .thenCompose(p -> p.addListener(r -> bar.set(r.progressValue().orElse(0))).waitAsync())
        .thenAccept(r -> System.out.println(r.table().rows().get(0).getLong(0)))
        .whenComplete((r, e) -> s.closeAsync());
    // end::async[]
  }

  static void lent(SessionPool pool) {
    // tag::lent[]
    try (LivySession lent = pool.borrow()) { // a pooled session's view
      lent.async().execute(Code.sql("SELECT 1")).join();
    } // back to the pool, not deleted
    // end::lent[]
  }

  static TokenProvider tokensOf(String user) {
    throw new UnsupportedOperationException("the application's own: " + user);
  }

  static LivyClient engine(String workspaceId, String lakehouseId, String user) {
    // tag::engine[]
    LivyEngine engine = LivyEngine.builder().maxConnections(64).build(); // one per service
    LivyClient forUser =
        LivyClient.builder()
            .engine(engine)
            .backend(FabricLivy.builder(workspaceId, lakehouseId).build())
            .credential(tokensOf(user))
            .build();
    // end::engine[]
    return forUser;
  }
}
