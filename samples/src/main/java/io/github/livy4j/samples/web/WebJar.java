package io.github.livy4j.samples.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of a WebJar on the class path, served by the app itself (no CDN: the page's CSP
 * allows scripts from the app only). The WebJar's version comes from its own Maven properties,
 * so the build's dependency alone chooses it.
 */
final class WebJar {
  private static final Logger LOG = LoggerFactory.getLogger(WebJar.class);

  /** Chart.js's browser build, for the charts of results. */
  static final WebJar CHART_JS = new WebJar("org.webjars.npm", "chart.js", "dist/chart.umd.js");

  private final String group;
  private final String artifact;
  private final String file;
  private volatile byte[] bytes;

  private WebJar(String group, String artifact, String file) {
    this.group = group;
    this.artifact = artifact;
    this.file = file;
  }

  /** Answers with the file, or 404 when the WebJar is not on the class path. */
  void serve(Context ctx) {
    byte[] b = bytes;
    if (b == null) {
      b = load();
      bytes = b;
    }
    if (b.length == 0) {
      throw new Refusal(404, "Not found", "No such file.", "", "");
    }
    ctx.contentType("text/javascript; charset=utf-8")
        .header("Cache-Control", "max-age=300")
        .result(b);
  }

  private byte[] load() {
    try (InputStream props =
        WebJar.class.getResourceAsStream(
            "/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
      if (props == null) {
        LOG.warn("The WebJar {}:{} is not on the class path: no charts", group, artifact);
        return new byte[0];
      }
      Properties p = new Properties();
      p.load(props);
      String path =
          "/META-INF/resources/webjars/" + artifact + "/" + p.getProperty("version") + "/" + file;
      try (InputStream in = WebJar.class.getResourceAsStream(path)) {
        if (in == null) {
          LOG.warn("The WebJar {}:{} has no {}: no charts", group, artifact, file);
          return new byte[0];
        }
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "WebJar[" + group + ":" + artifact + "/" + file + "]";
  }
}
