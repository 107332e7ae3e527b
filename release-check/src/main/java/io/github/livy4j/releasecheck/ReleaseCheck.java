package io.github.livy4j.releasecheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The release profile's last step: checks that every published module carries what Maven
 * Central and its users need, builds the published modules a second time and fails unless both
 * builds gave the same bytes.
 *
 * <p>The published modules are livy4j-parent, livy4j-bom and the livy4j modules livy4j-bom
 * lists; a module of the build that does not set {@code maven.deploy.skip} but is not in
 * livy4j-bom fails the check. The second build runs the same Maven on the same sources with {@code
 * -Prelease -DskipTests package}, into each module's {@code target/rebuild}, without signing.
 *
 * <p>Run by the build ({@code exec:java}) with five arguments: the project's root directory, its
 * version, the local repository, {@code offline=true} or {@code offline=false}, and the file for
 * the second build's log. It prints what it compared and writes the files' SHA-256 sums to {@code
 * target/published-files.sha256} beside the log.
 */
public final class ReleaseCheck {

  private static final String GROUP_ID = "io.github.livy4j";
  private static final Duration REBUILD_DEADLINE = Duration.ofMinutes(30);
  private static final int MAX_REPORTED_ENTRIES = 5;

  private ReleaseCheck() {}

  /**
   * A published module.
   *
   * @param artifactId its artifact id
   * @param directory its directory
   * @param jar whether it is a jar (not a POM, as livy4j-parent and livy4j-bom are)
   */
  public record Module(String artifactId, Path directory, boolean jar) {}

  /**
   * Checks, rebuilds, compares and prints the result.
   *
   * @param args the root directory, the version, the local repository, {@code offline=true} or
   *     {@code offline=false}, the second build's log file
   * @throws IllegalStateException naming every missing or differing file, or the second build's
   *     failure
   */
  public static void main(String[] args) {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "expected 5 arguments (root, version, local repository, offline, log file), got "
              + args.length);
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    String version = args[1];
    Path localRepository = Path.of(args[2]);
    Path log = Path.of(args[4]);
    if (args[3].equals("offline=true")) {
      throw new IllegalStateException(
          "The release profile needs Maven online: the CycloneDX plugin makes no SBOM offline"
              + " (its makeBom goal requires online mode), so run it without -o");
    }

