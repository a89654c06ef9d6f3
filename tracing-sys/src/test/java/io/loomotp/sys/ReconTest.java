package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** recon's introspection: info, proc_count, proc_window, and the supervision tree. */
@ExtendWith(NodeExtension.class)
class ReconTest {

    /** Keeps the drowning processes of a test busy; released after it. */
    private final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

    @org.junit.jupiter.api.AfterEach
    void releaseThem() {
        release.countDown();
    }

    /**
     * A process busy with something else, that never looks at its mailbox: it drowns. (Not a selective receive, which
     * would move the messages to its stash while they are counted from outside.)
     */
    private Pid drowning(Node node) {
        return node.spawn(release::await);
    }

    @Test
    void procCount_findsTheProcessThatIsDrowning(Node node) {
        CounterRef busy = CounterRef.start(node, Counter::new);
        Pid drowning = drowning(node);
        for (int i = 0; i < 500; i++) {
            Process.send(drowning, i);
            busy.inc();
        }
        busy.get();
        List<Recon.Top> top = Recon.procCount(node, Recon.Attribute.MAILBOX, 1);
        assertThat(top).hasSize(1);
        assertThat(top.getFirst().pid()).isEqualTo(drowning);
        assertThat(top.getFirst().value()).isEqualTo(500);
        assertThat(Recon.procCount(node, Recon.Attribute.MESSAGES_IN, 1).getFirst().pid()).isEqualTo(busy.pid());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Recon.procCount(node, Recon.Attribute.MAILBOX, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative: -1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Recon.procWindow(node, Recon.Attribute.MAILBOX, 1,
                Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive time");
    }

    @Test
    void procWindow_ranksByGrowthOverTheWindow(Node node) throws Exception {
        CounterRef quiet = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("quiet"));
        for (int i = 0; i < 100; i++) {
            quiet.inc(); // much work before the window: none during it
        }
        quiet.get();
        CounterRef busy = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("busy"));
        java.util.concurrent.atomic.AtomicBoolean windowOver = new java.util.concurrent.atomic.AtomicBoolean();
        Thread load = Thread.ofVirtual().start(() -> {
            while (!windowOver.get()) { // busy for the whole window, however the threads are scheduled
                busy.get();
            }
        });
        List<Recon.Top> top = Recon.procWindow(node, Recon.Attribute.MESSAGES_IN, 1, Duration.ofMillis(300));
        windowOver.set(true);
        load.join();
        // the busy one grew during the window; the quiet one, with more in total, did not
        assertThat(top.getFirst().registeredName()).isIn("busy");
    }

    @Test
    void info_groupsAsReconDoes(Node node) {
        CounterRef c = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
        c.inc();
        c.get();
        ProcessReport r = Recon.info(node, c.pid());
        assertThat(r.meta().registeredName()).isEqualTo("counter");
        assertThat(r.meta().initialCall()).isEqualTo(Counter.class.getName());
        assertThat(r.meta().behaviour()).isEqualTo("gen_server");
        assertThat(r.work().messagesIn()).isEqualTo(2);
        assertThat(r.memory().mailboxLength()).isZero();
        assertThat(r.toString()).contains("meta:", "signals:", "location:", "memory:", "work:",
                "registered_name: counter", "message_queue_len: 0").doesNotContain("null");
        if (r.location().currentFunction() == null) { // an idle behaviour: shown as the CLI shows it
            assertThat(r.toString()).contains("current_function: -");
        }
    }

