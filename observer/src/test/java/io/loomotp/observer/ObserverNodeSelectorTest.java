package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.Cluster;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The node selector in headless Chromium against a live cluster of two nodes in this JVM (JGroups on loopback), each
 * with its application and its observer: the page of n1 lists both nodes; selecting n2 shows n2's processes (one
 * registered only there), its tree, its process pages; a kill there from n1's page makes n2's supervisor's restart
 * visible; a trace of n2's process streams its lines back to n1's page and stops at its limit; a node not in the
 * cluster is one line; and when n2 leaves, the page says so in one line and shows n1 again. The last case runs last:
 * it takes n2 out of the cluster. Takes the selector's screenshot for docs/observer.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserverNodeSelectorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ObservedNode n1;
    private static ObservedNode n2;
    private static Cluster c1;
    private static Cluster c2;
    private static Pid onlyThere;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        LoopbackPair pair = LoopbackPair.of("loomotp-observer-selector", "observer-selector-secret",
                Duration.ofSeconds(1));
        n1 = new ObservedNode("n1");
        n2 = new ObservedNode("n2");
        c1 = Cluster.join(n1.node, pair.first());
        c2 = Cluster.join(n2.node, pair.second());
        until(() -> c1.nodes().contains("n2") && c2.nodes().contains("n1"), "n1 and n2 to see each other");
        onlyThere = n2.node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(5)));
        n2.node.register("only_on_n2", onlyThere);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        for (AutoCloseable c : new AutoCloseable[] {c2, c1, n2, n1}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
    }

    /** n1's page at {@code hash}, showing {@code node}. */
    private static void open(String hash, String node) {
        browser.get(n1.observer.url() + "#/" + hash);
        waiting().until(d -> new Select(d.findElement(By.id("node-select"))).getOptions().size() == 2);
        new Select(browser.findElement(By.id("node-select"))).selectByValue(node);
        waiting().until(ExpectedConditions.textToBe(By.id("node-shown"),
                node.equals("n1") ? "showing node n1" : "showing node " + node + " (through n1)"));
    }

    private static final By COUNTER_PID = By.cssSelector(".tree-node[data-id='counter'] > .row .pid");

    private static WebElement counterPidLink() {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(COUNTER_PID));
    }

    private static List<String> filteredNames(String filter) {
        WebElement f = browser.findElement(By.id("proc-filter"));
        f.clear();
        f.sendKeys(filter);
        return waiting().until(d -> {
            List<String> names = d.findElements(By.cssSelector("#proc-table tbody tr td:nth-child(2)")).stream()
                    .map(WebElement::getText).toList();
            String range = d.findElement(By.id("proc-range")).getText();
            // the filter has been applied once the range counts only what matches it
            return range.endsWith(" of " + names.size()) && names.stream().allMatch(n -> n.contains(filter))
                    ? names : null;
        });
    }

    @Test
    @Order(1)
    void selector_listsBothNodes_thisNodeFirst() {
        browser.get(n1.observer.url() + "#/node");

        List<String> options = waiting().until(d -> {
            List<String> o = new Select(d.findElement(By.id("node-select"))).getOptions().stream()
                    .map(e -> e.getAttribute("value")).toList();
            return o.size() == 2 ? o : null;
        });

        assertThat(options).containsExactly("n1", "n2");
        assertThat(new Select(browser.findElement(By.id("node-select"))).getFirstSelectedOption().getText())
                .isEqualTo("n1 (this node)");
        waiting().until(ExpectedConditions.textToBe(By.id("node-shown"), "showing node n1"));
    }

    @Test
    @Order(2)
    void selectingTheOtherNode_showsItsProcesses() {
        // given: n1's own table has no such process
        open("processes", "n1");
        assertThat(filteredNames("only_on_n2")).isEmpty();

        // when
        new Select(browser.findElement(By.id("node-select"))).selectByValue("n2");
        waiting().until(ExpectedConditions.textToBe(By.id("node-shown"), "showing node n2 (through n1)"));

        // then: n2's table, and its pid as n2 prints it opens n2's process page
        assertThat(filteredNames("only_on_n2")).containsExactly("only_on_n2");
        Browser.click(waiting(), By.cssSelector("#proc-table tbody tr[data-pid='" + onlyThere + "'] a.pid"));
        waiting().until(ExpectedConditions.textToBe(By.id("proc-title"), "only_on_n2 " + onlyThere));
        assertThat(browser.findElement(By.id("proc-node")).getText()).isEqualTo("on node n2");
        waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));
    }

    @Test
    @Order(3)
    void kill_ofAProcessOfTheOtherNode_showsItsSupervisorsRestart() throws IOException {
        // given: n2's tree, and its counter's page opened from it
        open("apps", "n2");
        Pid before = n2.counter();
        Pid n1Counter = n1.counter();
        waiting().until(d -> counterPidLink().getText().equals(before.toString()));
        Path shots = Path.of(System.getProperty("observer.screenshots", "target/observer-screenshots"));
        Files.createDirectories(shots);
        Files.write(shots.resolve("observer-node-selector.png"), browser.getScreenshotAs(OutputType.BYTES));
        Browser.click(waiting(), COUNTER_PID);
        waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));

        // when: kill, confirmed, on n2
        browser.findElement(By.id("act-kill")).click();
        assertThat(waiting().until(ExpectedConditions.alertIsPresent()).getText())
                .isEqualTo("Kill " + before + "? The kill signal cannot be trapped. (on node n2)");
        browser.switchTo().alert().accept();
        waiting().until(ExpectedConditions.textToBe(By.id("action-result"), "kill sent to " + before));
        Browser.click(waiting(), By.cssSelector("nav a[data-view='apps']"));

        // then: n2's supervisor restarted it, the page shows the new pid and counted the restart; n1's is untouched
        String after = waiting().until(d -> {
            String now = counterPidLink().getText();
            return now.equals(before.toString()) ? null : now;
        });
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(".tree-node[data-id='counter']"),
                "data-restarts", "1"));
        assertThat(after).isEqualTo(n2.counter().toString());
        assertThat(n1.counter()).isEqualTo(n1Counter);
    }

    @Test
    @Order(4)
    void trace_ofAProcessOfTheOtherNode_streamsItsLinesToThisPage_andStopsAtItsLimit() {
        // given: n2's counter's page, a limit of 3 lines
        Pid counter = waiting().until(d -> n2.counter());
        open("processes", "n2");
        browser.executeScript("location.hash = arguments[0]", "#/process/" + counter); // the page keeps n2 selected
        waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));
        WebElement limit = browser.findElement(By.id("trace-count"));
        limit.clear();
        limit.sendKeys("3");

        // when: trace on from n1's page, and casts on n2
        browser.findElement(By.id("act-trace-on")).click();
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBe(By.id("action-result"), "tracing counter " + counter
                + " of n2 (limit: 3 lines)"));
        waiting().until(ExpectedConditions.textToBe(By.id("proc-traced"), "true"));
        CounterRef ref = CounterRef.of(counter);
        for (int i = 0; i < 6; i++) {
            ref.inc();
        }
        assertThat(ref.get()).isGreaterThanOrEqualTo(6);
        browser.findElement(By.cssSelector("nav a[data-view='traces']")).click();

        // then: three of n2's lines on n1's page, then off at the limit
        String off = "tracing counter " + counter + " of n2 off (limit of 3 lines reached) after 3 lines";
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-lines"), off));
        String all = browser.findElement(By.id("trace-lines")).getText();
        String text = all.substring(all.lastIndexOf("tracing counter " + counter + " of n2 on (limit: 3 lines)"));
        assertThat(Arrays.stream(text.split("\n")).filter(l -> l.startsWith("*DBG*")).toList()).as(text)
                .hasSize(3).startsWith("*DBG* counter got cast inc()");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-sessions"),
                "off: limit of 3 lines reached"));
        assertThat(browser.findElement(By.cssSelector("#trace-sessions td[data-node='n2']")).getText())
                .isEqualTo("counter " + counter + " of n2");
    }

    @Test
    @Order(5)
    void aNodeNotInTheCluster_isOneLine() throws Exception {
        HttpResponse<String> r = n1.http.send(HttpRequest.newBuilder(URI.create(n1.base
                        + "/api/processes?node=n9")).header("X-Observer-Token", n1.token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("node n9 is not in the cluster of n1 (connected: n2)\n");
    }

    @Test
    @Order(6)
    void theSelectedNodeGoingAway_isOneLine_andThePageShowsThisNodeAgain() {
        // given: n2's process table on n1's page
        open("processes", "n2");
        assertThat(filteredNames("only_on_n2")).containsExactly("only_on_n2");

        // when: n2 leaves the cluster
        c2.close();
        c2 = null;

        // then: one line, and n1's own panels again
        WebElement lost = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("node-lost")));
        assertThat(lost.getText()).contains("n2").endsWith("Showing n1 again.").doesNotContain("\n")
                .doesNotContain("Exception");
        waiting().until(ExpectedConditions.textToBe(By.id("node-shown"), "showing node n1"));
        assertThat(filteredNames("only_on_n2")).isEmpty();
    }

    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + WAIT.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
