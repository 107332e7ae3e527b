package io.github.livy4j.samples.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.livy4j.Code;
import io.github.livy4j.CodeKind;
import io.github.livy4j.LivyClient;
import io.github.livy4j.LivyClientException;
import io.github.livy4j.LivyException;
import io.github.livy4j.LivyServiceException;
import io.github.livy4j.LivySession;
import io.github.livy4j.PollingTimeoutException;
import io.github.livy4j.SessionFailedException;
import io.github.livy4j.SessionInfo;
import io.github.livy4j.SessionSpec;
import io.github.livy4j.StatementFailedException;
import io.github.livy4j.StatementResult;
import io.github.livy4j.apache.ApacheLivy;
import io.github.livy4j.auth.TokenProvider;
import io.github.livy4j.auth.TokenProviders;
import io.github.livy4j.auth.entra.EntraAuthenticationException;
import io.github.livy4j.auth.entra.EntraTokenProviders;
import io.github.livy4j.fabric.FabricLivy;
import io.github.livy4j.polling.PollListener;
import io.github.livy4j.polling.PollResponse;
import io.github.livy4j.polling.Poller;
import io.github.livy4j.polling.PollingOptions;
import io.github.livy4j.polling.StatementPoller;
import io.github.livy4j.testkit.FakeLivy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs one piece of code on a Livy endpoint and prints the result: a table for SQL.
 *
 * <p>Defaults come from the same environment variables as the Django proof of concept:
 * {@code LIVY_BACKEND}, {@code LIVY_BASE_ENDPOINT}, {@code LIVY_REQUESTS_TIMEOUT},
 * {@code LIVY_SESSION_NAME_PREFIX}, {@code LIVY_SPARK_CONF} and {@code LIVY_SPARK_DEPENDENCIES}.
 * With no endpoint, it runs against an in-process {@link FakeLivy} and says so. For Fabric
 * ({@code LIVY_BACKEND=fabric}) the endpoint is the lakehouse's Livy URL and the bearer token
 * comes from {@code LIVY_ACCESS_TOKEN}, else from the Azure SDK's credential chain (environment,
 * workload or managed identity, {@code az login}...), whose credential is named; a token is
 * never printed.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    version = "livy4j quickstart",
    sortOptions = false,
    description = {
      "Runs code on a Livy endpoint and prints the result (a table for SQL).",
      "Options default to the LIVY_* environment variables. Without an endpoint the code runs"
          + " on an in-process fake Livy server with scripted results."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the statement succeeded",
      "1:an unexpected error",
      "2:bad arguments or environment",
      "3:the server could not be reached or refused a call",
      "4:the statement failed",
      "5:the session failed to start",
      "6:a wait timed out"
    })
