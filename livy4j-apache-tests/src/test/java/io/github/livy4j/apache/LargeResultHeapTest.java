package io.github.livy4j.apache;

import io.github.livy4j.testkit.FakeLivy;
import io.github.livy4j.testkit.contract.LargeResults;
import java.io.File;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A large statement answer is streamed from the response into its result: a JVM of 64 MB reads
 * a 100,000 x 5 SQL result (4.8 MB on the wire) into a table and an 8 MB text output into its
 * string, over HTTP, through the public API, blocking and asynchronous (it needs about 40 MB).
 * Reading an answer whole, as a tree, as text and again as a table needed 73 MB for the table
 * and about 76 MB for the text.
 */
class LargeResultHeapTest {
  @ParameterizedTest
  @ValueSource(strings = {"blocking", "async"})
  void largeResults_areReadInASmallHeap(String api) throws Exception {
    try (FakeLivy fake = LargeResults.serve(FakeLivy.builder())) {
      LargeResults.readInASmallHeap(
          LargeResultChild.class,
          new File("target/large-result-child-" + api + ".log"),
          List.of(fake.uri().toString(), api));
    }
  }
}
