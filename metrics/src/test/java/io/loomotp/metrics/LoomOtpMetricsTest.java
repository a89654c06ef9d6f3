package io.loomotp.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.testing.LogCapture;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each meter of the binder against what happened on the node. */
@ExtendWith(NodeExtension.class)
class LoomOtpMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final CountDownLatch release = new CountDownLatch(1);
    private NodeSampler sampler;

    @AfterEach
    void tearDown() {
        release.countDown();
        if (sampler != null) {
            sampler.close();
        }
    }

    private LoomOtpMetrics bind(Node node, java.util.function.Consumer<LoomOtpMetrics.Builder> options) {
        sampler = NodeSampler.create(node, new ManualClock(), new Fixtures.Heap());
        LoomOtpMetrics.Builder b = LoomOtpMetrics.builder(sampler);
        options.accept(b);
        LoomOtpMetrics m = b.build();
        m.bindTo(registry);
        return m;
    }

    private double value(String name, String... tags) {
        Search s = registry.find(name).tags(tags);
        if (s.gauge() != null) {
            return s.gauge().value();
        }
        if (s.functionCounter() != null) {
            return s.functionCounter().count();
        }
        if (s.counter() != null) {
            return s.counter().count();
        }
        throw new AssertionError("no meter " + name + " " + String.join(",", tags));
    }

    /** Two binders of one node's meters in one registry would share them, and closing one remove both: refused. */
    @Test
    void aSecondBinderOfTheSameNode_inOneRegistry_isRefused(Node node) {
        LoomOtpMetrics first = bind(node, b -> { });
        LoomOtpMetrics second = LoomOtpMetrics.builder(sampler).build();
        assertThatThrownBy(() -> second.bindTo(registry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another LoomOtpMetrics of the node is bound to it");
        assertThat(registry.find("loomotp.processes").gauge()).isNotNull();
        first.close();
    }

    @Test
    void bindTo_nodeMetersCountWhatHappened(Node node) {
        bind(node, b -> { });
        double spawned = value("loomotp.processes.spawned");
        double exited = value("loomotp.processes.exited");
        double in = value("loomotp.messages.in");
        double out = value("loomotp.messages.out");
        // given: a server called 10 times by a process that then ends, and a process that never reads its 7 messages
        Pid server = GenServer.start(node, new Fixtures.Worker(), Object::new);
        CountDownLatch called = new CountDownLatch(1);
        node.spawn(() -> {
            for (int i = 0; i < 10; i++) {
                GenServer.call(server, "ping");
            }
            called.countDown();
        });
        Pid deaf = node.spawn(release::await);
        for (int i = 0; i < 7; i++) {
            node.send(deaf, i);
        }
        Await.until(() -> called.getCount() == 0 && node.processCount() == 2, "the caller to end");
        // when: the server counts a reply after handing it over, so the caller can end before the 10th is counted
        // (a process's counters are its own, read by the sampler without a lock): wait for the count, with a bound
        Await.until(() -> {
            sampler.tick();
            return value("loomotp.messages.out") - out == 20;
        }, "the server to count its 10th reply");
        // then
        assertThat(value("loomotp.processes", "node", node.name())).isEqualTo(2);
        assertThat(value("loomotp.processes.spawned") - spawned).isEqualTo(3);
        assertThat(value("loomotp.processes.exited") - exited).isEqualTo(1);
        assertThat(value("loomotp.messages.in") - in).isEqualTo(10); // the server's calls; the deaf one read none
        assertThat(value("loomotp.messages.out") - out).isEqualTo(20); // 10 calls, 10 replies
        assertThat(value("loomotp.mailbox.longest")).isEqualTo(7);
        assertThat(value("loomotp.mailbox.waiting")).isEqualTo(7);
        FunctionTimer handler = registry.find("loomotp.handler.time").functionTimer();
        assertThat(handler.count()).isEqualTo(value("loomotp.messages.in"));
        assertThat(handler.totalTime(TimeUnit.NANOSECONDS)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void timersPending_followsTheTimerService(Node node) {
        bind(node, b -> { });
        Pid deaf = node.spawn(release::await);
        double before = value("loomotp.timers.pending");
        var t1 = node.sendAfter(Duration.ofHours(1), deaf, "a");
        node.sendAfter(Duration.ofHours(1), deaf, "b");
        sampler.tick();
        assertThat(value("loomotp.timers.pending") - before).isEqualTo(2);
        t1.cancel();
        sampler.tick();
        assertThat(value("loomotp.timers.pending") - before).isEqualTo(1);
    }

    @Test
    void droppedMessages_countsWhatBoundedMailboxesDropped(Node node) {
        bind(node, b -> { });
        Pid small = node.spawn(release::await, io.loomotp.runtime.SpawnOptions.defaults()
                .withMailbox(io.loomotp.runtime.MailboxSpec.bounded(3, io.loomotp.Overflow.DROP_NEWEST)));
        for (int i = 0; i < 10; i++) {
            node.send(small, i);
        }
        sampler.tick();
        assertThat(value("loomotp.messages.dropped")).isEqualTo(7);
        // a dropping process that ends keeps its drops counted
        node.exit(small, io.loomotp.runtime.ExitReason.KILL);
        Await.until(() -> !node.isAlive(small), "the process to end");
        sampler.tick();
        assertThat(value("loomotp.messages.dropped")).isEqualTo(7);
    }

    @Test
    void crashes_areCountedByReasonClass(Node node) {
        bind(node, b -> { });
        node.spawn(() -> {
            throw new IllegalStateException("one");
        });
        node.spawn(() -> {
            throw new IllegalStateException("two");
        });
        node.spawn(() -> {
            throw new ArithmeticException("three");
        });
        Pid server = GenServer.start(node, new Fixtures.Worker(), Object::new);
        GenServer.cast(server, "crash"); // a behaviour's crash report
        Await.until(() -> registry.find("loomotp.process.crashes").counters().stream()
                .mapToDouble(c -> c.count()).sum() == 4, "four crashes counted");
        assertThat(value("loomotp.process.crashes", "reason", "java.lang.IllegalStateException")).isEqualTo(3);
        assertThat(value("loomotp.process.crashes", "reason", "java.lang.ArithmeticException")).isEqualTo(1);
    }

    @Test
    void restarts_areCountedBySupervisor(Node node) {
        bind(node, b -> { });
        Fixtures.supervisor(node, "top");
        Fixtures.crashWorker(node);
        Fixtures.crashWorker(node);
        Await.until(() -> registry.find("loomotp.supervisor.restarts").counter() != null
                && registry.find("loomotp.supervisor.restarts").counter().count() == 2, "two restarts");
        assertThat(value("loomotp.supervisor.restarts", "supervisor", "top")).isEqualTo(2);
    }

    @Test
    void trackedProcess_hasMetersOfItsOwnThatSurviveARestart(Node node) {
        bind(node, b -> b.track("worker"));
        Fixtures.supervisor(node, "top");
        Pid first = Await.until(() -> node.whereis("worker"), "the worker");
        for (int i = 0; i < 3; i++) {
            GenServer.call(first, "ping");
        }
        sampler.tick();
        assertThat(value("loomotp.process.messages.in", "process", "worker")).isEqualTo(3);
        // a reply is counted as sent after it is sent, so the caller of the third call can be back before it is counted
        Await.until(() -> {
            sampler.tick();
            return value("loomotp.process.messages.out", "process", "worker") == 3;
        }, "the worker's three replies counted");
        // when: it crashes (a fourth message), is restarted under the same name, and handles two more calls
        Fixtures.crashWorker(node);
        Pid second = node.whereis("worker");
        GenServer.call(second, "ping");
        GenServer.call(second, "ping");
        sampler.tick();
        // then: its counters go on from where the first incarnation ended, the crash message it took included,
        // though no sample saw it (its final counts are read once the name has gone to the second)
        assertThat(value("loomotp.process.messages.in", "process", "worker")).isEqualTo(6);
        assertThat(value("loomotp.process.mailbox", "process", "worker")).isZero();
        assertThat(registry.find("loomotp.process.mailbox").gauges()).hasSize(1);
    }

    /** What a tracked process did between the last sample and its death is counted (a new user's finding). */
    @Test
    void trackedProcess_workBetweenTheLastSampleAndItsDeath_isCounted(Node node) {
        bind(node, b -> b.track("short"));
        Pid w = GenServer.start(node, new Fixtures.Worker(), Object::new,
                io.loomotp.runtime.server.StartOptions.defaults().withName("short"));
        sampler.tick();
        for (int i = 0; i < 7; i++) {
            GenServer.call(w, "ping");
        }
        GenServer.stop(w);
        sampler.tick();
        assertThat(value("loomotp.process.messages.in", "process", "short")).isEqualTo(7); // none seen by a sample
    }

    @Test
    void trackedProcess_mailboxGaugeReadsItsMailbox(Node node) {
        bind(node, b -> b.track("sink"));
        Fixtures.Sink sink = new Fixtures.Sink(node, "sink");
        sink.fill(12);
        sampler.tick();
        assertThat(value("loomotp.process.mailbox", "process", "sink")).isEqualTo(12);
        sink.drainTo(4);
        sampler.tick();
        assertThat(value("loomotp.process.mailbox", "process", "sink")).isEqualTo(4);
        assertThat(value("loomotp.process.messages.in", "process", "sink")).isEqualTo(8);
    }

    @Test
    void track_boundsTheProcessTagCardinality(Node node) {
        // given: 30 registered processes match the pattern, 5 more do not, and the bound is 10
        bind(node, b -> b.track(Pattern.compile("phone-\\d+")).maxTrackedProcesses(10));
        for (int i = 0; i < 30; i++) {
            node.spawn(release::await, io.loomotp.runtime.SpawnOptions.defaults().withName("phone-" + i));
        }
        for (int i = 0; i < 5; i++) {
            node.spawn(release::await, io.loomotp.runtime.SpawnOptions.defaults().withName("other-" + i));
        }
        // when
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.metrics.LoomOtpMetrics")) {
            sampler.tick();
            sampler.tick();
            // the operator is told once, naming the first process left out
            assertThat(log.events()).extracting(LogCapture.Event::message).containsExactly("node test: more than 10 "
                    + "processes match the metrics' selection; phone-18 and later ones get no meters of their own");
        }
        // then: exactly 10 values of the process tag, whatever the meter
        Set<String> tagged = new HashSet<>();
        registry.getMeters().forEach(m -> {
            String p = m.getId().getTag("process");
            if (p != null) {
                tagged.add(p);
            }
        });
        assertThat(tagged).hasSize(10).allMatch(p -> p.startsWith("phone-"));
        assertThat(registry.find("loomotp.process.mailbox").gauges()).hasSize(10);
        assertThat(value("loomotp.metrics.processes.tracked")).isEqualTo(10);
        assertThat(value("loomotp.metrics.processes.untracked")).isEqualTo(20);
    }

    @Test
    void track_namesChosenOneByOneComeBeforePatternMatchesUnderTheBound(Node node) {
        bind(node, b -> b.track("zz-main").track(Pattern.compile("p-\\d")).maxTrackedProcesses(2));
        for (String name : new String[] {"p-1", "p-2", "p-3", "zz-main"}) {
            node.spawn(release::await, io.loomotp.runtime.SpawnOptions.defaults().withName(name));
        }
        try (LogCapture.Capture log = LogCapture.capture("io.loomotp.metrics.LoomOtpMetrics")) {
            sampler.tick();
            assertThat(log.events()).hasSize(1);
        }
        assertThat(registry.find("loomotp.process.mailbox").gauges())
                .extracting(g -> g.getId().getTag("process")).containsExactlyInAnyOrder("zz-main", "p-1");
    }

    @Test
    void untracked_processesGetNoMetersOfTheirOwn(Node node) {
        bind(node, b -> { });
        for (int i = 0; i < 20; i++) {
            node.spawn(release::await, io.loomotp.runtime.SpawnOptions.defaults().withName("p" + i));
        }
        sampler.tick();
        assertThat(registry.getMeters()).noneMatch(m -> m.getId().getTag("process") != null);
    }

    @Test
    void boundedTags_admitTheFirstValuesThenOther() {
        BoundedTags tags = new BoundedTags(3);
        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.of("b")).isEqualTo("b");
        assertThat(tags.of("c")).isEqualTo("c");
        assertThat(tags.of("d")).isEqualTo(BoundedTags.OTHER);
        assertThat(tags.of("a")).isEqualTo("a");
        assertThat(tags.size()).isEqualTo(3);
    }

    @Test
    void reasonClass_namesTheExceptionOrTheReasonKind() {
        assertThat(LoomOtpMetrics.reasonClass(io.loomotp.runtime.ExitReason.crash(new ArithmeticException())))
                .isEqualTo("java.lang.ArithmeticException");
        assertThat(LoomOtpMetrics.reasonClass(io.loomotp.runtime.ExitReason.KILLED)).isEqualTo("killed");
        assertThat(LoomOtpMetrics.reasonClass(io.loomotp.runtime.ExitReason.custom("whatever 123")))
                .isEqualTo("custom");
    }

    @Test
    void close_removesEveryMeterItRegistered(Node node) {
        LoomOtpMetrics m = bind(node, b -> b.track("sink"));
        new Fixtures.Sink(node, "sink");
        sampler.tick();
        assertThat(registry.getMeters()).isNotEmpty();
        m.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void bindTo_twice_isRefused(Node node) {
        LoomOtpMetrics m = bind(node, b -> { });
        assertThatThrownBy(() -> m.bindTo(new SimpleMeterRegistry()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CompositeMeterRegistry");
    }

    @Test
    void userMetrics_fromAHandlerWithMicrometerAsUsual(Node node) {
        // a handler counts its own business events in the same registry, the way any Micrometer user does
        io.micrometer.core.instrument.Counter setups = registry.counter("bsc.call.setups");
        Pid server = GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<Object>() {
            @Override
            public Object handleCall(Object state, Object request, io.loomotp.runtime.From from) {
                setups.increment();
                return "ok";
            }
        }, Object::new);
        GenServer.call(server, "setup");
        GenServer.call(server, "setup");
        assertThat(registry.get("bsc.call.setups").counter().count()).isEqualTo(2);
        Process.exit(server, io.loomotp.runtime.ExitReason.KILL);
    }
}
