package io.loomotp.telecom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.loomotp.metrics.LoomOtpMetrics;
import io.loomotp.metrics.NodeDownAlarms;
import io.loomotp.metrics.NodeSampler;
import io.loomotp.metrics.Threshold;
import io.loomotp.metrics.ThresholdAlarms;
import io.loomotp.metrics.regulation.QueueThresholds;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.event.Alarms;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code bin/bsc}'s metrics for Prometheus: Micrometer's Prometheus registry, with the node's meters
 * ({@link LoomOtpMetrics}, calls timed one in {@value #CALLS_ONE_IN}), threshold alarms on the frequency server's
 * mailbox, the longest mailbox, restarts and call set-up's rejections ({@code {queue_rejecting, call_setup}}: the
 * overload alarm), the remote-node alarms, and call set-up's regulator, served at
 * {@code /metrics} by the JDK's HTTP server on the loopback interface only.
 *
 * <p>It owns the registry, the binders and the HTTP server; it reads the application's sampler, which it does not
 * own. Scrapes are served one at a time on one virtual thread.
 */
public final class MetricsEndpoint implements AutoCloseable {
    static final int CALLS_ONE_IN = 16;
    /** The alarm {@code {queue_rejecting, call_setup}}: rejections a second above which it raises. */
    static final double REJECTING_ABOVE = 10;
    /** ... and at or below which it clears. */
    static final double REJECTING_CLEARS_AT = 1;
    /** ... each for at least this long. */
    static final Duration REJECTING_FOR = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LoomOtpMetrics metrics;
    private final ThresholdAlarms alarms;
    private final NodeDownAlarms nodesDown;
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(Node node, NodeSampler sampler, CallAdmission admission, int port) throws IOException {
        if (node.whereis(Alarms.NAME) == null) {
            // the threshold alarms go to alarm_handler, as every alarm does; the sample's Main starts it supervised
            // (SaslApplication), a test that starts only bsc gets one here
            Alarms.start(node);
        }
        metrics = LoomOtpMetrics.builder(sampler).track("frequency").track(FreqOverload.NAME)
                .timeCalls(CALLS_ONE_IN).build();
        metrics.bindTo(registry);
        List<Threshold> thresholds = new ArrayList<>(List.of(
                Threshold.mailbox("frequency", 1_000, 100, Duration.ofSeconds(2)),
                Threshold.longestMailbox(500, 50, Duration.ofSeconds(2)),
                Threshold.restartsPerMinute(2, 0)));
        if (admission.regulated()) {
            // the edge is turning calls away: raised after a second of more than 10 rejections a second, cleared
            // after a second of at most 1 (one in a sampling period of 250 ms is 4 a second: the band holds it)
            thresholds.add(QueueThresholds.rejecting(admission.regulator(), CallAdmission.QUEUE,
                    REJECTING_ABOVE, REJECTING_CLEARS_AT, REJECTING_FOR));
        }
        alarms = ThresholdAlarms.install(sampler, thresholds);
        alarms.bindTo(registry);
        nodesDown = NodeDownAlarms.install(sampler);
        nodesDown.bindTo(registry);
        if (admission.regulated()) {
            admission.regulator().bindTo(registry);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/metrics", this::scrape);
        executor = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("bsc-metrics").factory());
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Serves the node's metrics on {@code port} of the loopback interface (0: any free port).
     *
     * @throws IOException if the port cannot be had
     */
    public static MetricsEndpoint start(Node node, NodeSampler sampler, CallAdmission admission, int port)
            throws IOException {
        return new MetricsEndpoint(node, sampler, admission, port);
    }

    /** Where Prometheus scrapes: {@code http://127.0.0.1:<port>/metrics}. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        return "http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/metrics";
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Stops serving, and removes the meters and the alarms it raised. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        nodesDown.close();
        alarms.close();
        metrics.close();
        registry.close();
    }
}
