package io.loomotp.telecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.application.Applications;
import io.loomotp.runtime.event.Alarms;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/bsc's Prometheus endpoint, scraped as Prometheus would while calls are made. On the test kit: the application is
 * stopped at the end, and the leak check shows that it left nothing alive. On a busy machine a set-up now and then
 * waits past its maximum time and is rejected, which the regulator tells in a WARN line: kept and checked
 * ({@link RejectionLines.ByChance}).
 */
// ByChance first: its capture ends after the kit's extension has closed the node, so the line the regulator writes as
// it closes is kept too
@ExtendWith(RejectionLines.ByChance.class)
@LoomOtpTest
class MetricsEndpointTest {
    @Test
    void scrape_servesTheNodesMetersTheAlarmsAndTheSetUpQueue_inPrometheusText(Node node, TestKit kit,
            @TempDir Path dir) throws Exception {
        Bscs.Running bsc = Bscs.start(node, dir, Map.of("phones", "50", "calls_per_second", "200"));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(node, bsc.app().sampler(),
                bsc.app().component().admission(), 0)) {
            // the node's alarm manager, which the endpoint starts when the node has none, is the node's (as SASL's
            // alarm_handler is no application's but SASL's): it outlives bsc
            kit.allowAlive(node.whereis(Alarms.NAME));
            Bscs.waitFor(() -> bsc.load().stats().setUp.get() >= 20, Duration.ofSeconds(30), "20 calls set up");
            assertThat(endpoint.url()).startsWith("http://127.0.0.1:").endsWith("/metrics");

            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/plain"));
            String body = r.body();
            assertThat(body).contains("# TYPE loomotp_processes gauge", "loomotp_processes{node=\"test\"}",
                    "loomotp_messages_in_total{node=\"test\"}",
                    "loomotp_process_mailbox{node=\"test\",process=\"frequency\"}",
                    "loomotp_regulator_admitted_total{queue=\"call_setup\"}",
                    "loomotp_alarms_raised{alarm=\"{long_mailbox, frequency}\",node=\"test\"}",
                    "loomotp_nodes_down{node=\"test\"}");
            // the controllers call the frequency server: those calls are timed, one in 16
            Bscs.waitFor(() -> scrape(endpoint).contains("loomotp_call_latency_seconds_count{node=\"test\","
                    + "outcome=\"reply\"}"), Duration.ofSeconds(10), "a timed call");
        }
        Bscs.stopLoad(bsc);
        assertThat(Applications.stop(node, "bsc")).isTrue();
    }

    private static String scrape(MetricsEndpoint endpoint) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url())).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
