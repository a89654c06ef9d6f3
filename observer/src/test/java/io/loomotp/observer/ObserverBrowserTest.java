package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Pid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The observer's page in a real browser (headless Chromium) against a live node: the tree appears, a kill from the
 * process page shows the supervisor's restart, the process table sorts, and a trace switched on from the page streams
 * its lines and stops at its limit. Also takes the screenshots of docs/observer.md when
 * {@code -Dobserver.screenshots=<dir>} is given (target/observer-screenshots otherwise).
 */
class ObserverBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ObservedNode live;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        live = new ObservedNode("observed");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (live != null) {
            live.close();
        }
    }

    private static void open(String hash) {
        browser.get(live.observer.url() + "#/" + hash);
    }

    private static WebDriverWait waiting() {
        // the page re-renders its panels as data comes: an element found may go stale before it is read
        return (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
    }

    private static final By COUNTER_PID = By.cssSelector(".tree-node[data-id='counter'] > .row .pid");

    private static WebElement counterPidLink() {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(COUNTER_PID));
    }

    @Test
    void applications_eachWithItsOwnTree_thenTheTreesOutsideAnyApplication() {
        open("apps");

        WebElement counter = counterPidLink();

        assertThat(counter.getText()).isEqualTo(live.counter().toString());
        assertThat(browser.findElement(By.id("app-list")).getText()).isEqualTo("counters");
        // the application's box holds its tree, from its top supervisor down
        String app = "[data-app='counters'] ";
        assertThat(browser.findElement(By.cssSelector(app + "h3")).getText()).isEqualTo("counters application");
        assertThat(browser.findElement(By.cssSelector(app + "ul.tree > .tree-node")).getAttribute("data-id"))
                .isEqualTo("top");
        assertThat(browser.findElement(By.cssSelector(app + ".tree-node[data-id='top']")).getAttribute("data-kind"))
                .isEqualTo("supervisor");
        assertThat(browser.findElements(By.cssSelector(app + ".tree-node[data-id='workers'] .tree-node")))
                .hasSize(2);
        assertThat(browser.findElements(By.cssSelector(app + ".tree-node[data-id='loose']"))).isEmpty();
        // a supervisor no application started is drawn after the applications, under its own heading
        assertThat(browser.findElement(By.cssSelector("#trees h3.others")).getText())
                .isEqualTo("Supervision trees outside any application");
        assertThat(browser.findElements(By.cssSelector("[data-app=''] .tree-node[data-id='loose'] "
                + ".tree-node[data-id='spare']"))).hasSize(1);
    }

    @Test
    void kill_fromTheProcessPage_showsTheSupervisorsRestart() {
        // given: the tree seen once, and the counter's page opened from it
        open("apps");
        String before = counterPidLink().getText();
        int restartsBefore = Integer.parseInt(browser.findElement(By.cssSelector(".tree-node[data-id='counter']"))
                .getAttribute("data-restarts"));
        Browser.click(waiting(), COUNTER_PID);
        waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));

        // when
        browser.findElement(By.id("act-kill")).click();
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "kill sent"));
        browser.findElement(By.cssSelector("nav a[data-view='apps']")).click();

        // then: a new pid, and the page counted the restart
        String after = waiting().until(d -> {
            String now = counterPidLink().getText();
            return now.equals(before) ? null : now;
        });
        String restarts = waiting().until(d -> d.findElement(By.cssSelector(".tree-node[data-id='counter']"))
                .getAttribute("data-restarts"));
        assertThat(restarts).isEqualTo(String.valueOf(restartsBefore + 1));
        assertThat(after).isEqualTo(live.counter().toString());
    }

    @Test
    void processTable_sortsByTheColumnClicked() {
        Pid most = live.parkedWithMailbox(40);
        live.parkedWithMailbox(7);
        open("processes");
        WebElement mailbox = waiting().until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("th[data-sort='mailbox']")));

        // when: by name first, then by mailbox (descending), then again (ascending)
        browser.findElement(By.cssSelector("th[data-sort='name']")).click();
        waiting().until(ExpectedConditions.attributeContains(By.cssSelector("th[data-sort='name']"), "class",
                "sorted-desc"));
        mailbox.click();
        waiting().until(ExpectedConditions.attributeToBe(By.cssSelector("#proc-table tbody tr:first-child"),
                "data-pid", most.toString()));
        List<Integer> descending = waiting().until(d -> mailboxColumn());
        browser.findElement(By.cssSelector("th[data-sort='mailbox']")).click();
        waiting().until(ExpectedConditions.attributeContains(By.cssSelector("th[data-sort='mailbox']"), "class",
                "sorted-asc"));
        List<Integer> ascending = waiting().until(d -> {
            List<Integer> now = mailboxColumn();
            return now.getFirst() == 0 ? now : null;
        });

        // then
        assertThat(descending.getFirst()).isEqualTo(40);
        assertThat(descending).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(ascending).isSorted();
    }

    private static List<Integer> mailboxColumn() {
        return browser.findElements(By.cssSelector("#proc-table tbody td.mailbox")).stream()
                .map(e -> Integer.parseInt(e.getText().replace(",", ""))).toList();
    }

    @Test
    void trace_switchedOnFromThePage_streamsLinesAndStopsAtItsLimit() {
        // given: the counter's page, a limit of 5 lines
        Pid counter = waitForCounter();
        open("process/" + counter);
        waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));
        WebElement limit = browser.findElement(By.id("trace-count"));
        limit.clear();
        limit.sendKeys("5");

        // when: tracing on, and 12 casts (two lines each: the cast, the new state)
        browser.findElement(By.id("act-trace-on")).click();
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "tracing"));
        CounterRef ref = CounterRef.of(counter);
        for (int i = 0; i < 12; i++) {
            ref.inc();
        }
        assertThat(ref.get()).isGreaterThanOrEqualTo(12); // every cast handled before the call's reply
        browser.findElement(By.cssSelector("nav a[data-view='traces']")).click();

        // then: five lines, then the trace says it is off, and the sessions table says why
        String off = "off (limit of 5 lines reached) after 5 lines";
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-lines"), off));
        String all = waiting().until(d -> d.findElement(By.id("trace-lines")).getText());
        String text = all.substring(all.lastIndexOf("tracing counter " + counter + " on (limit: 5 lines)"));
        List<String> lines = Arrays.stream(text.split("\n")).filter(l -> l.startsWith("*DBG*")).toList();
        assertThat(lines).as(text).hasSize(5).allMatch(l -> l.startsWith("*DBG* counter "))
                .startsWith("*DBG* counter got cast inc()", "*DBG* counter new state Counter[count=1]");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-sessions"),
                "off: limit of 5 lines reached"));
        // the row names the process as the API does, its pid a link to its page (a new operator's finding: a bare pid)
        List<WebElement> targets = browser.findElements(By.xpath("//table[@id='trace-sessions']//td[a[@class='pid' "
                + "and text()='" + counter + "']]"));
        assertThat(targets).extracting(WebElement::getText).contains("counter " + counter);
    }

    @Test
    void log_switchedOnFromThePage_showsTheLastEvents_andOffDropsThem() {
        // given: a counter of this test's own, its page, a log of 3 events
        CounterRef logged = CounterRef.start(live.node, Counter::new);
        try {
            open("process/" + logged.pid());
            waiting().until(ExpectedConditions.textToBe(By.id("proc-status"), "waiting"));
            WebElement size = browser.findElement(By.id("log-size"));
            size.clear();
            size.sendKeys("3");

            // when: log on (confirmed), then 5 casts and a call
            browser.findElement(By.id("act-log-on")).click();
            assertThat(waiting().until(ExpectedConditions.alertIsPresent()).getText())
                    .isEqualTo("Keep the last 3 events of " + logged.pid() + " (sys:log)?");
            browser.switchTo().alert().accept();
            waiting().until(ExpectedConditions.textToBe(By.id("action-result"), "logging the last 3 events of "
                    + logged.pid()));
            for (int i = 0; i < 5; i++) {
                logged.inc();
            }
            assertThat(logged.get()).isEqualTo(5);

            // then: the page (refreshed every 2 s) shows the last 3 events, the call among them
            String log = waiting().until(d -> {
                String text = d.findElement(By.id("proc-log")).getText();
                return text.contains("got call get()") ? text : null;
            });
            assertThat(log.split("\n")).as(log).hasSize(3).allMatch(l -> l.startsWith("*DBG* " + logged.pid() + " "))
                    .doesNotContain("*DBG* " + logged.pid() + " new state Counter[count=1]");

            // and off: the log is gone from the process and from the page
            browser.findElement(By.id("act-log-off")).click();
            waiting().until(ExpectedConditions.alertIsPresent()).accept();
            waiting().until(ExpectedConditions.textToBe(By.id("action-result"), "log of " + logged.pid() + " off"));
            waiting().until(ExpectedConditions.numberOfElementsToBe(By.id("proc-log"), 0));
            assertThat(io.loomotp.sys.Sys.getStatus(logged.pid()).debug()).noneMatch(d -> d.startsWith("log"));
        } finally {
            live.node.exit(logged.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    private static Pid waitForCounter() {
        return new WebDriverWait(browser, WAIT).until(d -> live.counter());
    }

    @Test
    void screenshots_ofTheMainPages() throws IOException {
        Path dir = Path.of(System.getProperty("observer.screenshots", "target/observer-screenshots"));
        Files.createDirectories(dir);
        Pid counter = waitForCounter();
        for (int i = 0; i < 30; i++) {
            CounterRef.of(counter).inc();
        }
        live.parkedWithMailbox(25);
        io.loomotp.runtime.event.Alarms.set(live.node, "disk_almost_full", "/var at 93%");

        open("node");
        waiting().until(d -> d.findElements(By.cssSelector("#chart-messages canvas")).size() == 1);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("card-node"), "observed"));
        shoot(dir, "node");

        open("apps");
        counterPidLink();
        shoot(dir, "applications");

        open("processes");
        waiting().until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#proc-table tbody tr"), 3));
        shoot(dir, "processes");

        CounterRef.of(counter).crash(); // a crash report and a supervisor report for the Alarms panel
        Pid restarted = new WebDriverWait(browser, WAIT).until(d -> {
            Pid now = live.counter();
            return now != null && !now.equals(counter) ? now : null;
        });
        open("process/" + restarted);
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("proc-state"), "Counter[count="));
        shoot(dir, "process");

        browser.findElement(By.id("act-trace-on")).click(); // the default limit, 20 lines
        waiting().until(ExpectedConditions.alertIsPresent()).accept();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "tracing"));
        for (int i = 0; i < 3; i++) {
            CounterRef.of(restarted).inc();
        }
        open("traces");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-lines"), "count=3]"));
        shoot(dir, "traces");

        open("alarms");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("alarms"), "disk_almost_full"));
        waiting().until(d -> !d.findElements(By.cssSelector("details.report[open]")).isEmpty());
        shoot(dir, "alarms");

        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".png")).count()).isGreaterThanOrEqualTo(6);
    }

    private static void shoot(Path dir, String name) throws IOException {
        Files.write(dir.resolve("observer-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