    @Test
    void tree_showsEachChildsStatus(Node node) {
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.ONE_FOR_ONE),
                ChildSpec.worker("counter", () -> CounterRef.startLink(Counter::new).pid()),
                ChildSpec.supervisor("inner", () -> Supervisor.startLink(() -> SupervisorSpec.of(
                        SupervisorFlags.defaults(), ChildSpec.worker("door", () -> DoorRef.startLink(Door::new)
                                .pid()))))), StartOptions.defaults().withName("top"));
        List<Recon.TreeNode> roots = Recon.tree(node);
        assertThat(roots).hasSize(1);
        String drawn = roots.getFirst().render();
        assertThat(drawn).startsWith("top " + sup + " supervisor running")
                .contains("├─ counter <", "worker running io.loomotp.sys.Counter")
                .contains("└─ inner <", "   └─ door <", "worker running io.loomotp.sys.Door");
        // a suspended supervisor still shows its children, at once: an operator's list, tree or kill does not wait
        // for its resume (and then act)
        io.loomotp.runtime.sys.SysCalls.suspend(sup, java.time.Duration.ofSeconds(5));
        assertThat(Recon.childNamed(node, "counter")).isNotNull();
        // ...and says it is suspended, as list does (a new operator's finding: it said running)
        assertThat(Recon.tree(node).getFirst().render())
                .isEqualTo(drawn.replaceFirst("supervisor running", "supervisor suspended"));
        // a child that dies meanwhile is not shown running: the suspended supervisor has not handled its exit yet
        Pid counter = Recon.childNamed(node, "counter");
        node.exit(counter, io.loomotp.runtime.ExitReason.KILL);
        Await.until(() -> !node.isAlive(counter), "the counter to die");
        assertThat(Recon.tree(node).getFirst().render()).contains("├─ counter " + counter + " worker exited");
        io.loomotp.runtime.sys.SysCalls.resume(sup, java.time.Duration.ofSeconds(5));
        Await.until(() -> {
            Pid now = Recon.childNamed(node, "counter");
            return now != null && !now.equals(counter);
        }, "the counter to be restarted once its supervisor is resumed");
        Pid restarted = Recon.childNamed(node, "counter");
        assertThat(Recon.tree(node).getFirst().render()).isEqualTo(drawn.replace(counter.toString(),
                restarted.toString()));
    }

    @Test
    void tree_list_andResolve_nameADynamicChildAsItsSupervisorsReportsDo(Node node) {
        // given: a SIMPLE_ONE_FOR_ONE supervisor with two unregistered children started with arguments
        Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.SIMPLE_ONE_FOR_ONE),
                ChildSpec.worker("phone", args -> CounterRef.startLink(Counter::new).pid())),
                StartOptions.defaults().withName("phones"));
        Pid a = Supervisor.startChild(sup, List.of("100003"));
        Pid b = Supervisor.startChild(sup, List.of("100004"));
        // then: every view calls them by the offender id of the supervisor's reports
        assertThat(Recon.tree(node).getFirst().render()).contains("├─ phone[100003] " + a + " worker running",
                "└─ phone[100004] " + b + " worker running").doesNotContain("─ - ");
        assertThat(Recon.names(node)).containsEntry(a, "phone[100003]").containsEntry(b, "phone[100004]")
                .containsEntry(sup, "phones");
        assertThat(Recon.nameOf(node, a)).isEqualTo("phone[100003]");
        assertThat(Recon.nameOf(node, drowning(node))).isNull();
        assertThat(Recon.childNamed(node, "phone[100004]")).isEqualTo(b);
    }

    /**
     * The alarms every tool shows: of every manager that runs an AlarmHandler, SASL's alarm_handler and one of the
     * program's own (the book's freq_overload); null while none runs one. The console and the observer disagreed
     * once a manager of the program's own held them (a new operator's finding).
     */
    @Test
    void alarms_ofEveryManagerWithAnAlarmHandler_nullWhenNone(Node node) {
        assertThat(Recon.alarms(node)).isNull();
        Pid own = io.loomotp.runtime.event.EventManager.start(node,
                io.loomotp.runtime.server.StartOptions.defaults().withName("freq_overload"));
        io.loomotp.runtime.event.EventManager.addHandler(own, new io.loomotp.runtime.event.AlarmHandler());
        assertThat(Recon.alarms(node)).isEmpty();
        io.loomotp.runtime.event.EventManager.syncNotify(own, new io.loomotp.runtime.event.Alarm.Set(
                new io.loomotp.runtime.event.Alarm("no_frequency", "frequency")));
        io.loomotp.runtime.event.Alarms.start(node);
        io.loomotp.runtime.event.Alarms.set(node, "disk_full", "/var at 97%");
        assertThat(Recon.alarms(node)).extracting(io.loomotp.runtime.event.Alarm::id)
                .containsExactlyInAnyOrder("no_frequency", "disk_full");

        // a suspended manager (an operator's suspend from the page) is skipped, not waited for without end: the
        // alarms panel, the console's and the CLI's alarms hung on it
        io.loomotp.runtime.sys.SysCalls.suspend(own, Duration.ofSeconds(5));
        Pid other = io.loomotp.runtime.event.EventManager.start(node);
        io.loomotp.runtime.sys.SysCalls.suspend(other, Duration.ofSeconds(5));
        assertThat(Recon.alarms(node)).extracting(io.loomotp.runtime.event.Alarm::id).containsExactly("disk_full");
        io.loomotp.runtime.sys.SysCalls.resume(own, Duration.ofSeconds(5));
        io.loomotp.runtime.sys.SysCalls.resume(other, Duration.ofSeconds(5));
    }
}
