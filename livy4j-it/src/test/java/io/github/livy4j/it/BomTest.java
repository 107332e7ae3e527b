package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * {@code livy4j-bom} pins every published module of the build, and no other livy4j module, at the
 * build's version: a module added later cannot be forgotten in it.
 */
class BomTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of the project's direct child element, or {@code null}. */
  private static String child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    return null;
  }

  private static List<Element> all(Document doc, String tag) {
    NodeList list = doc.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  @Test
  void theBom_pinsEveryPublishedModule_atTheBuildsVersion() throws Exception {
    Document root = read(ROOT.resolve("pom.xml"));
    String version = child(root.getDocumentElement(), "version");
    Set<String> published = new TreeSet<>();
    for (Element module : all(root, "module")) {
      Document pom = read(ROOT.resolve(module.getTextContent().strip()).resolve("pom.xml"));
      Element project = pom.getDocumentElement();
      String packaging = child(project, "packaging");
      boolean skipped =
          all(pom, "maven.deploy.skip").stream()
              .anyMatch(e -> e.getTextContent().strip().equals("true"));
      if (!skipped && (packaging == null || packaging.equals("jar"))) {
        published.add(child(project, "artifactId"));
      }
    }
    Document bom = read(ROOT.resolve("livy4j-bom/pom.xml"));
    assertThat(child(bom.getDocumentElement(), "version"))
        .as("the BOM's version")
        .isEqualTo(version);
    assertThat(child(bom.getDocumentElement(), "parent")).as("the BOM's parent").isNull();
    Set<String> pinned = new TreeSet<>();
    for (Element dep : all(bom, "dependency")) {
      // the libraries it manages beside them are checked by livy4j-consumer-check; its release
      // profile's dependency only orders its build
      boolean managed =
          dep.getParentNode().getParentNode() instanceof Element section
              && section.getTagName().equals("dependencyManagement");
      if (!managed || !"io.github.livy4j".equals(child(dep, "groupId"))) {
        continue;
      }
      assertThat(child(dep, "version")).isEqualTo("${project.version}");
      pinned.add(child(dep, "artifactId"));
    }
    assertThat(pinned)
        .as("the modules the BOM pins")
        .isEqualTo(published)
        .contains(
            "livy4j-core", "livy4j-apache", "livy4j-fabric", "livy4j-auth-entra", "livy4j-testkit");
    assertThat(Files.readString(ROOT.resolve("README.md")))
        .as("the README's snippet")
        .contains("<artifactId>livy4j-bom</artifactId>");
  }
}
