package io.github.livy4j.fabric;

import io.github.livy4j.LivyClient;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.VirtualTime;

/** The lakehouse the Fabric tests talk to on a fake server, on virtual time. */
final class FabricTestLakehouse {
  static final String WS = "11111111-2222-3333-4444-555555555555";
  static final String LH = "66666666-7777-8888-9999-000000000000";

  private FabricTestLakehouse() {}

  /** @return a backend builder for the test lakehouse */
  static FabricLivy.Builder backend() {
    return FabricLivy.builder(WS, LH);
  }

  /** @return a client of the fake with a fixed token, on the fake's virtual time */
  static LivyClient client(FakeLivy fake, VirtualTime time, FabricLivy.Builder backend) {
    return LivyClient.builder()
        .backend(backend.baseUri(fake.uri()).build())
        .credential(TokenProviders.fixed("fabric-token"))
        .clock(time.clock())
        .sleeper(time.sleeper())
        .deleteSessionsOnShutdown(false)
        .build();
  }
}
