package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Cluster;
import io.loomotp.cluster.Global;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Cluster panel against two nodes of one cluster in this JVM (JGroups on loopback): the members, the global names
 * and the pg groups, each pid with its node, through the {@link ClusterInfo} the test hands the observer, as an
 * application that joined the cluster does; and the panel of a node in no cluster says so. Takes the Cluster panel's
 * screenshot for docs/observer.md, as {@link ObserverBrowserTest} takes the others.
 */
class ObserverClusterTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    /** The observer's view of a cluster, as docs/observer.md writes it. */
    static ClusterInfo info(Cluster cluster) {
        return new ClusterInfo() {
            @Override
            public Map<String, Pid> globalNames() {
                Map<String, Pid> names = new TreeMap<>();
                for (String n : cluster.global().registeredNames()) {
                    Pid p = cluster.global().whereis(n);
                    if (p != null) {
                        names.put(n, p);
                    }
                }
                return names;
            }

            @Override
            public Map<String, List<Pid>> groups() {
                Map<String, List<Pid>> groups = new TreeMap<>();
                for (String g : cluster.pg().whichGroups()) {
                    groups.put(g, cluster.pg().members(g));
                }
                return groups;
            }

            @Override
            public String nodeOf(Pid pid) {
                return Global.nodeName(pid);
            }
        };
    }

    @Test
    void clusterPanel_listsTheNodes_theGlobalNames_andTheGroups_eachPidWithItsNode() throws Exception {
        LoopbackPair pair = LoopbackPair.of("loomotp-observer", "observer-test-secret", Duration.ofSeconds(1));
        try (Node n1 = Node.create("n1"); Node n2 = Node.create("n2");
             Cluster c1 = Cluster.join(n1, pair.first());
             Cluster c2 = Cluster.join(n2, pair.second());
             Observer observer = Observer.start(n1, ObserverOptions.defaults().withCluster(info(c1)))) {
            until(() -> c1.nodes().contains("n2") && c2.nodes().contains("n1"), "n1 and n2 to see each other");
            // given: a global name and a group member on each node
            Pid here = n1.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(5)));
            Pid there = n2.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(5)));
            assertThat(c1.global().register("ticket_office", here)).isTrue();
            assertThat(c2.global().register("printer", there)).isTrue();
            c1.pg().join("workers", here);
            c2.pg().join("workers", there);
            until(() -> c1.global().registeredNames().containsAll(List.of("ticket_office", "printer"))
                    && c1.pg().members("workers").size() == 2, "n1 to see both names and both members");

            Pid thereFromN1 = c1.global().whereis("printer"); // a pid prints as the node that holds it numbers it

            // when
            String json = get(observer, "/api/cluster");

            // then: n1's own pid can be opened on this page, n2's is shown with its node
            assertThat(json).startsWith("{\"clustered\":true,\"self\":\"n1\",\"nodes\":[\"n2\"],"
                    + "\"namesAndGroups\":true,\"globalNames\":[");
            assertThat(json).contains("{\"name\":\"printer\",\"pid\":\"" + js(thereFromN1) + "\",\"node\":\"n2\","
                    + "\"local\":false}", "{\"name\":\"ticket_office\",\"pid\":\"" + js(here) + "\",\"node\":\"n1\","
                    + "\"local\":true}", "\"groups\":[{\"group\":\"workers\",\"members\":[");

            ChromeDriver browser = Browser.start();
            try {
                browser.get(observer.url() + "#/cluster");
                WebDriverWait wait = new WebDriverWait(browser, BOUND);
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cluster-summary"),
                        "Node n1, connected to 1 other node."));
                assertThat(browser.findElements(By.cssSelector("#cluster-nodes li")).stream()
                        .map(e -> e.getAttribute("data-node")).toList()).containsExactly("n1", "n2");
                assertThat(browser.findElement(By.cssSelector("#cluster-names tr[data-name='ticket_office'] a.pid"))
                        .getText()).isEqualTo(here.toString());
                assertThat(browser.findElement(By.cssSelector("#cluster-names tr[data-name='printer'] .located"))
                        .getText()).isEqualTo(thereFromN1 + " n2");
                assertThat(browser.findElements(By.cssSelector("#cluster-groups tr[data-group='workers'] .located"))
                        .stream().map(e -> e.getAttribute("data-node")).sorted().toList()).containsExactly("n1", "n2");
                Path shots = Path.of(System.getProperty("observer.screenshots", "target/observer-screenshots"));
                Files.createDirectories(shots);
                Files.write(shots.resolve("observer-cluster.png"), browser.getScreenshotAs(OutputType.BYTES));
                Browser.click(wait, By.cssSelector("#cluster-names tr[data-name='ticket_office'] a.pid"));
                wait.until(ExpectedConditions.textToBe(By.id("proc-title"), here.toString()));
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void clusterPanel_onANodeInNoCluster_saysSo() throws Exception {
        try (Node alone = Node.create("alone"); Observer observer = Observer.start(alone)) {
            assertThat(get(observer, "/api/cluster")).isEqualTo("{\"clustered\":false}");
        }
    }

    private static String get(Observer observer, String path) throws IOException, InterruptedException {
        URI url = observer.url();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + url.getHost() + ":"
                            + url.getPort() + path)).header("X-Observer-Token", url.getQuery().substring(6))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r.body();
        }
    }

    /** A pid as the observer's JSON writes it (safe inside HTML). */
    private static String js(Pid pid) {
        return pid.toString().replace("<", "\\u003c").replace(">", "\\u003e");
    }

    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + BOUND.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
