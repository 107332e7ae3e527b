package io.github.livy4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.livy4j.samples.web.WebApp;
import io.github.livy4j.samples.web.WebConfig;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample web app in headless Chromium against the real local Livy, signed in through its
 * development sign-in: an Editor runs Spark SQL and sees the table and its chart (the picture of
 * the web app in docs/web-sample.md is this test's), and her Spark runs as her (Livy's {@code
 * proxyUser}, from {@code LIVY_PROXY_USER_CLAIM}); a Viewer is offered no create action; nothing
 * is left on the server.
 */
@ExtendWith(RealLivyWebAppTest.Server.class)
class RealLivyWebAppTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static URI livy;

  /** Starts the shared server before the class. */
  static final class Server implements org.junit.jupiter.api.extension.BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      livy = LocalLivy.get(context).uri();
    }
  }

  private WebApp app;
  private WebDriver driver;
  private WebDriverWait wait;
  private URI base;

  @BeforeEach
  void start(@TempDir Path profile) throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (System.getenv("LIVY4J_REQUIRE_BROWSER") != null) {
      assertThat(present).as("Debian's chromium and chromium-driver are installed").isTrue();
    }
    Assumptions.assumeTrue(present, "chromium and chromedriver are not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port);
    app =
        new WebApp(
                WebConfig.fromEnvironment(
                    Map.of(
                        "DEV_USERS",
                        "{\"eddie\": {\"name\": \"Eddie Editor\", \"groups\": [\"g-edit\"]},"
                            + " \"vic\": {\"name\": \"Vic Viewer\", \"groups\": [\"g-view\"]}}",
                        "ROLES",
                        "{\"g-edit\": \"Editors\", \"g-view\": \"Viewers\"}",
                        "LIVY_BASE_ENDPOINT",
                        livy.toString(),
                        "LIVY_SESSION_NAME_PREFIX",
                        "it-web-",
                        "LIVY_PROXY_USER_CLAIM",
                        "preferred_username",
                        "LIVY_SPARK_CONF",
                        "{\"spark.sql.shuffle.partitions\": \"2\"}",
                        "REDIRECT_URI",
                        base + "/azure_auth/callback",
                        "PORT",
                        Integer.toString(port))),
                Clock.systemUTC())
            .start();
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
    driver =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build(),
            o);
    driver.manage().window().setSize(new Dimension(1200, 1150));
    wait = new WebDriverWait(driver, Duration.ofMinutes(3));
  }

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    if (app != null) {
      app.close();
      HttpResponse<String> left =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(livy + "/sessions"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(left.body()).as("sessions left on the server").contains("\"total\":0");
    }
  }

  @Test
  void anEditor_runsSparkSql_andSeesTheTableAndItsChart_whileAViewerHasNoCreateAction()
      throws Exception {
    driver.get(base + "/");
    driver.findElement(By.id("dev-eddie")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/sessions"));
    new Select(driver.findElement(By.id("session-kind"))).selectByValue("sql");
    driver.findElement(By.id("create-session")).click();
    wait.until(ExpectedConditions.textToBe(By.id("state"), "idle"));
    new Select(driver.findElement(By.id("code-kind"))).selectByValue("sql");
    driver
        .findElement(By.id("code"))
        .sendKeys("SELECT concat('day ', id) AS day, id * id AS square FROM range(1, 8)");
    driver.findElement(By.id("run")).click();
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("table.result tbody tr"), 7));
    assertThat(driver.findElement(By.cssSelector("table.result")).getText())
        .contains("day square", "day 3 9", "day 7 49");
    // a label column and a numeric one: a chart beside the table
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("canvas[data-drawn]")));
    assertThat(driver.findElement(By.cssSelector(".statement .row-count")).getText())
        .isEqualTo("7 rows");
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "webapp-real-livy.png");
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);

    // the local Livy runs with impersonation: the user's Spark runs as them
    driver.findElement(By.id("code")).clear();
    driver.findElement(By.id("code")).sendKeys("SELECT current_user() AS who");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("run"))).click();
    By whoTable = By.xpath("//table[contains(@class, 'result')][.//th[normalize-space() = 'who']]");
    wait.until(ExpectedConditions.presenceOfElementLocated(whoTable));
    assertThat(driver.findElement(whoTable).getText())
        .as("the user Spark ran the statement as")
        .isEqualTo("who\neddie");

    driver.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/signed-out"));
    driver.get(base + "/");
    driver.findElement(By.id("dev-vic")).click();
    wait.until(ExpectedConditions.urlToBe(base + "/sessions"));
    assertThat(driver.findElements(By.id("create-session"))).isEmpty();
    assertThat(driver.findElement(By.id("user-name")).getText()).isEqualTo("Vic Viewer");
  }
}
