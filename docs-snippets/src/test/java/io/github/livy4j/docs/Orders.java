package io.github.livy4j.docs;

import io.github.livy4j.Code;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivySession;
import io.github.livy4j.SessionSpec;
import org.springframework.stereotype.Service;

// tag::service[]
@Service
class Orders {
  private final LivyClient livy;
  private final SessionSpec spec; // from livy4j.session.*

  Orders(LivyClient livy, SessionSpec spec) {
    this.livy = livy;
    this.spec = spec;
  }

  long count() {
    try (LivySession s = livy.createSession(spec)) {
      return s.execute(Code.sql("SELECT count(*) AS n FROM orders"))
          .table()
          .rows()
          .get(0)
          .getLong("n");
    }
  }
}
// end::service[]
