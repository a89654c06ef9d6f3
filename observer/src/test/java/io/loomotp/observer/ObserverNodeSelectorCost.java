package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Cluster;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What the node selector costs, measured (docs/observer.md, "Node selector"): a page of the process table (50 rows,
 * sorted by mailbox) and a process page of node n2, asked of n2's own observer and of n1's with {@code node=n2}, with
 * N idle processes on n2; the median and 90th percentile of the time to the page, and the JVM's CPU time per request
 * (both nodes are in this JVM, so the difference between the two paths is what the remote path adds, on both sides).
 * Runs only with {@code -Dobserver.measure=true}; writes its table to target/observer-node-selector-cost.md.
 */
@EnabledIfSystemProperty(named = "observer.measure", matches = "true")
class ObserverNodeSelectorCost {
    private static final int ROUNDS = 21;

    @Test
    void processTable_ofAnotherNode_timeAndCpu() throws Exception {
        LoopbackPair pair = LoopbackPair.of("loomotp-observer-cost", "observer-cost-secret", Duration.ofSeconds(2));
        StringBuilder out = new StringBuilder("| processes on n2 | request | n2's own page: median / p90 ms | "
                + "n1's page, node=n2: median / p90 ms | CPU ms per request, own / through n1 | body bytes |\n"
                + "|---:|---|---:|---:|---:|---:|\n");
        try (ObservedNode n1 = new ObservedNode("n1"); ObservedNode n2 = new ObservedNode("n2");
             Cluster c1 = Cluster.join(n1.node, pair.first());
             Cluster c2 = Cluster.join(n2.node, pair.second())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!(c1.nodes().contains("n2") && c2.nodes().contains("n1"))) {
                assertThat(System.nanoTime()).as("n1 and n2 to see each other").isLessThan(deadline);
                LockSupport.parkNanos(20_000_000L);
            }
            List<Pid> parked = new ArrayList<>();
            for (int n : new int[] {1_000, 10_000, 50_000}) {
                while (parked.size() < n) {
                    parked.add(n2.node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(10))));
                }
                String table = "/api/processes?sort=mailbox&dir=desc&size=50";
                out.append(row(n, "process table, 50 rows", n1, n2, table));
                out.append(row(n, "process page (counter)", n1, n2, "/api/process?pid=" + n2.counter()));
            }
        }
        Path file = Path.of("target/observer-node-selector-cost.md");
        Files.writeString(file, out);
        System.out.println(out);
    }

    private static String row(int n, String what, ObservedNode n1, ObservedNode n2, String path) throws Exception {
        String sep = path.contains("?") ? "&" : "?";
        long[] own = new long[ROUNDS];
        long[] through = new long[ROUNDS];
        long ownCpu = 0;
        long throughCpu = 0;
        int bytes = 0;
        for (int i = -3; i < ROUNDS; i++) { // three rounds to warm up, then interleaved
            long cpu = cpu();
            long t = System.nanoTime();
            String a = get(n2, path);
            long ownNanos = System.nanoTime() - t;
            long ownCpuNanos = cpu() - cpu;
            cpu = cpu();
            t = System.nanoTime();
            String b = get(n1, path.replace("pid=<", "pid=%3C").replace(">", "%3E") + sep + "node=n2");
            long throughNanos = System.nanoTime() - t;
            long throughCpuNanos = cpu() - cpu;
            if (i >= 0) {
                own[i] = ownNanos;
                through[i] = throughNanos;
                ownCpu += ownCpuNanos;
                throughCpu += throughCpuNanos;
                bytes = b.length();
                assertThat(b.length()).as("the same page both ways, within the rates that change").isBetween(
                        a.length() * 9 / 10, a.length() * 11 / 10);
            }
        }
        Arrays.sort(own);
        Arrays.sort(through);
        return String.format("| %,d | %s | %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %,d |%n", n, what,
                ms(own[ROUNDS / 2]), ms(own[ROUNDS * 9 / 10]), ms(through[ROUNDS / 2]), ms(through[ROUNDS * 9 / 10]),
                ms(ownCpu / ROUNDS), ms(throughCpu / ROUNDS), bytes);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String get(ObservedNode o, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = o.http.send(HttpRequest.newBuilder(URI.create(o.base + path
                        .replace("<", "%3C").replace(">", "%3E"))).header("X-Observer-Token", o.token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