public final class Quickstart implements Callable<Integer> {
  static final int OK = 0;
  static final int UNEXPECTED = 1;
  static final int USAGE = 2;
  static final int UNREACHABLE = 3;
  static final int STATEMENT_FAILED = 4;
  static final int SESSION_FAILED = 5;
  static final int TIMED_OUT = 6;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      arity = "0..1",
      paramLabel = "CODE",
      description = "The code to run; '-' reads it from standard input. Default: a demo query.")
  String code;

  @Option(
      names = {"-f", "--file"},
      description = "Read the code from a file.")
  Path file;

  @Option(
      names = {"-k", "--kind"},
      description = "spark (Scala), pyspark, sparkr or sql;" + " default sql.")
  String kind;

  @Option(
      names = {"-e", "--endpoint"},
      description = "Livy base URL [env LIVY_BASE_ENDPOINT].")
  String endpoint;

  @Option(
      names = {"-b", "--backend"},
      description =
          "apache or fabric [env LIVY_BACKEND];"
              + " fabric reads its token from LIVY_ACCESS_TOKEN, else from the Azure credential"
              + " chain (az login, managed identity, AZURE_* variables).")
  String backend;

  @Option(
      names = "--request-timeout",
      paramLabel = "SECONDS",
      description = "HTTP request timeout [env LIVY_REQUESTS_TIMEOUT, default 60].")
  String requestTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "Longest wait for the session and for the statement; default 600.")
  long timeoutSeconds = 600;

  @Option(
      names = "--name-prefix",
      description =
          "Session name prefix; a unique suffix is" + " appended [env LIVY_SESSION_NAME_PREFIX].")
  String namePrefix;

  @Option(
      names = "--conf",
      paramLabel = "JSON",
      description = "Spark configuration as a JSON object [env LIVY_SPARK_CONF].")
  String conf;

  @Option(
      names = "--py-files",
      paramLabel = "PATHS",
      description = "Comma-separated Python dependencies [env LIVY_SPARK_DEPENDENCIES].")
  String pyFiles;

  @Option(
      names = "--shared-session",
      paramLabel = "TAG",
      description =
          "Fabric only: run in a"
              + " REPL of the high-concurrency session with this tag instead of a session of its own.")
  String sharedSession;

  @Option(names = "--keep-session", description = "Leave the session running and print its id.")
  boolean keepSession;

  @Option(
      names = "--clean-prefix",
      paramLabel = "PREFIX",
      description =
          "Instead of running"
              + " code, delete the sessions left behind whose names start with PREFIX (see"
              + " --older-than, --dry-run).")
  String cleanPrefix;

  @Option(
      names = "--older-than",
      paramLabel = "MINUTES",
      defaultValue = "60",
      description =
          "With --clean-prefix: only sessions created more than this long ago"
              + " (default ${DEFAULT-VALUE}; 0 takes every one, whatever its name says).")
  long olderThanMinutes;

  @Option(names = "--dry-run", description = "With --clean-prefix: list, delete nothing.")
  boolean dryRun;

  @Option(
      names = "--no-progress",
      description =
          "Do not tell on stderr how long the session"
              + " has been starting, nor draw the statement's progress bar (drawn only on a terminal).")
  boolean noProgress;

  private final boolean interactive;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<Map<String, String>, List<AzureCredentials.Named>> azure;

  Quickstart(
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      boolean interactive,
      Function<Map<String, String>, List<AzureCredentials.Named>> azure) {
    this.env = env;
    this.out = out;
    this.err = err;
    this.interactive = interactive;
    this.azure = azure;
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err, System.console() != null));
  }

  static int run(
      String[] args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      boolean interactive) {
    return run(args, env, out, err, interactive, AzureCredentials::defaultChain);
  }

  static int run(
      String[] args,
      Map<String, String> env,
      PrintStream out,
      PrintStream err,
      boolean interactive,
      Function<Map<String, String>, List<AzureCredentials.Named>> azure) {
    CommandLine cl = new CommandLine(new Quickstart(env, out, err, interactive, azure));
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          err.println("quickstart: " + e.getMessage());
          return UNEXPECTED;
        });
    return cl.execute(args);
  }

  @Override
  public Integer call() {
    Settings settings;
    try {
      settings = settings();
    } catch (UsageException e) {
      err.println("quickstart: " + e.getMessage());
      err.println("Try 'quickstart --help'.");
      return USAGE;
    }
    if (settings.endpoint == null) {
      err.println(
          "No endpoint given (--endpoint or LIVY_BASE_ENDPOINT): running on an"
              + " in-process fake Livy server with scripted results.");
      try (FakeLivy fake = DemoServer.start(settings.fabric)) {
        URI uri =
            settings.fabric
                ? URI.create(
                    fake.uri() + "/workspaces/demo/lakehouses/demo/livyapi/versions/2023-12-01")
                : fake.uri();
        return runOn(uri, settings.fabric ? settings.withToken("demo-token") : settings);
      }
    }
    return runOn(settings.endpoint, settings);
  }

  /** Deletes (or, in a dry run, lists) the sessions left behind under a name prefix. */
  private int clean(LivyClient client, URI endpoint) {
    try (client) {
      List<SessionInfo> found =
          client.deleteOrphans(cleanPrefix, Duration.ofMinutes(olderThanMinutes), dryRun);
      for (SessionInfo i : found) {
        out.println(
            (dryRun ? "would delete " : "deleted ")
                + i.id()
                + "\t"
                + i.name().orElse("")
                + "\t"
                + i.rawState());
      }
      err.println(
          (dryRun ? "Would delete " : "Deleted ")
              + found.size()
              + " session(s) named '"
              + cleanPrefix
              + "*' on "
              + endpoint
              + (olderThanMinutes > 0 ? ", created more than " + olderThanMinutes + " min ago" : "")
              + ".");
      return OK;
    } catch (LivyClientException e) {
      err.println("Cannot reach Livy at " + endpoint + ": " + e.getMessage());
      return UNREACHABLE;
    } catch (LivyException e) {
      err.println("quickstart: " + e.getMessage());
      return UNREACHABLE;
    }
  }

  private int runOn(URI endpoint, Settings s) {
    LivyClient.Builder builder =
        LivyClient.builder()
            .backend(s.fabric ? FabricLivy.endpoint(endpoint) : ApacheLivy.at(endpoint));
    if (s.token != null) {
      builder.credential(TokenProviders.fixed(s.token));
    } else if (s.fabric) {
      TokenProvider tokens =
          EntraTokenProviders.credential(
              new AzureCredentials(
                  azure.apply(env),
                  name ->
                      err.println(
                          "LIVY_ACCESS_TOKEN is not set: Fabric tokens"
                              + " come from the Azure credential "
                              + name
                              + ".")),
              FabricLivy.SCOPE);
      try {
        tokens.getToken();
      } catch (EntraAuthenticationException e) {
        err.println(
            "quickstart: no token for Fabric: set LIVY_ACCESS_TOKEN to a token for "
                + FabricLivy.SCOPE
                + ", or sign in to Azure (az login, a managed or workload"
                + " identity, AZURE_* variables). "
                + e.getMessage());
        return USAGE;
      }
      builder.credential(tokens);
    }
    LivyClient client =
        builder
            .requestTimeout(s.requestTimeout)
            .polling(PollingOptions.builder().timeout(Duration.ofSeconds(timeoutSeconds)).build())
            .applicationId("livy4j-quickstart")
            .build();
    if (cleanPrefix != null) {
      return clean(client, endpoint);
    }
    try (client) {
      err.println(
          s.spec
                  .sharedSessionTag()
                  .map(tag -> "Acquiring a REPL in shared session '" + tag + "' on ")
                  .orElse("Starting a " + s.code.kind().wireName() + " session on ")
              + endpoint
              + " ...");
      Poller<LivySession> starting = client.beginCreateSession(s.spec);
      if (!noProgress) {
        starting.addListener(new StartProgress(err));
      }
      LivySession session = starting.waitForCompletion();
      try {
        err.println(
            "Session "
                + session.id()
                + " is "
                + session.info().rawState()
                + "; running the code ...");
        StatementPoller poller = session.beginExecute(s.code);
        boolean drawProgress = !noProgress && interactive;
        if (drawProgress) {
          poller.addListener(new ProgressBar(err));
        }
        StatementResult result;
        try {
          result = poller.waitForCompletion();
        } finally {
          if (drawProgress) {
            ProgressBar.finish(err);
          }
        }
        ResultPrinter.print(result, out);
        return OK;
      } finally {
        if (keepSession) {
          err.println("Session " + session.detach() + " keeps running (--keep-session).");
        } else {
          session.close();
        }
      }
    } catch (StatementFailedException e) {
      err.println("The statement failed: " + e.errorName() + ": " + e.errorValue());
      e.traceback().forEach(l -> err.println("  " + l.stripTrailing()));
      return STATEMENT_FAILED;
    } catch (SessionFailedException e) {
      err.println("The session failed: " + e.getMessage());
      return SESSION_FAILED;
    } catch (PollingTimeoutException e) {
      err.println(e.getMessage());
      return TIMED_OUT;
    } catch (LivyClientException e) {
      err.println("Cannot reach Livy at " + endpoint + ": " + e.getMessage());
      return UNREACHABLE;
    } catch (LivyServiceException e) {
      err.println("Livy refused the request: " + e.getMessage());
      return UNREACHABLE;
    } catch (LivyException e) {
      err.println("Livy error: " + e.getMessage());
      return UNEXPECTED;
    }
  }

  /** Tells every 10 s how long a session has been starting, and in which state. */
  private static final class StartProgress implements PollListener {
    private final PrintStream err;
    private long toldAt;

    StartProgress(PrintStream err) {
      this.err = err;
    }

    @Override
    public void onPoll(PollResponse r) {
      long seconds = r.elapsed().toSeconds();
      if (!r.status().isDone() && seconds >= toldAt + 10) {
        toldAt = seconds - seconds % 10;
        err.println("The session is " + r.state() + " (" + seconds + " s) ...");
      }
    }
  }

  private record Settings(
      URI endpoint,
      Code code,
      SessionSpec spec,
      Duration requestTimeout,
      boolean fabric,
      String token) {
    Settings withToken(String t) {
      return new Settings(endpoint, code, spec, requestTimeout, fabric, t);
    }

    @Override
    public String toString() {
      return "Settings[endpoint=" + endpoint + ", fabric=" + fabric + "]";
    }
  }

  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  private Settings settings() throws UsageException {
    String backendName =
        firstNonBlank(backend, env.get("LIVY_BACKEND"), "apache").strip().toLowerCase(Locale.ROOT);
    if (!backendName.equals("apache") && !backendName.equals("fabric")) {
      throw new UsageException(
          "backend '" + backendName + "' is not known; use 'apache' or" + " 'fabric'");
    }
    boolean fabric = backendName.equals("fabric");
    URI uri = null;
    String ep = firstNonBlank(endpoint, env.get("LIVY_BASE_ENDPOINT"), null);
    if (ep != null) {
      try {
        uri = new URI(ep.strip());
        if (fabric) {
          FabricLivy.endpoint(uri);
        } else {
          ApacheLivy.at(uri);
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        throw new UsageException(
            "endpoint '" + ep + "' is not a valid " + backendName + " endpoint: " + e.getMessage());
      }
    }
    String token = firstNonBlank(env.get("LIVY_ACCESS_TOKEN"), null, null);
    CodeKind codeKind = parseKind(kind == null ? "sql" : kind);
    String text = readCode();
    if (text == null) {
      text = codeKind == CodeKind.SQL ? DemoServer.DEMO_SQL : DemoServer.DEMO_SCALA;
      if (codeKind != CodeKind.SQL && codeKind != CodeKind.SPARK) {
        throw new UsageException("give the " + codeKind.wireName() + " code to run");
      }
    }
    if (text.isBlank()) {
      throw new UsageException("the code to run is empty");
    }
    Duration timeout =
        seconds(
            firstNonBlank(requestTimeout, env.get("LIVY_REQUESTS_TIMEOUT"), "60"),
            "request timeout (LIVY_REQUESTS_TIMEOUT)");
    if (olderThanMinutes < 0) {
      throw new UsageException("--older-than must not be negative");
    }
    if (cleanPrefix != null && cleanPrefix.isEmpty()) {
      throw new UsageException("--clean-prefix needs a prefix: it chooses whose sessions go");
    }
    if ((dryRun || olderThanMinutes != 60) && cleanPrefix == null) {
      throw new UsageException("--dry-run and --older-than go with --clean-prefix");
    }
    if (timeoutSeconds < 1) {
      throw new UsageException("--timeout must be at least 1 second");
    }
    SessionSpec.Builder spec = SessionSpec.builder().kind(codeKind);
    try {
      String prefix = firstNonBlank(namePrefix, env.get("LIVY_SESSION_NAME_PREFIX"), null);
      if (prefix != null) {
        spec.namePrefix(prefix.strip());
      }
      spec.conf(parseConf(firstNonBlank(conf, env.get("LIVY_SPARK_CONF"), null)));
      String deps = firstNonBlank(pyFiles, env.get("LIVY_SPARK_DEPENDENCIES"), null);
      if (deps != null) {
        spec.pyFiles(
            Arrays.stream(deps.split(",")).map(String::strip).filter(d -> !d.isEmpty()).toList());
      }
      if (sharedSession != null) {
        if (!fabric) {
          throw new UsageException("--shared-session needs the fabric backend");
        }
        if (deps != null) {
          throw new UsageException(
              "a shared session takes no Python dependencies"
                  + " (LIVY_SPARK_DEPENDENCIES); unset them or drop --shared-session");
        }
        spec.sharedSession(sharedSession.strip());
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return new Settings(
        uri,
        new Code(codeKind, text),
        spec.build(),
        timeout,
        fabric,
        token == null ? null : token.strip());
  }

  private String readCode() throws UsageException {
    if (file != null && code != null) {
      throw new UsageException("give the code or --file, not both");
    }
    try {
      if (file != null) {
        return Files.readString(file, StandardCharsets.UTF_8);
      }
      if ("-".equals(code)) {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UsageException("cannot read the code: " + e.getMessage());
    }
    return code;
  }

  private static CodeKind parseKind(String k) throws UsageException {
    String lower = k.strip().toLowerCase(Locale.ROOT);
    if (lower.equals("scala")) {
      return CodeKind.SPARK;
    }
    return CodeKind.fromWireName(lower)
        .orElseThrow(
            () ->
                new UsageException("unknown kind '" + k + "'; use spark, pyspark, sparkr or sql"));
  }

  private static Duration seconds(String value, String what) throws UsageException {
    try {
      double s = Double.parseDouble(value.strip());
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(Math.round(s * 1000));
    } catch (NumberFormatException e) {
      throw new UsageException(what + " must be a positive number of seconds, was '" + value + "'");
    }
  }

  static Map<String, String> parseConf(String json) throws UsageException {
    if (json == null) {
      return Map.of();
    }
    try {
      Map<?, ?> raw = JSON.readValue(json, Map.class);
      Map<String, String> conf = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : raw.entrySet()) {
        Object v = e.getValue();
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
          // Fabric's environmentDetails is a JSON string inside conf
          v = JSON.writeValueAsString(v);
        }
        conf.put(String.valueOf(e.getKey()), String.valueOf(v));
      }
      return conf;
    } catch (IOException e) {
      throw new UsageException(
          "Spark conf (--conf or LIVY_SPARK_CONF) is not a JSON object: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  private static String firstNonBlank(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return fallback;
  }
}
