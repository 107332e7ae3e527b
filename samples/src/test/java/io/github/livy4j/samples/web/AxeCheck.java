package io.github.livy4j.samples.web;

import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.naming.OperationNotSupportedException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * Deque's axe-core run on the page a browser shows, and its serious and critical violations
 * written out for a person: page, rule id, impact, the elements' selectors and the rule's help
 * page. axe comes in through the DevTools protocol (loaded into every new document, or through
 * WebDriver's script execution), which the page's Content-Security-Policy ({@code script-src
 * 'self'}) does not govern, so the app's policy stays as it is.
 */
final class AxeCheck {
  /** The impacts that fail the check; {@code moderate} and {@code minor} are left to people. */
  static final Set<String> FAILING = Set.of("serious", "critical");

  private final AxeBuilder axe;
  private final String source;

  /**
   * Loads axe into every document the browser opens from now on: sending its 0.5 MB to each page
   * through WebDriver would cost a second or more a page.
   *
   * @param chromium the browser
   */
  AxeCheck(ChromiumDriver chromium) {
    AxeRunOptions only = new AxeRunOptions();
    // passes and the rest come with one element each: less to send and read
    only.setResultTypes(List.of("violations"));
    axe = new AxeBuilder().setLegacyMode(true).disableIframeTesting().withOptions(only);
    try {
      source = axe.getAxeScriptProvider().getScript();
    } catch (OperationNotSupportedException | IOException e) {
      throw new IllegalStateException("axe-core's script is not in its jar", e);
    }
    chromium.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", source));
    axe.setInjectAxe(this::injectUnlessLoaded, false);
  }

  private void injectUnlessLoaded(WebDriver driver) {
    JavascriptExecutor js = (JavascriptExecutor) driver;
    if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
      js.executeScript(source);
    }
  }

  /**
   * Checks the page the browser shows.
   *
   * @param driver the browser
   * @param who whose view of the page it is, for the report
   * @return one block of text per failing rule; empty when the page has none
   * @throws AssertionError when axe could not run or checked nothing
   */
  List<String> check(WebDriver driver, String who) {
    // the page's live parts stop refreshing while axe reads it (app.js skips hidden pages)
    ((JavascriptExecutor) driver)
        .executeScript(
            "Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});");
    Results r = axe.analyze(driver);
    String page = who + " at " + path(driver.getCurrentUrl()) + " (\"" + driver.getTitle() + "\")";
    if (r.isErrored()) {
      throw new AssertionError("axe could not check " + page + ": " + r.getErrorMessage());
    }
    if (r.getPasses() == null || r.getPasses().isEmpty()) {
      throw new AssertionError("axe checked nothing on " + page);
    }
    List<String> out = new ArrayList<>();
    for (Rule rule : r.getViolations()) {
      List<CheckedNode> bad =
          rule.getNodes().stream()
              .filter(n -> n.getImpact() != null && FAILING.contains(n.getImpact()))
              .toList();
      if (bad.isEmpty()) {
        continue;
      }
      out.add(
          page
              + ": "
              + rule.getId()
              + " ("
              + (bad.stream().anyMatch(n -> n.getImpact().equals("critical"))
                  ? "critical"
                  : "serious")
              + "): "
              + rule.getHelp()
              + "\n    at "
              + bad.stream()
                  .map(n -> selector(n.getTarget()))
                  .collect(Collectors.joining("\n    at "))
              + "\n    see "
              + rule.getHelpUrl());
    }
    return out;
  }

  /** @return the axe-core version that checks the pages */
  String version(WebDriver driver) {
    return String.valueOf(
        ((JavascriptExecutor) driver)
            .executeScript("return window.axe ? window.axe.version : 'not loaded';"));
  }

  /** axe's target: a list of selectors, nested when the element is inside a frame or shadow. */
  private static String selector(Object target) {
    if (target instanceof List<?> l) {
      return l.stream().map(AxeCheck::selector).collect(Collectors.joining(" >>> "));
    }
    return String.valueOf(target);
  }

  private static String path(String url) {
    URI u = URI.create(url);
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }
}
