package io.github.livy4j.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.LargeResults;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A large statement answer from Fabric is streamed from the response into its result: a JVM
 * of 64 MB reads a 100,000 x 5 SQL result (4.8 MB on the wire, not paged) into a table and an
 * 8 MB text output, read in pages of 1 MB, into its string, over HTTP, through the public API.
 * Reading each answer whole, as text and as a tree, does not fit: the SQL result alone needs
 * more than 64 MB that way.
 */
class FabricLargeResultHeapTest {
  @Test
  void largeResults_areReadInASmallHeap() throws Exception {
    try (FakeLivy fake = LargeResults.serve(FakeLivy.builder().fabric())) {
      LargeResults.readInASmallHeap(
          FabricLargeResultChild.class,
          new File("target/fabric-large-result-child.log"),
          List.of(fake.uri().toString(), FabricTestLakehouse.WS, FabricTestLakehouse.LH));
      assertThat(
              fake.requests().stream()
                  .filter(
                      r ->
                          r.method().equals("GET")
                              && r.path().contains("/statements/")
                              && r.query().contains("from=1048576"))
                  .count())
          .as("the text's second page")
          .isPositive();
    }
  }
}
