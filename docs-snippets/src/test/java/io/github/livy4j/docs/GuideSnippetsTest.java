package io.github.livy4j.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every Java snippet of README.md and of the guides under {@code docs/} is a region of code in
 * this module's test sources, which the build compiles: a snippet that is not, or that differs
 * from its region, fails the build.
 *
 * <p>In the Markdown, a Java code block follows a marker line naming its source file (in this
 * package) and region: {@code <!-- snippet: FirstProgram.java#first-program -->}. In the source,
 * the region lies between {@code // tag::first-program[]} and {@code // end::first-program[]};
 * lines that hold a tag or an end are left out of every region, and the region's common
 * indentation is removed. When a snippet and its region differ, the message gives the region as
 * the guide should show it.
 */
class GuideSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path SOURCES =
      Path.of("src", "test", "java", "io", "github", "livy4j", "docs");
  private static final Pattern MARKER =
      Pattern.compile("^<!-- snippet: ([A-Za-z0-9]+\\.java)#([a-z0-9-]+) -->$");
  private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([a-z0-9-]+)\\[\\]$");
  private static final Pattern ARTIFACT =
      Pattern.compile(
          "<groupId>io\\.github\\.livy4j</groupId>\\s*<artifactId>([^<]+)</artifactId>");

  /** A fenced code block of a Markdown file. */
  private record Block(Path file, int line, String language, String marker, String text) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  /** @return README.md and every Markdown file under docs/ */
  private static List<Path> guides() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** @return the fenced blocks of a Markdown file, each with the marker line just above it */
  private static List<Block> blocks(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String fence = line.stripLeading();
      if (!fence.startsWith("```")) {
        continue;
      }
      int indent = line.length() - fence.length();
      String language = fence.substring(3).strip();
      String marker = i > 0 ? lines.get(i - 1).strip() : "";
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      assertThat(end)
          .as("%s:%d: a code block that is never closed", file, i + 1)
          .isLessThan(lines.size());
      List<String> body = new ArrayList<>();
      for (String l : lines.subList(start, end)) {
        body.add(l.length() >= indent ? l.substring(indent).stripTrailing() : l.strip());
      }
      blocks.add(new Block(file, i + 1, language, marker, String.join("\n", body)));
      i = end;
    }
    return blocks;
  }

  /** @return the regions of a snippet source, by name */
  private static Map<String, String> regions(Path source) throws IOException {
    List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
    Map<String, List<String>> open = new LinkedHashMap<>();
    Map<String, String> done = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = TAG.matcher(lines.get(i));
      if (m.matches()) {
        String name = m.group(2);
        if (m.group(1).equals("tag")) {
          assertThat(open.containsKey(name) || done.containsKey(name))
              .as("%s:%d: region %s is opened twice", source, i + 1, name)
              .isFalse();
          open.put(name, new ArrayList<>());
        } else {
          List<String> body = open.remove(name);
          assertThat(body)
              .as("%s:%d: region %s ends but never began", source, i + 1, name)
              .isNotNull();
          done.put(name, dedent(body));
        }
        continue;
      }
      for (List<String> body : open.values()) {
        body.add(lines.get(i));
      }
    }
    assertThat(open.keySet()).as("%s: regions that never end", source).isEmpty();
    return done;
  }

  /** @return the lines without their common indentation, trailing blanks and blank ends */
  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(l.isBlank() ? "" : l.substring(indent).stripTrailing());
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return String.join("\n", out);
  }

  @Test
  void everyJavaSnippet_isCompiledCodeAsTheGuideShowsIt() throws IOException {
    Map<Path, Map<String, String>> sources = new LinkedHashMap<>();
    Set<String> used = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Path guide : guides()) {
      for (Block b : blocks(guide)) {
        Matcher m = MARKER.matcher(b.marker());
        if (!b.language().equals("java")) {
          if (m.matches()) {
            problems.add(b.where() + ": a snippet marker above a " + b.language() + " block");
          }
          continue;
        }
        if (!m.matches()) {
          problems.add(
              b.where()
                  + ": a Java block without a marker line above it"
                  + " (<!-- snippet: File.java#region -->) naming the compiled code it shows");
          continue;
        }
        Path source = SOURCES.resolve(m.group(1));
        if (!Files.isRegularFile(source)) {
          problems.add(b.where() + ": " + m.group(1) + " is not in " + SOURCES);
          continue;
        }
        Map<String, String> regions = sources.computeIfAbsent(source, GuideSnippetsTest::read);
        String region = regions.get(m.group(2));
        used.add(m.group(1) + "#" + m.group(2));
        checked++;
        if (region == null) {
          problems.add(b.where() + ": " + m.group(1) + " has no region " + m.group(2));
        } else if (!region.equals(b.text())) {
          problems.add(
              b.where()
                  + ": the snippet differs from "
                  + m.group(1)
                  + "#"
                  + m.group(2)
                  + ", which reads:\n"
                  + region);
        }
      }
    }
    Set<String> unused = new TreeSet<>();
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path source : files.sorted().toList()) {
        for (String name : read(source).keySet()) {
          String ref = source.getFileName() + "#" + name;
          if (!used.contains(ref)) {
            unused.add(ref);
          }
        }
      }
    }
    assertThat(problems).as("snippets that are not the compiled code").isEmpty();
    assertThat(unused).as("regions that no guide shows").isEmpty();
    assertThat(checked).as("snippets checked").isGreaterThan(20);
  }

  private static Map<String, String> read(Path source) {
    try {
      return regions(source);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void everyArtifactTheGuidesName_isAModuleOfTheBuild() throws Exception {
    Set<String> modules = new TreeSet<>();
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element root =
        f.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile()).getDocumentElement();
    var list = root.getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      Path pom = ROOT.resolve(list.item(i).getTextContent().strip()).resolve("pom.xml");
      Element project = f.newDocumentBuilder().parse(pom.toFile()).getDocumentElement();
      for (Node n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element e && e.getTagName().equals("artifactId")) {
          modules.add(e.getTextContent().strip());
        }
      }
    }
    List<String> named = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Path guide : guides()) {
      for (Block b : blocks(guide)) {
        Matcher m = ARTIFACT.matcher(b.text());
        while (m.find()) {
          named.add(m.group(1));
          if (!modules.contains(m.group(1))) {
            unknown.add(b.where() + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(unknown)
        .as("livy4j artifacts the guides name that the build does not make")
        .isEmpty();
    assertThat(named)
        .as("the artifacts the guides tell users to add")
        .contains(
            "livy4j-bom",
            "livy4j-apache",
            "livy4j-fabric",
            "livy4j-auth-entra",
            "livy4j-testkit",
            "livy4j-micrometer",
            "livy4j-opentelemetry",
            "livy4j-spring-boot-starter");
  }
}