    List<Module> modules = publishedModules(root);
    Map<Module, List<String>> files = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>(unlistedPublishedModules(root, modules));
    for (Module module : modules) {
      List<String> missing = new ArrayList<>();
      files.put(module, publishedFiles(module, version, missing));
      problems.addAll(missing);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "The release is not complete:\n  " + String.join("\n  ", problems));
    }

    long started = System.nanoTime();
    rebuild(root, modules, localRepository, log);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    int compared = 0;
    List<String> sums = new ArrayList<>();
    for (Map.Entry<Module, List<String>> module : files.entrySet()) {
      Path first = target(module.getKey(), "target");
      Path second = target(module.getKey(), "target/rebuild");
      for (String name : module.getValue()) {
        problems.addAll(compare(first.resolve(name), second.resolve(name)));
        sums.add(sha256(first.resolve(name)) + "  " + root.relativize(first.resolve(name)));
        compared++;
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Two builds of the same sources gave different files, so the release is not"
              + " reproducible:\n  "
              + String.join("\n  ", problems)
              + "\nThe second build's log: "
              + log);
    }
    Path sumsFile = log.resolveSibling("published-files.sha256");
    write(sumsFile, sums);
    System.out.println(
        "[livy4j] Reproducible: the "
            + modules.size()
            + " published modules, built a second time ("
            + took.toSeconds()
            + " s), gave the same "
            + compared
            + " files byte for byte: each jar with its sources and Javadoc jars, and a CycloneDX"
            + " SBOM (JSON and XML) for every module. SHA-256 sums: "
            + root.relativize(sumsFile.toAbsolutePath()));
  }

  /**
   * The published modules: livy4j-parent, livy4j-bom and the livy4j modules livy4j-bom lists,
   * each in the directory named after it.
   *
   * @param root the project's root directory
   * @return the modules, livy4j-parent and livy4j-bom first
   * @throws IllegalStateException when a module livy4j-bom lists has no directory
   */
  public static List<Module> publishedModules(Path root) {
    List<Module> modules = new ArrayList<>();
    modules.add(new Module("livy4j-parent", root, false));
    modules.add(new Module("livy4j-bom", root.resolve("livy4j-bom"), false));
    Set<String> listed = new LinkedHashSet<>();
    Document bom = parse(root.resolve("livy4j-bom/pom.xml"));
    for (Element dependency : children(bom.getDocumentElement(), "dependencyManagement")) {
      for (Element dependencies : children(dependency, "dependencies")) {
        for (Element managed : children(dependencies, "dependency")) {
          if (GROUP_ID.equals(text(managed, "groupId"))) {
            listed.add(text(managed, "artifactId"));
          }
        }
      }
    }
    for (String artifactId : listed) {
      Path directory = root.resolve(artifactId);
      if (!Files.isRegularFile(directory.resolve("pom.xml"))) {
        throw new IllegalStateException(
            "livy4j-bom lists " + artifactId + ", but there is no " + directory + "/pom.xml");
      }
      modules.add(new Module(artifactId, directory, true));
    }
    return modules;
  }

  /**
   * The build's modules that are published (their pom does not set {@code maven.deploy.skip} to
   * {@code true}) but that livy4j-bom does not list.
   *
   * @param root the project's root directory
   * @param published the published modules
   * @return one message per such module
   */
  static List<String> unlistedPublishedModules(Path root, List<Module> published) {
    Set<Path> known =
        published.stream().map(Module::directory).collect(Collectors.toCollection(TreeSet::new));
    List<String> problems = new ArrayList<>();
    for (Element modules :
        children(parse(root.resolve("pom.xml")).getDocumentElement(), "modules")) {
      for (Element module : children(modules, "module")) {
        Path directory = root.resolve(module.getTextContent().strip()).normalize();
        Element project = parse(directory.resolve("pom.xml")).getDocumentElement();
        boolean deploySkipped =
            children(project, "properties").stream()
                .anyMatch(properties -> "true".equals(text(properties, "maven.deploy.skip")));
        if (!known.contains(directory) && !deploySkipped) {
          problems.add(
              text(project, "artifactId")
                  + " is published (its pom does not set maven.deploy.skip to true), but"
                  + " livy4j-bom does not list it: list it there, or set maven.deploy.skip");
        }
      }
    }
    return problems;
  }

  /**
   * The files a module publishes, as the first build made them.
   *
   * @param module the module
   * @param version the version
   * @param missing where a message is added for each file that should be there and is not
   * @return the names of the files in the module's {@code target}
   */
  static List<String> publishedFiles(Module module, String version, List<String> missing) {
    String base = module.artifactId() + "-" + version;
    List<String> required = new ArrayList<>();
    if (module.jar()) {
      required.add(base + ".jar");
      required.add(base + "-sources.jar");
      required.add(base + "-javadoc.jar");
    }
    required.add(base + "-cyclonedx.json");
    required.add(base + "-cyclonedx.xml");
    Path target = target(module, "target");
    List<String> names = new ArrayList<>();
    for (String name : required) {
      if (Files.isRegularFile(target.resolve(name))) {
        names.add(name);
      } else {
        missing.add(module.artifactId() + " has no " + name + " in " + target);
      }
    }
    if (Files.isRegularFile(target.resolve(base + "-tests.jar"))) {
      names.add(base + "-tests.jar");
    }
    return names;
  }

  /**
   * How two builds' copies of a file differ.
   *
   * @param first the first build's file
   * @param second the second build's file
   * @return nothing when they are the same bytes, else what differs (a jar's entries, a text's
   *     first differing line)
   */
  public static List<String> compare(Path first, Path second) {
    try {
      if (!Files.isRegularFile(second)) {
        return List.of(second + ": the second build did not make it");
      }
      if (Files.mismatch(first, second) == -1) {
        return List.of();
      }
      String name = first.getFileName().toString();
      if (name.endsWith(".jar")) {
        return List.of(first + " and " + second + " differ: " + jarDifferences(first, second));
      }
      return List.of(first + " and " + second + " differ: " + lineDifference(first, second));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compare " + first + " with " + second, e);
    }
  }

  private static String jarDifferences(Path first, Path second) throws IOException {
    Map<String, String> a = entries(first);
    Map<String, String> b = entries(second);
    Set<String> names = new TreeSet<>(a.keySet());
    names.addAll(b.keySet());
    List<String> differing =
        names.stream().filter(n -> !Objects.equals(a.get(n), b.get(n))).toList();
    if (differing.isEmpty()) {
      return "the same entries, in another order or with other archive metadata";
    }
    List<String> described = new ArrayList<>();
    for (String name : differing.subList(0, Math.min(MAX_REPORTED_ENTRIES, differing.size()))) {
      described.add(
          name
              + " ("
              + a.getOrDefault(name, "absent")
              + " / "
              + b.getOrDefault(name, "absent")
              + ")");
    }
    return differing.size() + " entries, " + String.join(", ", described);
  }

  private static Map<String, String> entries(Path jar) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry entry : zip.stream().toList()) {
        entries.put(
            entry.getName(),
            String.format(
                Locale.ROOT,
                "%d bytes, crc %08x, %s",
                entry.getSize(),
                entry.getCrc(),
                entry.getLastModifiedTime()));
      }
    }
    return entries;
  }

  private static String lineDifference(Path first, Path second) throws IOException {
    List<String> a = Files.readAllLines(first, StandardCharsets.UTF_8);
    List<String> b = Files.readAllLines(second, StandardCharsets.UTF_8);
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : "(end)";
      String y = i < b.size() ? b.get(i) : "(end)";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": " + shorten(x) + " / " + shorten(y);
      }
    }
    return "the same lines, with other line ends";
  }

  private static String shorten(String line) {
    String stripped = line.strip();
    return stripped.length() <= 120 ? stripped : stripped.substring(0, 117) + "...";
  }

  private static void rebuild(Path root, List<Module> modules, Path localRepository, Path log) {
    List<String> command = new ArrayList<>();
    command.add(mavenExecutable(root));
    command.addAll(
        List.of(
            "-B",
            "-f",
            root.resolve("pom.xml").toString(),
            "-Prelease",
            "-pl",
            modules.stream().map(m -> ":" + m.artifactId()).collect(Collectors.joining(",")),
            "-Dlivy4j.buildDirName=target/rebuild",
            "-DskipTests",
            "-Dlivy4j.sign.skip=true",
            "-Djapicmp.skip=true",
            "-Dspotless.check.skip=true",
            "-Denforcer.skip=true",
            "-Dmaven.repo.local=" + localRepository));
    String tail = System.getProperty("maven.repo.local.tail");
    if (tail != null) {
      // the same repositories as this build: the SBOMs hash the plugin jars they find there
      command.add("-Dmaven.repo.local.tail=" + tail);
    }
    command.add("package");
    System.out.println("[livy4j] Building the published modules a second time; log: " + log);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(root.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(REBUILD_DEADLINE.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the second build took more than " + REBUILD_DEADLINE.toMinutes() + " minutes: " + log);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "the second build failed (exit " + process.exitValue() + "), see " + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run the second build: " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the second build", e);
    }
  }

  private static String mavenExecutable(Path root) {
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    String home = System.getProperty("maven.home");
    if (home != null) {
      Path mvn = Path.of(home, "bin", windows ? "mvn.cmd" : "mvn");
      if (Files.isRegularFile(mvn)) {
        return mvn.toString();
      }
    }
    return root.resolve(windows ? "mvnw.cmd" : "mvnw").toString();
  }

  private static Path target(Module module, String directory) {
    return module.directory().resolve(directory);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int read; (read = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Document parse(Path pom) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(pom.toFile());
    } catch (ParserConfigurationException | SAXException e) {
      throw new IllegalStateException("cannot read " + pom + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + pom, e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        found.add(element);
      }
    }
    return found;
  }

  private static String text(Element parent, String name) {
    return children(parent, name).stream()
        .findFirst()
        .map(e -> e.getTextContent().strip())
        .orElse(null);
  }
}
