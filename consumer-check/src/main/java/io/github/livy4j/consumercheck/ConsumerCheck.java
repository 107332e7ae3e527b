package io.github.livy4j.consumercheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares what a user's project that imports only {@code livy4j-bom} resolves with what this
 * build resolves, from the files {@code dependency:list} writes, and says how much livy4j-apache
 * alone brings.
 *
 * <p>Run by the build ({@code exec:java} in this module's {@code verify} phase) with five
 * arguments: the build's list, the list of the project that uses every published module, the
 * list of the project that uses livy4j-apache alone (written with each jar's file), and the most
 * jars and bytes livy4j-apache alone may bring. It prints what it found, or fails with every
 * difference.
 */
public final class ConsumerCheck {

  private static final Set<String> SCOPES =
      Set.of("compile", "runtime", "provided", "system", "test", "import");

  private ConsumerCheck() {}

  /**
   * One resolved artifact, as a line of {@code dependency:list} gives it.
   *
   * @param key {@code groupId:artifactId:type}, then {@code :classifier} if it has one
   * @param version the resolved version
   * @param scope the scope it was resolved in
   * @param file the artifact's file, or {@code null} if the list does not give files
   */
  public record Resolved(String key, String version, String scope, Path file) {

    /** The artifact's id, the part of the key after the group. */
    public String artifactId() {
      return key.split(":")[1];
    }
  }

  /**
   * Checks the three lists and prints the result.
   *
   * @param args the build's list, the every-module project's list, the livy4j-apache project's
   *     list, the most jars and the most bytes livy4j-apache alone may bring
   * @throws IllegalStateException naming every difference, when there is one
   */
  public static void main(String[] args) {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 arguments (build list, every-module list, livy4j-apache list, max jars,"
              + " max bytes), got "
              + args.length);
    }
    Map<String, Resolved> build = read(Path.of(args[0]));
    Map<String, Resolved> everyModule = read(Path.of(args[1]));
    Map<String, Resolved> apacheOnly = read(Path.of(args[2]));
    int maxJars = Integer.parseInt(args[3]);
    long maxBytes = Long.parseLong(args[4]);

    List<String> problems = new ArrayList<>();
    problems.addAll(differences("uses every published module", build, everyModule, true));
    problems.addAll(differences("uses livy4j-apache alone", build, apacheOnly, false));
    problems.addAll(budget(apacheOnly, maxJars, maxBytes));
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "A project that imports only livy4j-bom does not get what this build tests with:\n  "
              + String.join("\n  ", problems)
              + "\nManage each such library in livy4j-bom/pom.xml at the version livy4j-parent"
              + " uses.");
    }
    System.out.println(
        "[livy4j] A project that imports only livy4j-bom and uses every published module"
            + " resolves the "
            + everyModule.size()
            + " artifacts this build tests with, each at the build's version, and passes the"
            + " dependency convergence rule.");
    System.out.println("[livy4j] livy4j-apache alone: " + describe(apacheOnly) + ".");
  }

  /**
   * Reads a {@code dependency:list} output file.
   *
   * @param file the file
   * @return its artifacts by key
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalStateException when it holds no artifact
   */
  public static Map<String, Resolved> read(Path file) {
    try {
      Map<String, Resolved> resolved = parse(Files.readAllLines(file));
      if (resolved.isEmpty()) {
        throw new IllegalStateException("no resolved artifact in " + file);
      }
      return resolved;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dependency list " + file, e);
    }
  }

  /**
   * Parses the lines of a {@code dependency:list} output, with or without files.
   *
   * @param lines the lines
   * @return the artifacts by key, sorted
   */
  public static Map<String, Resolved> parse(List<String> lines) {
    Map<String, Resolved> resolved = new TreeMap<>();
    for (String line : lines) {
      String coordinates = line.strip();
      int module = coordinates.indexOf(" -- ");
      if (module >= 0) {
        coordinates = coordinates.substring(0, module);
      }
      String[] parts = coordinates.split(":");
      if (parts.length < 5) {
        continue; // the heading, a blank line or "none"
      }
      // groupId:artifactId:type[:classifier]:version:scope[:file]
      int scope = SCOPES.contains(parts[4]) ? 4 : 5;
      if (parts.length <= scope || !SCOPES.contains(parts[scope])) {
        continue;
      }
      String key = String.join(":", List.of(parts).subList(0, scope - 1));
      Path file =
          parts.length > scope + 1
              ? Path.of(String.join(":", List.of(parts).subList(scope + 1, parts.length)))
              : null;
      resolved.put(key, new Resolved(key, parts[scope - 1], parts[scope], file));
    }
    return resolved;
  }

  /**
   * What differs between the build's artifacts and a consumer's.
   *
   * @param consumer what the consumer project does, for the messages
   * @param build the build's artifacts
   * @param consumed the consumer's artifacts
   * @param complete whether the consumer should resolve all of the build's artifacts, not a part
   * @return one message per difference, none when they agree
   */
  public static List<String> differences(
      String consumer,
      Map<String, Resolved> build,
      Map<String, Resolved> consumed,
      boolean complete) {
    List<String> problems = new ArrayList<>();
    for (Resolved got : consumed.values()) {
      Resolved tested = build.get(got.key());
      if (tested == null) {
        problems.add(
            got.key()
                + " "
                + got.version()
                + ": the project that "
                + consumer
                + " resolves it, this build does not");
      } else if (!tested.version().equals(got.version())) {
        problems.add(
            got.key()
                + ": the project that "
                + consumer
                + " resolves "
                + got.version()
                + ", this build tests with "
                + tested.version());
      }
    }
    if (complete) {
      for (Resolved tested : build.values()) {
        if (!consumed.containsKey(tested.key())) {
          problems.add(
              tested.key()
                  + " "
                  + tested.version()
                  + ": this build resolves it, the project that "
                  + consumer
                  + " does not");
        }
      }
    }
    return problems;
  }

  /**
   * Whether livy4j-apache alone stays within its jars and bytes.
   *
   * @param apacheOnly what a project that uses livy4j-apache alone resolves, with files
   * @param maxJars the most jars it may bring
   * @param maxBytes the most bytes they may add up to
   * @return a message when it brings more, none otherwise
   */
  public static List<String> budget(Map<String, Resolved> apacheOnly, int maxJars, long maxBytes) {
    if (apacheOnly.size() <= maxJars && bytes(apacheOnly) <= maxBytes) {
      return List.of();
    }
    return List.of(
        "livy4j-apache alone brings "
            + describe(apacheOnly)
            + ", more than the "
            + maxJars
            + " jars and "
            + megabytes(maxBytes)
            + " it may");
  }

  /** The number of jars, their size and their names. */
  static String describe(Map<String, Resolved> artifacts) {
    return artifacts.size()
        + " jars, "
        + megabytes(bytes(artifacts))
        + " ("
        + artifacts.values().stream().map(Resolved::artifactId).collect(Collectors.joining(", "))
        + ")";
  }

  private static long bytes(Map<String, Resolved> artifacts) {
    long total = 0;
    for (Resolved artifact : artifacts.values()) {
      if (artifact.file() == null) {
        throw new IllegalStateException(
            "the dependency list gives no file for " + artifact.key() + ", so no size");
      }
      try {
        total += Files.size(artifact.file());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the size of " + artifact.file(), e);
      }
    }
    return total;
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
