package io.github.livy4j.samples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}): an Editor signs in through the fake Entra's page, creates a session
 * on the fake Livy, runs code and sees the result appear by itself, signs out; a Viewer is
 * refused the create action. Where Chromium is missing the test is skipped, unless
 * {@code LIVY4J_REQUIRE_BROWSER} is set (CI sets it), when it fails.
 */
class WebAppBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private WebAppHarness h;
  private WebDriver driver;
  private WebDriverWait wait;

  @BeforeEach
  void start(@TempDir Path profile) throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (System.getenv("LIVY4J_REQUIRE_BROWSER") != null) {
      assertThat(present).as("Debian's chromium and chromium-driver are installed").isTrue();
    }
    Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
    h = new WebAppHarness(Map.of());
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
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, o);
    driver.manage().window().setSize(new Dimension(1200, 800));
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (h != null) {
      h.close();
    }
  }

  private void signInAs(String oid) {
    driver.get(h.base() + "/");
    driver.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.id("pick-" + oid))).click();
    wait.until(ExpectedConditions.urlToBe(h.base() + "/sessions"));
  }

  private void waitFor(org.openqa.selenium.support.ui.ExpectedCondition<?> c) {
    try {
      wait.until(c);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "at " + driver.getCurrentUrl() + ":\n" + driver.findElement(By.tagName("body")).getText(),
          e);
    }
  }

  @Test
  void anEditor_signsIn_runsCode_seesTheResult_andSignsOut_whileAViewerIsRefused()
      throws Exception {
    signInAs("ed");
    assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("Ed Editor");
    new Select(driver.findElement(By.id("session-kind"))).selectByValue("pyspark");
    driver.findElement(By.id("create-session")).click();
    // the page updates itself: nobody reloads it
    waitFor(ExpectedConditions.textToBe(By.id("state"), "idle"));
    driver.findElement(By.id("code")).sendKeys("1 + 1");
    driver.findElement(By.id("run")).click();
    waitFor(ExpectedConditions.textToBe(By.cssSelector("pre.output"), "2"));
    File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "webapp.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    assertThat(h.livy.sessionCount()).isEqualTo(1);

    driver.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.urlToBe(h.base() + "/signed-out"));
    assertThat(driver.findElement(By.id("message-heading")).getText())
        .isEqualTo("You are signed out");
    assertThat(h.entra.signOuts).containsExactly(h.base() + "/signed-out");
    assertThat(h.livy.sessionCount()).isZero();

    signInAs("vi");
    assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("Vi Viewer");
    assertThat(driver.findElements(By.id("create-session"))).isEmpty();
    // the create form is not offered; sent anyway, it is refused
    ((JavascriptExecutor) driver)
        .executeScript(
            "const f = document.createElement('form');"
                + "f.method = 'post'; f.action = '/sessions';"
                + "for (const [k, v] of [['kind', 'pyspark'], ['csrf', document.querySelector("
                + "'input[name=csrf]').value]]) { const i = document.createElement('input');"
                + " i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); }"
                + "document.body.appendChild(f); f.submit();");
    wait.until(ExpectedConditions.textToBe(By.id("message-heading"), "Not allowed"));
    assertThat(driver.findElement(By.id("message-text")).getText()).contains("Viewers", "Editors");
    assertThat(h.livy.sessionCount()).isZero();
  }

  @Test
  void theSessionPage_enablesRunWhenIdle_followsTheHeading_andChartsAndPagesAResultInPlace()
      throws Exception {
    h.livy.inject(
        io.github.livy4j.testkit.Fault.on("POST", "/sessions").delay(Duration.ofSeconds(3)));
    java.util.List<java.util.List<Object>> rows = new java.util.ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      rows.add(java.util.List.of("day " + i, i * i));
    }
    String query = "select day, visits from traffic";
    h.livy.script(
        query,
        io.github.livy4j.testkit.FakeResult.sqlTable(
            java.util.List.of("day", "visits"), java.util.List.of("string", "int"), rows));
    signInAs("ed");
    new Select(driver.findElement(By.id("session-kind"))).selectByValue("sql");
    driver.findElement(By.id("create-session")).click();
    waitFor(ExpectedConditions.presenceOfElementLocated(By.id("session-heading")));
    // while the session starts: Run is off, and says why
    assertThat(driver.findElement(By.id("run")).isEnabled()).isFalse();
    assertThat(driver.findElement(By.id("run-why")).getText()).contains("starting");
    assertThat(driver.findElement(By.id("session-heading")).getText())
        .startsWith("A new sql session");
    org.openqa.selenium.WebElement code = driver.findElement(By.id("code"));
    assertThat(code.getAttribute("placeholder")).startsWith("SELECT ");
    new Select(driver.findElement(By.id("code-kind"))).selectByValue("pyspark");
    assertThat(code.getAttribute("placeholder")).contains("for r in spark.range(10)");
    new Select(driver.findElement(By.id("code-kind"))).selectByValue("sql");
    // the page follows the session by itself: Run on, the heading its name
    waitFor(ExpectedConditions.elementToBeClickable(By.id("run")));
    assertThat(driver.findElement(By.id("session-heading")).getText()).startsWith("web-test-");
    assertThat(driver.findElement(By.id("run-why")).getText()).isEmpty();
    assertThat(driver.getTitle()).startsWith("web-test-");

    code.sendKeys(query);
    driver.findElement(By.id("run")).click();
    waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-drawn]")));
    assertThat(driver.findElement(By.id("code")).getAttribute("value")).isEqualTo(query);
    JavascriptExecutor js = (JavascriptExecutor) driver;
    String chartData =
        "const c = Chart.getChart(document.getElementById('chart-1'));"
            + " return [c.data.labels.length, c.data.labels[0], c.data.datasets[0].label,"
            + " c.data.datasets[0].data[2]];";
    assertThat(js.executeScript(chartData).toString()).isEqualTo("[50, day 1, visits, 9]");
    File shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(
        shot.toPath(), Path.of("target", "webapp-result.png"), StandardCopyOption.REPLACE_EXISTING);
    // the next page of the table, in place: the page is not loaded again
    js.executeScript("window.samePage = true;");
    driver.findElement(By.id("next-1")).click();
    waitFor(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#statement-1 .pager"), "rows 51 to 60 of 60"));
    waitFor(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-drawn]")));
    assertThat(js.executeScript("return window.samePage === true;")).isEqualTo(true);
    assertThat(driver.getCurrentUrl()).endsWith("?page1=2#statement-1");
    assertThat(js.executeScript(chartData).toString()).isEqualTo("[10, day 51, visits, 2809]");
    assertThat(driver.findElements(By.cssSelector("#result-1 tbody tr"))).hasSize(10);
  }
}
