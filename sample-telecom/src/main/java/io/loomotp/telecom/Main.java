package io.loomotp.telecom;

import io.loomotp.Restart;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.ApplicationReport;
import io.loomotp.runtime.supervisor.Durations;
import io.loomotp.observer.Observer;
import io.loomotp.sys.TracingSys;
import io.loomotp.sys.Version;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/bsc}: starts the base-station controller as a permanent application, runs a load of simulated phones
 * making calls, prints live figures once a second, and opens the operator's console on the same node.
 */
@Command(name = "bsc", mixinStandardHelpOptions = true, versionProvider = Main.VersionText.class,
        description = "The base-station controller of Designing for Scalability with Erlang/OTP, on Loom OTP.")
public final class Main implements Callable<Integer> {

    @Option(names = "--phones", description = "simulated phones (default: 200, or bsc.phones); in cluster mode, on "
            + "each node, numbered from 100000 times the node's place in the distribution")
    Integer phones;

    @Option(names = "--rate", description = "call attempts a second, all phones (of the node) together (default: "
            + "150, or bsc.calls_per_second)")
    Integer rate;

    @Option(names = "--setup-rate", description = "call set-ups admitted a second by the set-up queue, lowered "
            + "under stress; 0: not regulated (default: 1000, or bsc.setup_rate)")
    Double setupRate;

    @Option(names = "--setup-max-time", description = "the longest a set-up waits for its turn before the phone "
            + "hears busy, such as 100ms (default: 100ms, or bsc.setup_max_time)")
    String setupMaxTime;

    @Option(names = "--metrics-port", description = "serve the metrics for Prometheus at "
            + "http://127.0.0.1:<port>/metrics (default: 0, any free port; printed at start)")
    int metricsPort;

    @Option(names = "--frequencies", description = "the frequency pool, such as 10-29 (default: 10-29, or "
            + "bsc.frequencies)")
    String frequencies;

    @Option(names = "--duration", description = "run this long, such as 10s, then stop (default: until quit)")
    String duration;

    @Option(names = "--no-console", description = "no console: for scripts (use with --duration)")
    boolean noConsole;

    @Option(names = "--chaos", paramLabel = "RATE", converter = ChaosCommand.RateOrOff.class,
            description = "kill random phone controllers, frequency and freq_overload at this rate, such as 2/s or "
                    + "30/m, within the supervisors' restart intensities (the console's chaos command changes it)")
    Chaos.Rate chaos;

    @Option(names = "--node", description = "cluster mode: run as this node of the distribution, such as n1 "
            + "(docs/telecom.md, \"Cluster mode\")")
    String nodeName;

    @Option(names = "--distributed", description = "cluster mode: bsc's distribution in OTP's notation (default: "
            + "{bsc, 1000, [n1, {n2, n3}]}); node i listens on port 7801+i")
    String distributed = "{bsc, 1000, [n1, {n2, n3}]}";

    @Option(names = "--port", description = "cluster mode: listen on this port instead of 7801+i (for a node "
            + "restarted while the others still hold its old connection)")
    Integer port;

    @Option(names = "--base-port", description = "cluster mode: node i of the distribution listens on this port + i "
            + "(default: 7801)")
    int basePort = ClusterMode.BASE_PORT;

    @Option(names = "--sync-timeout", description = "cluster mode: how long to wait for the other nodes at start "
            + "(sync_nodes_timeout; default: 5s)")
    String syncTimeout = "5s";

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final BufferedReader in;

