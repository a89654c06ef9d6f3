package io.loomotp.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.Strategy;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ets.Ets;
import io.loomotp.runtime.ets.Table;
import io.loomotp.runtime.ets.TableOptions;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.supervisor.ChildSpec;
import io.loomotp.runtime.supervisor.Supervisor;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorSpec;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.sys.jmx.NodeControl;
import io.loomotp.sys.jmx.NodeMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.JMX;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node's JMX bean, through the platform MBean server as jconsole sees it, and its sessions' leases. */
@ExtendWith(NodeExtension.class)
class NodeControlTest {

    @Test
    void theBean_answersThroughJmx(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            CounterRef c = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
            c.inc();
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(node), NodeMXBean.class);
            assertThat(bean.getNodeName()).isEqualTo("test");
            assertThat(bean.list()).contains("counter", "gen_server");
            assertThat(bean.state("counter")).isEqualTo("Counter[count=1]");
            assertThat(bean.status("counter")).contains("behaviour: gen_server");
            assertThat(bean.top("messages", 1)).contains("counter");
            String who = "counter (" + c.pid() + ")";
            assertThat(bean.stats("counter")).isEqualTo("statistics of " + who + " switched on; ask again to read "
                    + "them");
            c.get();
            assertThat(bean.stats("counter")).startsWith(who + ": statistics since ").containsPattern(
                    "\n  messages in +1\n");
            assertThat(bean.suspend("counter")).isEqualTo(who + " suspended");
            assertThat(bean.suspend("counter")).isEqualTo(who + " is suspended already (resume resumes it)");
            assertThat(bean.resume("counter")).isEqualTo(who + " resumed");
            assertThat(bean.resume("counter")).isEqualTo(who + " is not suspended (nothing to resume)");
            // trace off of a process not traced (never, or a restart's new one under the old name) changes nothing
            long session = bean.openSession();
            assertThat(bean.trace("counter", false, session)).isEqualTo(who + " is not traced (nothing to switch off)");
            assertThat(bean.trace("counter", true, session)).startsWith("tracing counter");
            assertThat(bean.trace("counter", false, session)).isEqualTo("trace of " + who + " off");
            bean.closeSession(session);
            assertThat(bean.resolve(c.pid().toString())).isEqualTo(c.pid().toString());
            // through JMX, a mistake arrives as the bean threw it: one line, no cause from the node's side
            assertThatThrownBy(() -> bean.state("nobody")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no process named 'nobody' on node test (list shows the names)").hasNoCause();
        }
    }

    /** {@code tables}: ets:i(), a line per table, a private one's size too (ets:info answers anyone). */
    @Test
    void tables_listsTheNodesEtsTables(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(node), NodeMXBean.class);
            assertThat(bean.tables()).isEqualTo("no tables");
            io.loomotp.runtime.testing.Probe owner = io.loomotp.runtime.testing.Probe.spawn(node);
            owner.exec(() -> {
                Table<String, Long> hlr = Ets.newTable(TableOptions.set().named("msisdn2pid").publicAccess());
                hlr.insert("07123", 1L);
                Ets.newTable(TableOptions.bag().privateAccess());
                return null;
            });
            String pid = owner.pid().toString();
            assertThat(bean.tables().lines()).containsExactlyInAnyOrder(
                    String.format("%-24s %-13s %-9s %-12s %s", "name", "type", "access", "owner", "size"),
                    String.format("%-24s %-13s %-9s %-12s %s", "msisdn2pid", "set", "public", pid, "1"),
                    String.format("%-24s %-13s %-9s %-12s %s", "(unnamed)", "bag", "private", pid, "0"));
            node.exit(owner.pid(), io.loomotp.runtime.ExitReason.KILL);
            assertThat(bean.tables()).isEqualTo("no tables");
        }
    }

    /** recon:proc_window: the process busy during the window comes first, not the one busy before it. */
    @Test
    void topWindow_ranksWhatGrewDuringTheWindow(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(node), NodeMXBean.class);
            Pid before = node.spawn(() -> {
                while (!"stop".equals(Process.receive())) {
                    // takes messages: its count grows before the window only
                }
            });
            node.register("busy_before", before);
            for (int i = 0; i < 1_000; i++) {
                node.send(before, i);
            }
            Await.until(() -> node.counters(before).mailboxLength() == 0, "the early messages taken");
            Pid during = node.spawn(() -> {
                while (!"stop".equals(Process.receive())) {
                    // takes messages: its count grows during the window
                }
            });
            node.register("busy_during", during);
            java.util.concurrent.atomic.AtomicBoolean feeding = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread feeder = Thread.ofVirtual().start(() -> {
                for (int i = 0; feeding.get(); i++) {
                    node.send(during, i);
                    while (i % 100 == 0 && feeding.get() && node.counters(during).mailboxLength() > 1_000) {
                        Thread.yield(); // keep its mailbox short: what it takes counts, not what waits
                    }
                }
            });
            String top;
            try {
                top = bean.topWindow("messages", 1, 300);
            } finally {
                feeding.set(false);
                feeder.join();
            }
            assertThat(top.lines().toList()).hasSize(2);
            assertThat(top.lines().toList().get(1)).contains("busy_during").doesNotContain("busy_before");
            assertThat(top.lines().findFirst().orElseThrow()).contains("+messages-in in 300 ms");
            node.send(before, "stop");
            node.send(during, "stop");
        }
    }

    /** Erlang in Anger's first look at a node: its processes and mailboxes, the largest named, and its JVM. */
    @Test
    void system_showsTheNodeAndItsJvmAtAGlance(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(node), NodeMXBean.class);
            Pid sink = node.spawn(() -> Process.receive("stop"::equals));
            node.register("sink", sink);
            for (int i = 0; i < 5; i++) {
                node.send(sink, i);
            }
            String s = bean.system();
            assertThat(s.lines().map(l -> l.split(" ", 2)[0])).containsExactly("node", "processes", "carriers",
                    "heap", "collections", "threads", "cpu", "ets");
            assertThat(s).contains("node         " + node.name() + "\n")
                    .containsPattern("processes +[\\d,]+ live; [\\d,]+ messages waiting in their mailboxes "
                            + "\\(the most: 5, sink " + java.util.regex.Pattern.quote(sink.toString()) + "\\)")
                    .containsPattern("heap +used [\\d,]+ MiB, committed [\\d,]+ MiB, max ")
                    .contains("ets          0 tables (tables lists them)");
            node.send(sink, "stop");
        }
    }

    /** A second install on one node is refused: it would replace the first's bean and run a second watchdog. */
    @Test
    void installTwice_refused_andAfterCloseItInstallsAgain(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            assertThatThrownBy(() -> TracingSys.install(node)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("installed on node test already");
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(NodeControl.objectName(node))).isTrue();
        }
        try (TracingSys _ = TracingSys.install(node)) {
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(NodeControl.objectName(node))).isTrue();
            // the name as docs/operations.md gives it and an operator types it in jconsole: bare, not quoted
            assertThat(ManagementFactory.getPlatformMBeanServer()
                    .isRegistered(new javax.management.ObjectName("io.loomotp:type=Node,name=test"))).isTrue();
            assertThat(NodeControl.nodeName(NodeControl.objectName(node))).isEqualTo("test");
        }
        try (Node odd = Node.create("a=b:c"); TracingSys _ = TracingSys.install(odd)) {
            assertThat(NodeControl.objectName(odd).getKeyProperty("name")).isEqualTo("\"a=b:c\"");
            assertThat(NodeControl.nodeName(NodeControl.objectName(odd))).isEqualTo("a=b:c");
        }
        Node closed = Node.create("closed");
        closed.close();
        assertThatThrownBy(() -> TracingSys.install(closed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node closed is closed");
    }

    /**
     * A tool attached to a JVM whose node has stopped is told so, not shown an empty node (a new operator's finding:
     * list printed an empty table and exited 0).
     */
    @Test
    void theBeanOfAStoppedNode_saysTheNodeHasStopped() throws Exception {
        Node gone = Node.create("gone");
        TracingSys tools = TracingSys.install(gone);
        try {
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(gone), NodeMXBean.class);
            assertThat(bean.list()).startsWith("PID");
            gone.close();
            assertThatThrownBy(bean::list).hasStackTraceContaining("node gone has stopped (its JVM is still running)");
            assertThatThrownBy(() -> bean.state("anyone")).hasStackTraceContaining("node gone has stopped");
            assertThat(bean.getNodeName()).isEqualTo("gone");
        } finally {
            tools.close();
        }
    }

    @Test
    void status_namesADynamicChildByItsSupervisorsLabel_asListAndTreeDo(Node node) throws Exception {
        try (TracingSys _ = TracingSys.install(node)) {
            // given: an unregistered child of a SIMPLE_ONE_FOR_ONE supervisor, started with an argument
            Pid sup = Supervisor.start(node, () -> SupervisorSpec.of(SupervisorFlags.of(Strategy.SIMPLE_ONE_FOR_ONE),
                    ChildSpec.worker("phone", args -> CounterRef.startLink(Counter::new).pid())));
            Pid phone = Supervisor.startChild(sup, List.of("100003"));
            NodeMXBean bean = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                    NodeControl.objectName(node), NodeMXBean.class);
            // then: status, asked by pid or by that label, names it as list does; a registered one keeps its name
            assertThat(bean.list()).containsPattern("\\Q" + phone + "\\E +phone\\[100003\\] ");
            assertThat(bean.status(phone.toString())).contains("pid: " + phone + "\nname: phone[100003]\n");
            assertThat(bean.status("phone[100003]")).contains("pid: " + phone + "\nname: phone[100003]\n");
            CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
            assertThat(bean.status("counter")).contains("\nname: counter\n");
            // and a process that neither a name nor a supervisor names still reads '-'
            assertThat(bean.status(sup.toString())).contains("\nname: -\n");
        }
    }

    @Test
    void log_keepsTheLastEvents_andPrintsThemToTheSessionThatAsked(Node node) {
        try (TracingSys tools = TracingSys.install(node)) {
            NodeControl bean = tools.control();
            CounterRef c = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
            long session = bean.openSession();
            assertThat(bean.log("counter", "print", session)).isEqualTo(
                    "nothing logged for counter (log counter on keeps its last 10 events)");
            assertThat(bean.log("counter", "on", session)).isEqualTo("logging the last 10 events of counter ("
                    + c.pid() + ")");
            c.inc();
            c.get(); // handled after the cast, and its reply logged before the print below is handled
            assertThat(bean.log("counter", "print", session)).isEmpty();
            assertThat(bean.poll(session)).contains("*DBG* counter got cast inc()", "*DBG* counter got call get() from "
                    + node.systemPid());
            assertThat(bean.log("counter", "off", session)).isEqualTo("log of counter (" + c.pid() + ") off");
            assertThat(bean.log("counter", "print", session)).startsWith("nothing logged");
            assertThatThrownBy(() -> bean.log("counter", "shout", session)).hasMessage(
                    "log counter shout: expected on, off or print");
        }
    }

    @Test
    void aSessionThatIsNotPolled_lapses_andItsTracesAreSwitchedOff(Node node) {
        try (TracingSys tools = TracingSys.install(node)) {
            NodeControl bean = tools.control();
            bean.setSessionLeaseMillis(1000); // long enough not to lapse before the poll below
            CounterRef c = CounterRef.start(node, Counter::new, StartOptions.defaults().withName("counter"));
            long session = bean.openSession();
            bean.trace("counter", true, session);
            c.inc();
            c.get();
            List<String> lines = new ArrayList<>(List.of(bean.poll(session)));
            assertThat(lines).contains("*DBG* counter got cast inc()");
            assertThat(Sys.on(node).getStatus(c).debug()).contains("trace");
            // the terminal goes away: nobody polls
            Await.until(() -> bean.sessionCount() == 0, "the session to lapse");
            // the sweeper forgets the session, then switches its traces off
            Await.until(() -> !Sys.on(node).getStatus(c).debug().contains("trace"), "the session's trace to go");
            assertThatThrownBy(() -> bean.poll(session)).hasMessageContaining("no session " + session);
            assertThat(node.isAlive(c.pid())).isTrue();
        }
    }
}
