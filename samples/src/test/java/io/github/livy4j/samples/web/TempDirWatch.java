package io.github.livy4j.samples.web;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The files created in the JVM's temp directory, where a multipart parser would write an
 * upload's parts, while it watches. To know it has seen everything up to now, it writes a
 * marker of its own and reads events up to the marker's.
 */
final class TempDirWatch implements AutoCloseable {
  final Path dir = Path.of(System.getProperty("java.io.tmpdir"));
  private final WatchService watch = FileSystems.getDefault().newWatchService();

  TempDirWatch() throws IOException {
    dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
  }

  /** @return the names of the files created since the watch began, up to now */
  List<String> created() throws IOException, InterruptedException {
    Path marker = Files.createTempFile(dir, "livy4j-guard-", ".mark");
    String markerName = marker.getFileName().toString();
    List<String> names = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      boolean seen = false;
      while (!seen) {
        long left = deadline - System.nanoTime();
        WatchKey key = left > 0 ? watch.poll(left, TimeUnit.NANOSECONDS) : null;
        if (key == null) {
          throw new AssertionError("the watch of " + dir + " did not see its own marker in 10 s");
        }
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
            throw new AssertionError("too many files were created in " + dir + " to tell");
          }
          String name = String.valueOf(e.context());
          if (name.equals(markerName)) {
            seen = true;
          } else {
            names.add(name);
          }
        }
        key.reset();
      }
    } finally {
      Files.deleteIfExists(marker);
    }
    return names;
  }

  @Override
  public void close() throws IOException {
    watch.close();
  }
}