    /** What {@code -V} prints: the version as built, {@code Loom OTP 0.1.0-SNAPSHOT}. */
    static final class VersionText implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Version.text()};
        }
    }

    Main(PrintStream out, BufferedReader in) {
        this.out = out;
        this.in = in;
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8)));
        System.exit(new CommandLine(main).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // flags are the last layer of the configuration: they override config/bsc.properties and -Dbsc.*
        if (phones != null) {
            System.setProperty("bsc.phones", String.valueOf(phones));
        }
        if (rate != null) {
            System.setProperty("bsc.calls_per_second", String.valueOf(rate));
        }
        if (frequencies != null) {
            System.setProperty("bsc.frequencies", frequencies);
        }
        if (setupRate != null) {
            System.setProperty("bsc.setup_rate", String.valueOf(setupRate));
        }
        if (setupMaxTime != null) {
            System.setProperty("bsc.setup_max_time", setupMaxTime);
        }
        Duration runFor = duration == null ? null : Durations.parse(duration);
        if (noConsole && runFor == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--no-console needs --duration");
        }

        if (nodeName != null && chaos != null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--chaos is for a single node: it goes "
                    + "without --node");
        }
        if (nodeName != null) {
            try {
                return new ClusterMode(out, nodeName, distributed, port, basePort, Durations.parse(syncTimeout))
                        .run(in, runFor);
            } catch (IllegalArgumentException | io.loomotp.cluster.ClusterException e) {
                out.println("bsc: " + e.getMessage()); // an operator's mistake, or a cluster that did not form
                return 2;
            }
        }
        Node node = Node.create("bsc");
        TracingSys tools = TracingSys.install(node);
        Observer observer = Observer.start(node); // loopback, a random token: docs/observer.md
        node.start(new SaslApplication(), Restart.PERMANENT); // alarm_handler, supervised, as in a release
        BscApplication app = new BscApplication();
        node.start(app, Restart.PERMANENT);
        BscConfig config = app.component().config();
        Load load = Load.start(node, config, app.component().hlr());
        MetricsEndpoint metrics;
        try {
            metrics = MetricsEndpoint.start(node, app.sampler(), app.component().admission(), metricsPort);
        } catch (java.io.IOException e) {
            out.println("bsc: cannot serve metrics on port " + metricsPort + ": " + e.getMessage());
            observer.close();
            tools.close();
            node.stop();
            return 2;
        }
        Figures figures = new Figures(node, load, app.component().admission(), out, runFor);
        Chaos monkey = Chaos.on(node);
        figures.chaos(monkey);
        CompletableFuture<ApplicationReport> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return node.awaitStop();
            } catch (InterruptedException e) {
                return null;
            }
        });
        out.println(Version.text() + ": bsc started " + STARTED.format(Instant.now()));
        out.println("bsc: " + config.phones() + " phones, " + config.frequencies().size() + " frequencies, "
                + config.callsPerSecond() + " call attempts a second, " + (config.setUp().regulated()
                ? "set-up regulated at " + config.setUp().rate() + "/s, " + config.setUp().maxTime().toMillis()
                + " ms at most in its queue" : "set-up not regulated") + "; JVM " + ProcessHandle.current().pid()
                + " (bin/loomotp " + ProcessHandle.current().pid() + " tree, from another terminal)\nbsc: observer at "
                + observer.url() + "\nbsc: metrics for Prometheus at " + metrics.url());
        if (chaos != null && chaos.perSecond() > 0) {
            monkey.rate(chaos);
            out.println("bsc: chaos at " + chaos + ": killing a random phone controller, frequency or freq_overload, "
                    + "within the supervisors' restart intensities");
        }
        figures.start();

        boolean quit = false;
        if (!noConsole) {
            Console console = new Console(node, tools.control(), figures, monkey, out);
            quit = console.run(in, stopped);
            console.close();
            if (!quit && console.inputEnded() && runFor == null && !node.isClosed()) {
                // a script that forgot quit, or Ctrl-D: leave as quit does, rather than run until killed; with
                // --duration the run goes on for its time, as a script that feeds commands and lets it run asks
                out.println();
                out.println("bsc: end of input: leaving, as quit does (--duration keeps it running instead)");
                quit = true;
            }
        }
        if (!quit && !node.isClosed()) {
            try {
                ApplicationReport r = runFor == null ? stopped.get() : stopped.get(
                        Math.max(0, runFor.toMillis() - 0), TimeUnit.MILLISECONDS);
                if (r != null) {
                    figures.stop();
                    out.println("bsc stopped by itself:\n" + r.format());
                    return 1;
                }
            } catch (java.util.concurrent.TimeoutException timeUp) {
                // the duration is over
            }
        }
        if (node.isClosed()) {
            figures.stop();
            ApplicationReport r = stopped.getNow(null);
            out.println("bsc stopped by itself" + (r == null ? "" : ":\n" + r.format()));
            return 1;
        }
        monkey.close(); // no kill while the phones finish their calls: the summary then counts every one
        load.stop();
        boolean drained = load.awaitStopped(Duration.ofSeconds(20));
        figures.stop();
        out.println(figures.line());
        out.println(figures.summary() + (drained ? "" : " (some phones were still in a call)"));
        metrics.close();
        observer.close();
        tools.close();
        node.stop();
        return 0;
    }
}
