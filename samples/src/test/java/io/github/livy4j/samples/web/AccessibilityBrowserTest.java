package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.testkit.FakeResult;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import io.javalin.security.Roles;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the web app, as each role sees it, checked for accessibility by Deque's axe-core
 * in a real headless Chromium: no serious or critical violation. One browser goes through the
 * pages of an anonymous visitor (the start page with both sign-ins, a failed sign-in), an Editor
 * (a session with a text, a table, an error and a running statement), an Administrator (everyone's
 * sessions, another's session) and a Viewer (refused pages), and the signed-out page. Every GET
 * route the app serves must be checked for every role that may open it, or be listed as no page:
 * a new page cannot be left out unnoticed. Where Chromium is missing the test is skipped, unless
 * {@code LIVY4J_REQUIRE_BROWSER} is set (CI sets it), when it fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessibilityBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /**
   * The GET routes that are no page, each with why no check opens it (the parts that refresh
   * themselves are drawn by the same templates inside their pages, and checked there).
   */
  private static final Map<String, String> NOT_PAGES =
      Map.of(
          "/static/app.js", "a script",
          "/static/app.css", "a style sheet",
          "/static/chart.umd.js", "a script (the charting library)",
          "/sign-in", "it sends the browser on to Entra ID's page",
          "/sessions/live", "the part of /sessions that refreshes itself",
          "/admin/sessions/live", "the part of /admin/sessions that refreshes itself",
          "/sessions/{id}/live", "the part of a session's page that refreshes itself");

  /** Who looks at a page: nobody signed in, or someone with one of the roles. */
  enum Persona {
    ANONYMOUS(null),
    VIEWER(Role.VIEWER),
    EDITOR(Role.EDITOR),
    ADMINISTRATOR(Role.ADMINISTRATOR);

    final Role role;

    Persona(Role role) {
      this.role = role;
    }
  }

  private record Visit(Persona who, String path) {}

  private AxeCheck axe;
  private final List<String> violations = new ArrayList<>();
  private final List<Visit> visited = new ArrayList<>();
  private WebAppHarness h;
  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  void start(@TempDir Path profile) throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (System.getenv("LIVY4J_REQUIRE_BROWSER") != null) {
      assertThat(present).as("Debian's chromium and chromium-driver are installed").isTrue();
    }
    Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
    // the browser starts (and takes axe in) while the app does: they are independent
    CompletableFuture<ChromeDriver> starting =
        CompletableFuture.supplyAsync(() -> startChromium(profile));
    try {
      // every persona signs in through the (fake) Entra ID, as in production
      h = new WebAppHarness(Map.of());
    } catch (IOException | RuntimeException e) {
      try {
        starting.get(2, TimeUnit.MINUTES).quit();
      } catch (Exception alsoBrowser) {
        e.addSuppressed(alsoBrowser);
      }
      throw e;
    }
    driver = starting.get(2, TimeUnit.MINUTES);
    h.livy.script("a11y text", FakeResult.text("a plain text result"));
    h.livy.script(
        "a11y table",
        FakeResult.sqlTable(
            List.of("a11y_column", "label"),
            List.of("integer", "string"),
            List.of(List.of(1, "one"), List.of(2, "two"))));
    h.livy.script("a11y error", FakeResult.error("ValueError", "a11y went wrong", "at line 1"));
    h.livy.script("a11y slow", FakeResult.text("late").taking(Duration.ofMinutes(10)));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  private ChromeDriver startChromium(Path profile) {
    ChromeOptions o = new ChromeOptions().setBinary(CHROMIUM.toFile());
    o.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chromium = new ChromeDriver(service, o);
    try {
      axe = new AxeCheck(chromium);
    } catch (RuntimeException e) {
      chromium.quit();
      throw e;
    }
    return chromium;
  }

  @AfterAll
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void everyPage_asEveryRoleSeesIt_hasNoSeriousOrCriticalAccessibilityViolation() {
    forgetTheSignIn();
    check(Persona.ANONYMOUS, "/", "Welcome");
    check(Persona.ANONYMOUS, "/azure_auth/callback", "Sign-in not recognised");

    String session = editorsSession();
    signInWithEntra("ed");
    check(Persona.EDITOR, null, "My sessions");
    check(Persona.EDITOR, session, "web-test-");
    assertThat(bodyText())
        .as("the session's page shows a text, a table, an error and a running statement")
        .contains("a plain text result", "a11y_column", "a11y went wrong", "a11y slow");
    check(Persona.EDITOR, "/profile", "Profile");
    check(Persona.EDITOR, "/admin/sessions", "All sessions");

    // another person at the same browser: the Editor's session lives on for the Administrator
    forgetTheSignIn();
    signInWithEntra("ad");
    check(Persona.ADMINISTRATOR, null, "My sessions");
    check(Persona.ADMINISTRATOR, "/admin/sessions", "All sessions");
    check(Persona.ADMINISTRATOR, session, "web-test-");
    check(Persona.ADMINISTRATOR, "/profile", "Profile");

    forgetTheSignIn();
    signInWithEntra("vi");
    check(Persona.VIEWER, null, "My sessions");
    check(Persona.VIEWER, "/profile", "Profile");
    // Viewers see the team's sessions and results, read-only
    check(Persona.VIEWER, "/admin/sessions", "All sessions");
    check(Persona.VIEWER, session, "web-test-");
    check(Persona.VIEWER, "/no-such-page", "Not found");
    driver.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.urlToBe(h.base() + "/signed-out"));
    check(Persona.ANONYMOUS, null, "Signed out");

    assertThat(violations)
        .withFailMessage(
            () ->
                violations.size()
                    + " serious or critical accessibility violation(s) (axe-core "
                    + axe.version(driver)
                    + "):\n"
                    + String.join("\n", violations))
        .isEmpty();
    List<String> unchecked = unchecked();
    assertThat(unchecked)
        .withFailMessage(
            () ->
                "Pages the app serves that no accessibility check opened (open each in this test"
                    + " for every role that may see it, or list it in NOT_PAGES):\n  "
                    + String.join("\n  ", unchecked))
        .isEmpty();
  }

  @Test
  void theCheck_reportsAPlantedViolation_onAPageUnderTheAppsContentSecurityPolicy() {
    forgetTheSignIn();
    driver.get(h.base() + "/");
    JavascriptExecutor js = (JavascriptExecutor) driver;
    // the app's policy holds on this page: a script of its own does not run
    Object inlineRan =
        js.executeScript(
            "const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1';"
                + " document.head.appendChild(s); return window.inlineRan === 1;");
    assertThat(inlineRan).isEqualTo(false);
    js.executeScript(
        "document.documentElement.removeAttribute('lang');"
            + " const b = document.createElement('button'); b.id = 'planted';"
            + " document.querySelector('main').appendChild(b);");

    List<String> found = axe.check(driver, "ANONYMOUS");

    assertThat(axe.version(driver)).startsWith("4.");
    assertThat(found).anySatisfy(v -> assertThat(v).contains("html-has-lang (serious)"));
    assertThat(found)
        .anySatisfy(
            v ->
                assertThat(v)
                    .startsWith("ANONYMOUS at / (\"Welcome · livy4j\"): button-name (critical): ")
                    .contains(
                        "\n    at #planted\n", "\n    see https://dequeuniversity.com/rules/"));
  }

  // ------------------------------------------------------------------------------ helpers

  /** Opens the page (or stays on the one shown when path is null) and checks it. */
  private void check(Persona who, String path, String title) {
    if (path != null) {
      driver.get(h.base() + path);
    }
    if (title != null) {
      assertThat(driver.getTitle())
          .as("the title at %s, showing:%n%s", driver.getCurrentUrl(), bodyText())
          .startsWith(title);
    }
    visited.add(new Visit(who, URI.create(driver.getCurrentUrl()).getRawPath()));
    violations.addAll(axe.check(driver, who.name()));
  }

  /** The pages the app serves that were not checked for each role that may open them. */
  private List<String> unchecked() {
    Map<String, String> notPages = new TreeMap<>(NOT_PAGES);
    List<String> out = new ArrayList<>();
    for (ParsedEndpoint route : getRoutes()) {
      String path = route.endpoint.path;
      if (notPages.remove(path) != null) {
        continue;
      }
      Action action = action(route);
      for (Persona p : Persona.values()) {
        boolean needed =
            action == Action.PUBLIC
                ? p == Persona.ANONYMOUS
                : p.role != null && action.roles().contains(p.role);
        if (needed && visited.stream().noneMatch(v -> v.who == p && route.matches(v.path))) {
          out.add(path + " as " + p);
        }
      }
    }
    notPages
        .keySet()
        .forEach(p -> out.add(p + " is listed in NOT_PAGES, but the app has no such route"));
    return out;
  }

  /** The app's GET routes, read from its server. */
  private List<ParsedEndpoint> getRoutes() {
    Field server =
        Arrays.stream(WebApp.class.getDeclaredFields())
            .filter(f -> f.getType() == Javalin.class)
            .findFirst()
            .orElseThrow(() -> new AssertionError("WebApp has no Javalin field"));
    server.setAccessible(true);
    Javalin javalin;
    try {
      javalin = (Javalin) server.get(h.app);
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    List<ParsedEndpoint> routes =
        javalin.unsafe.internalRouter.allHttpHandlers().stream()
            .filter(e -> e.endpoint.method == HandlerType.GET)
            .toList();
    assertThat(routes).as("the app's GET routes").isNotEmpty();
    return routes;
  }

  private static Action action(ParsedEndpoint route) {
    Roles roles = route.endpoint.metadata(Roles.class);
    Set<?> all = roles == null ? Set.of() : roles.getRoles();
    return all.stream()
        .filter(Action.class::isInstance)
        .map(Action.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError(route.endpoint.path + " names no action"));
  }

  private void signInWithEntra(String oid) {
    driver.get(h.base() + "/");
    driver.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("pick-" + oid))).click();
    wait.until(ExpectedConditions.urlToBe(h.base() + "/sessions"));
  }

  /**
   * The Editor's session, made through a plain HTTP browser signed in as the same person (the
   * browser flow itself is WebAppBrowserTest's): a text, a table and an error, then a statement
   * that runs for ten minutes.
   *
   * @return the session page's path
   */
  private String editorsSession() {
    WebAppHarness.Browser ed = h.browser();
    ed.signIn("ed");
    ed.get("/sessions");
    HttpResponse<String> created = ed.submit("/sessions", Map.of("kind", "pyspark"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
    String path = created.headers().firstValue("Location").orElseThrow();
    poll(ed, path + "/live", b -> b.contains(">idle<"));
    for (String code : List.of("a11y text", "a11y table", "a11y error")) {
      ed.submit(path + "/statements", Map.of("kind", "pyspark", "code", code));
    }
    poll(
        ed,
        path + "/live",
        b ->
            b.contains("a plain text result")
                && b.contains("a11y_column")
                && b.contains("a11y went wrong"));
    HttpResponse<String> slow =
        ed.submit(path + "/statements", Map.of("kind", "pyspark", "code", "a11y slow"));
    assertThat(slow.statusCode()).as(slow.body()).isEqualTo(302);
    return path;
  }

  /** Polls a page until it shows something, for 20 s at most. */
  private static void poll(WebAppHarness.Browser b, String path, Predicate<String> shown) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String body = "";
    while (System.nanoTime() < deadline) {
      body = b.get(path).body();
      if (shown.test(body)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
    throw new AssertionError("the page " + path + " never showed what was expected:\n" + body);
  }

  /** Forgets who is signed in, as if another person took the browser. */
  private void forgetTheSignIn() {
    if (driver.getCurrentUrl().startsWith(h.base().toString())) {
      driver.manage().deleteAllCookies();
    }
  }

  private String bodyText() {
    return driver.findElement(By.tagName("body")).getText();
  }
}
