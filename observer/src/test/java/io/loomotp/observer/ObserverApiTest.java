package io.loomotp.observer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The observer's JSON API and actions over plain HTTP: paging and filtering, a pattern trace's limit. */
class ObserverApiTest {
    private static ObservedNode live;
    private static HttpClient http;
    private static String base;
    private static String token;

    @BeforeAll
    static void start() {
        live = new ObservedNode("api");
        http = live.http;
        base = live.base;
        token = live.token;
    }

    @AfterAll
    static void stop() {
        live.close();
    }

    private static HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("X-Observer-Token", token).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * A new user's findings on the page: a query's unknown parameter, a count over the page's maximum, a second trace
     * of a traced process, switching off what has ended, and a stop of a pattern trace that does not run.
     */
    @Test
    void operatorMistakes_oneLineEach_andNothingDoneThatWasNotAskedFor() throws Exception {
        HttpResponse<String> bogus = send("GET", "/api/processes?bogus=1");
        assertThat(bogus.statusCode()).isEqualTo(400);
        assertThat(bogus.body()).contains("/api/processes takes no parameter 'bogus'");
        // a parameter given twice is a mistake, not the last one silently; a negative trace position is refused (it
        // spun the stream's loop, sending keep-alives as fast as it could)
        HttpResponse<String> twice = send("GET", "/api/process?pid=" + enc("<0.1>") + "&pid=" + enc("<0.2>"));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).isEqualTo("pid is given twice: give each parameter once\n");
        HttpResponse<String> negative = send("GET", "/events/traces?after=-5");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).isEqualTo("after is 0 or more, not -5\n");
        HttpResponse<String> bogusOne = send("GET", "/api/process?pid=" + enc("<0.1>") + "&bogus=1");
        assertThat(bogusOne.statusCode()).isEqualTo(400);
        assertThat(bogusOne.body()).contains("/api/process takes no parameter 'bogus'");
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        String pid = enc(counter.pid().toString());
        try {
            assertThat(send("POST", "/api/process/action?action=trace-on&count=0&pid=" + pid).body())
                    .isEqualTo("count is 1 or more, not 0\n"); // said 'needs a limit' after 'count is 0 or more'
            assertThat(send("POST", "/api/process/action?action=trace-on&count=10001&pid=" + pid).body())
                    .contains("at most 10000 lines, not 10001");
            assertThat(send("POST", "/api/process/action?action=trace-on&count=99999999999&pid=" + pid).body())
                    .contains("count 99999999999 is too large");
            HttpResponse<String> on = send("POST", "/api/process/action?action=trace-on&count=2&pid=" + pid);
            assertThat(on.statusCode()).isEqualTo(200);
            HttpResponse<String> again = send("POST", "/api/process/action?action=trace-on&count=100&pid=" + pid);
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(again.body()).contains("is traced from this page already (limit: 2 lines)")
                    .contains("nothing was done");
            counter.inc();
            counter.inc(); // the second line reaches the limit: the trace ends by itself
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!send("GET", "/api/process?pid=" + pid).body().contains("\"traced\":false")) { // a poll, bounded
                assertThat(System.nanoTime()).as("the trace to end at its limit").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000);
            }
            assertThat(send("POST", "/api/process/action?action=trace-off&pid=" + pid).body())
                    .contains("is not traced from this page now").contains("nothing was done");
            assertThat(send("POST", "/api/trace/pattern/stop").body())
                    .contains("no pattern trace is running from this page: nothing was done");
        } finally {
            counter.stop();
        }
    }

    /**
     * A behaviour stuck in a handler does not answer the page's status request; the page then asks no more until
     * its mailbox has been empty, rather than adding a request to it at every refresh (a new user's finding).
     */
    @Test
    void process_ofAStuckBehaviour_theStatusRequestIsNotRepeated_soItsMailboxDoesNotGrow() throws Exception {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        io.loomotp.runtime.Pid stuck = io.loomotp.runtime.server.GenServer.start(live.node,
                new io.loomotp.runtime.server.ServerCallbacks<Object>() {
                    @Override
                    public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                        return request;
                    }

                    @Override
                    public void handleCast(Object state, Object message) throws Exception {
                        gate.await();
                    }
                }, Object::new, io.loomotp.runtime.server.StartOptions.defaults());
        try {
            io.loomotp.runtime.server.GenServer.cast(stuck, "hold");
            io.loomotp.runtime.server.GenServer.cast(stuck, "queued");
            String pid = enc(stuck.toString());
            assertThat(send("GET", "/api/process?pid=" + pid).body())
                    .contains("did not answer sys:get_status within 2 s").doesNotContain("Exception");
            int mailbox = live.node.counters(stuck).mailboxLength(); // the queued cast and the request
            for (int i = 0; i < 3; i++) {
                assertThat(send("GET", "/api/process?pid=" + pid).body()).contains("not asked again");
            }
            assertThat(live.node.counters(stuck).mailboxLength()).isEqualTo(mailbox);
        } finally {
            gate.countDown();
            io.loomotp.runtime.Process.exit(stuck, io.loomotp.runtime.ExitReason.KILL);
        }
    }

    @Test
    void processes_arePagedAndFiltered() throws Exception {
        for (int i = 0; i < 12; i++) {
            live.parkedWithMailbox(i);
        }

        HttpResponse<String> page = send("GET", "/api/processes?sort=mailbox&dir=desc&size=5&page=1");
        HttpResponse<String> named = send("GET", "/api/processes?filter=count&size=50");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"page\":1", "\"size\":5", "\"sort\":\"mailbox\"")
                .contains("\"mailbox\":6,").contains("\"mailbox\":2,").doesNotContain("\"mailbox\":7,");
        assertThat(named.body()).contains("\"total\":1,", "\"name\":\"counter\"");
    }

    @Test
    void processes_andTheTree_nameADynamicChildAsTheSupervisorsReportsDo() throws Exception {
        // given: an unregistered child of a SIMPLE_ONE_FOR_ONE supervisor, started with an argument
        var sup = io.loomotp.runtime.supervisor.Supervisor.start(live.node,
                () -> io.loomotp.runtime.supervisor.SupervisorSpec.of(
                        io.loomotp.runtime.supervisor.SupervisorFlags.of(io.loomotp.Strategy.SIMPLE_ONE_FOR_ONE),
                        io.loomotp.runtime.supervisor.ChildSpec.worker("phone",
                                args -> CounterRef.startLink(Counter::new).pid())));
        try {
            var phone = io.loomotp.runtime.supervisor.Supervisor.startChild(sup, java.util.List.of("100003"));
            // then: the table (filtered by that name), the process page and the tree all say phone[100003]
            assertThat(send("GET", "/api/processes?filter=" + enc("phone[1") + "&size=50").body())
                    .contains("\"total\":1,", "\"name\":\"phone[100003]\"");
            assertThat(send("GET", "/api/process?pid=" + enc(phone.toString())).body())
                    .contains("\"name\":\"phone[100003]\"");
            assertThat(send("GET", "/api/apps").body()).contains("\"id\":\"phone[100003]\"");
        } finally {
            io.loomotp.runtime.Process.exit(sup, io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    @Test
    void apps_mapEachApplicationToItsTree_andListTheOtherTreesApart() throws Exception {
        String apps = send("GET", "/api/apps").body();
        String top = live.node.whereis("top").toString().replace("<", "\\u003c").replace(">", "\\u003e"); // as JSON

        assertThat(apps).contains("{\"applications\":[{\"name\":\"counters\",\"top\":\"" + top
                + "\",\"tree\":{\"id\":\"top\",\"pid\":\"" + top + "\"");
        String others = apps.substring(apps.indexOf("\"trees\":["));
        assertThat(others).contains("\"id\":\"loose\"", "\"id\":\"spare\"").doesNotContain("\"id\":\"top\"");
    }

    /**
     * A process busy in a handler takes the page's sys requests only when it returns. A trace-on that timed out is
     * the page's all the same (listed, limited, switched off from the page), and a resume after a suspend that timed
     * out goes behind it, so the process ends running, as OTP's two queued sys requests leave it (a new operator's
     * findings: the trace stayed on for good, the resume was refused and the process ended suspended).
     */
    @Test
    void aBusyProcess_theRequestsThatTimedOut_endAsTheOperatorLastAsked() throws Exception {
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        String pid = enc(counter.pid().toString());
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            counter.block(entered, release);
            assertThat(entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> on = send("POST", "/api/process/action?action=trace-on&count=50&pid=" + pid);
            assertThat(on.statusCode()).isEqualTo(409);
            assertThat(on.body()).contains("the trace starts, with its limit, when the process gets to the request");
            assertThat(send("POST", "/api/process/action?action=suspend&pid=" + pid).body())
                    .contains("takes effect if and when the process reaches it");
            assertThat(send("POST", "/api/process/action?action=resume&pid=" + pid).body())
                    .contains("takes effect if and when the process reaches it");
            release.countDown();
            assertThat(counter.get()).isZero(); // it answers (not suspended), after the sys requests queued before
            assertThat(io.loomotp.runtime.sys.SysCalls.getStatus(counter.pid(), Duration.ofSeconds(5)).debug())
                    .contains("trace");
            assertThat(send("POST", "/api/process/action?action=trace-off&pid=" + pid).body())
                    .contains("trace of " + counter.pid().toString().replace("<", "\\u003c")
                            .replace(">", "\\u003e") + " off");
            assertThat(io.loomotp.runtime.sys.SysCalls.getStatus(counter.pid(), Duration.ofSeconds(5)).debug())
                    .isEmpty();
        } finally {
            release.countDown();
            live.node.exit(counter.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    /** Suspend twice and resume twice answer as the CLI and the JMX bean do: the second of each says it did nothing. */
    @Test
    void suspendAndResume_twice_sayWhatTheSecondFound() throws Exception {
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        String pid = enc(counter.pid().toString());
        String p = counter.pid().toString();
        try {
            String e = p.replace("<", "\\u003c").replace(">", "\\u003e"); // as the JSON answer escapes it
            assertThat(send("POST", "/api/process/action?action=suspend&pid=" + pid).body())
                    .isEqualTo("{\"result\":\"" + e + " suspended\"}");
            assertThat(send("POST", "/api/process/action?action=suspend&pid=" + pid).body())
                    .isEqualTo("{\"result\":\"" + e + " is suspended already (resume resumes it)\"}");
            assertThat(send("POST", "/api/process/action?action=resume&pid=" + pid).body())
                    .isEqualTo("{\"result\":\"" + e + " resumed\"}");
            assertThat(send("POST", "/api/process/action?action=resume&pid=" + pid).body())
                    .isEqualTo("{\"result\":\"" + e + " is not suspended (nothing to resume)\"}");
            assertThat(counter.get()).isZero();
        } finally {
            live.node.exit(counter.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    @Test
    void logAction_keepsTheLastEvents_andRefusesASizeOutOfBounds() throws Exception {
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        String pid = enc(counter.pid().toString());
        try {
            HttpResponse<String> on = send("POST", "/api/process/action?action=log-on&size=2&pid=" + pid);
            assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
            counter.inc();
            counter.inc();
            counter.get();
            String page = send("GET", "/api/process?pid=" + pid).body();
            assertThat(page).contains("\"debug\":[\"log(2)\"]", "\"log\":[\"*DBG* ", "got call get()")
                    .doesNotContain("got cast inc()"); // the call's two events (got, sent) are the last two

            HttpResponse<String> tooMany = send("POST", "/api/process/action?action=log-on&size=1001&pid=" + pid);
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(tooMany.body()).isEqualTo("a log keeps 1 to 1000 events, not 1001\n");
            assertThat(send("POST", "/api/process/action?action=log-on&size=x&pid=" + pid).body())
                    .isEqualTo("size is a whole number, not 'x'\n");

            assertThat(send("POST", "/api/process/action?action=log-off&pid=" + pid).body()).contains(" off");
            assertThat(send("GET", "/api/process?pid=" + pid).body()).doesNotContain("\"log\":");
        } finally {
            live.node.exit(counter.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    @Test
    void patternTrace_stopsAtItsCountLimit() throws Exception {
        HttpResponse<String> start = send("POST", "/api/trace/pattern?behaviour=" + enc(Counter.class.getName())
                + "&handler=inc&count=3");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        CounterRef counter = CounterRef.of(live.counter());
        for (int i = 0; i < 10; i++) {
            counter.inc();
        }
        counter.get();

        // then: the session says it stopped at its limit (Tracer stops it on a thread of its own: wait, bounded)
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String traces = send("GET", "/api/traces").body();
        while (!traces.contains("limit of 3 lines reached") && System.nanoTime() < until) {
            Thread.onSpinWait();
            traces = send("GET", "/api/traces").body();
        }
        assertThat(traces).contains("\"kind\":\"pattern\"", "\"lines\":3,", "\"running\":false",
                "limit of 3 lines reached");
    }

    /**
     * A stop says what it stopped (pattern, limit, processes, lines), and a stop with none running says so, both a 200:
     * a stop is idempotent, as recon_trace:clear() is (a user study's finding: both answered alike).
     */
    @Test
    void patternTraceStop_saysWhatItStopped_andThatNoneRunsWhenNoneDoes() throws Exception {
        HttpResponse<String> start = send("POST", "/api/trace/pattern?behaviour=" + enc(Counter.class.getName())
                + "&handler=inc&count=1000");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(200);
        CounterRef counter = CounterRef.of(live.counter());
        counter.inc();
        counter.get();

        HttpResponse<String> stopped = send("POST", "/api/trace/pattern/stop");
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(stopped.body()).startsWith("{\"result\":\"pattern trace stopped: Counter, handler inc (limit: "
                + "1000 lines) in ").containsPattern("in [1-9]\\d* process(es)?, after [1-9]\\d* lines?\"");
        HttpResponse<String> again = send("POST", "/api/trace/pattern/stop");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("no pattern trace is running from this page: nothing was done");
    }

    /**
     * A process's trace from the page ends with its process, as a sys trace does, and when the process's one trace is
     * taken by another tool (the console): the Traces panel does not show it running, and it frees its place among
     * the sixteen (a new user's findings, 2026-12-05).
     */
    @Test
    void processTrace_endsWithItsProcess_andWhenAnotherToolTakesTheTrace() throws Exception {
        CounterRef dies = CounterRef.start(live.node, Counter::new);
        CounterRef taken = CounterRef.start(live.node, Counter::new);
        try {
            for (CounterRef c : java.util.List.of(dies, taken)) {
                HttpResponse<String> on = send("POST", "/api/process/action?action=trace-on&count=1000&pid="
                        + enc(c.pid().toString()));
                assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
            }
            // when: one process is killed, and the other's trace is switched on by another tool
            java.util.concurrent.CompletableFuture<Object> down = new java.util.concurrent.CompletableFuture<>();
            live.node.spawn(() -> {
                io.loomotp.runtime.Process.monitor(dies.pid());
                down.complete(io.loomotp.runtime.Process.receive());
            });
            live.node.exit(dies.pid(), io.loomotp.runtime.ExitReason.KILL);
            down.get(10, java.util.concurrent.TimeUnit.SECONDS);
            io.loomotp.runtime.sys.SysCalls.trace(taken.pid(), true, line -> { }, Duration.ofSeconds(10));
            // then: both are listed as over, each with its reason, and neither is traced from the page
            String traces = send("GET", "/api/traces").body();
            String json = traces.replace("\\u003c", "<").replace("\\u003e", ">");
            assertThat(json).contains("\"pid\":\"" + dies.pid() + "\",\"limit\":\"1000 lines\",\"lines\":0,"
                    + "\"running\":false,\"stopReason\":\"its process ended\"", "\"pid\":\"" + taken.pid()
                    + "\",\"limit\":\"1000 lines\",\"lines\":0,\"running\":false,\"stopReason\":\"replaced by "
                    + "another trace\"");
            assertThat(send("GET", "/api/process?pid=" + enc(taken.pid().toString())).body())
                    .contains("\"traced\":false");
        } finally {
            live.node.exit(taken.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    /**
     * An action or a pattern trace is carried out as asked or not at all: two limits, a parameter it does not take, a
     * flag that is neither true nor false are each refused in one line, and nothing is started (a new user's
     * findings, 2026-12-05: the rate was dropped without a word, replies=maybe taken for false).
     */
    @Test
    void actionsAndPatternTraces_takeWhatTheyAreGiven_orNothing() throws Exception {
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        String pid = enc(counter.pid().toString());
        try {
            String counterClass = enc(Counter.class.getName());
            String[][] cases = {
                {"/api/process/action?action=trace-on&count=5&rate=5&pid=" + pid,
                    "a trace has one limit: count=N lines or rate=N per second, not both"},
                {"/api/process/action?action=kill&reason=boom&pid=" + pid,
                    "action kill takes no parameter 'reason' (nothing was done)"},
                {"/api/process/action?action=trace-on&count=5&size=3&pid=" + pid,
                    "action trace-on takes no parameter 'size': it takes count, rate (nothing was done)"},
                {"/api/trace/pattern?behaviour=" + counterClass + "&count=3&replies=maybe",
                    "replies is true or false, not 'maybe'"},
                {"/api/trace/pattern?behaviour=" + counterClass + "&count=3&messages=x",
                    "a pattern trace takes no parameter 'messages'"},
                {"/api/trace/pattern?behaviour=" + counterClass + "&count=3&message=no.such.Type",
                    "no class no.such.Type in the node's JVM"},
                {"/api/trace/pattern?behaviour=" + "x".repeat(5_000) + "&count=3", "more characters)"},
            };
            for (String[] c : cases) {
                HttpResponse<String> r = send("POST", c[0]);
                assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
                assertThat(r.body()).as(c[0]).contains(c[1]).hasSizeLessThan(600);
            }
            assertThat(live.node.isAlive(counter.pid())).as("no kill was carried out").isTrue();
            assertThat(send("GET", "/api/process?pid=" + pid).body()).contains("\"traced\":false");
            // and what the CLI takes, the page takes: behaviour=all, and message=CLASS
            HttpResponse<String> all = send("POST", "/api/trace/pattern?behaviour=all&count=3");
            assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
            HttpResponse<String> typed = send("POST", "/api/trace/pattern?behaviour=" + counterClass
                    + "&message=" + enc(Object.class.getName()) + "&count=3&replies=true");
            assertThat(typed.statusCode()).as(typed.body()).isEqualTo(200);
            assertThat(typed.body()).contains("Object");
        } finally {
            send("POST", "/api/trace/pattern/stop");
            live.node.exit(counter.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    /**
     * A raw {@code <} in the request line (curl sends what it is given) is refused by the JDK's HttpServer itself,
     * with its own HTML 400, before any handler of the observer runs: docs/observer.md says so, and what to type
     * instead. Pinned here so that the page is revisited if a JDK lets it through to the handler.
     */
    @Test
    void aRawAngleBracketInTheUrl_isRefusedByTheJdkBeforeTheObserver_theEncodedPidIsAnswered() throws Exception {
        String pid = live.counter().toString();
        String raw = rawGet("/api/process?pid=" + pid);
        assertThat(raw).startsWith("HTTP/1.1 400 ").contains("URISyntaxException"); // the JDK's page, not ours
        String encoded = rawGet("/api/process?pid=" + pid.replace("<", "%3C").replace(">", "%3E"));
        assertThat(encoded).startsWith("HTTP/1.1 200 ").contains("\"pid\"");
    }

    /** One request written to the socket as given, not encoded by a client; the whole answer, read to its end. */
    private static String rawGet(String target) throws IOException {
        URI at = URI.create(base);
        try (java.net.Socket socket = new java.net.Socket(at.getHost(), at.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + at.getHost()
                    + "\r\nX-Observer-Token: " + token + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A path asked with the wrong method is a 405 saying which it takes, not a 404 (a new user's finding). */
    @Test
    void wrongMethods_get405_sayingWhichMethodThePathTakes() throws Exception {
        HttpResponse<String> postAView = send("POST", "/api/node");
        assertThat(postAView.statusCode()).isEqualTo(405);
        assertThat(postAView.body()).isEqualTo("/api/node answers GET only, not POST\n");
        HttpResponse<String> getAnAction = send("GET", "/api/process/action?action=kill&pid=" + enc("<0.1>"));
        assertThat(getAnAction.statusCode()).isEqualTo(405);
        assertThat(getAnAction.body()).isEqualTo("/api/process/action is an action: POST only, not GET\n");
        HttpResponse<String> head = send("HEAD", "/api/node");
        assertThat(head.statusCode()).isEqualTo(405);
        assertThat(head.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    /** A mistake in a query is said in one line, not taken for a default (page 0, descending, yes, any pid). */
    @Test
    void mistakesInAQuery_areRefusedInOneLine() throws Exception {
        String[][] cases = {
            {"/api/processes?page=-1", "page is 0 or more, not -1"},
            {"/api/processes?dir=sideways", "dir is asc or desc, not 'sideways'"},
            {"/api/processes?size=" + enc("\uff15"), "size is a whole number, not '\uff15'"}, // a full-width 5
            {"/api/node?history=maybe", "history is true or false, not 'maybe'"},
            {"/api/process?pid=" + enc("<0.-1>"), "not a pid: '<0.-1>' (expected <node.serial>, e.g. <0.42>)"},
            {"/events?topics=bogus", "no such topic bogus: the topics are node and apps"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("GET", c[0]);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(r.body()).as(c[0]).contains(c[1]).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /**
     * The exit action answers as the CLI does: Normal is a slip, nothing sent; normal to a process that does not trap
     * exits is ignored, and the answer says so.
     */
    @Test
    void exitAction_refusesASlip_andSaysANormalIsIgnored() throws Exception {
        CounterRef counter = CounterRef.start(live.node, Counter::new);
        try {
            String pid = enc(counter.pid().toString());
            HttpResponse<String> slip = send("POST", "/api/process/action?action=exit&reason=Normal&pid=" + pid);
            assertThat(slip.statusCode()).isEqualTo(400);
            assertThat(slip.body()).contains("reasons are lower case: normal (nothing was sent)");
            assertThat(send("POST", "/api/process/action?action=exit&reason=normal&pid=" + pid).body())
                    .contains("it does not trap exits, so it ignores normal");
            assertThat(live.node.isAlive(counter.pid())).isTrue();
        } finally {
            live.node.exit(counter.pid(), io.loomotp.runtime.ExitReason.SHUTDOWN);
        }
    }

    /** A class no behaviour runs, or a handler it lacks, is refused in one line, as the CLI refuses them. */
    @Test
    void patternTrace_ofNoBehaviourOrNoSuchHandler_isRefused() throws Exception {
        HttpResponse<String> string = send("POST", "/api/trace/pattern?behaviour=java.lang.String&count=5");
        assertThat(string.statusCode()).isEqualTo(400);
        assertThat(string.body()).contains("behaviour java.lang.String: no behaviour runs that class");
        HttpResponse<String> handler = send("POST", "/api/trace/pattern?behaviour=" + enc(Counter.class.getName())
                + "&handler=nosuch&count=2");
        assertThat(handler.statusCode()).isEqualTo(400);
        assertThat(handler.body()).contains("handler nosuch: Counter has no such handler (its handlers: ");
    }
}
