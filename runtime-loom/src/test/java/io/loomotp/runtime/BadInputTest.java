package io.loomotp.runtime;

import io.loomotp.Overflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.report.DropReport;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Misuse gets a precise exception, and loses nothing silently. */
@ExtendWith(NodeExtension.class)
class BadInputTest {

    @Test
    void call_deadPid_throwsNoProcess(Node node) {
        Pid dead = node.spawn(() -> {});
        Probe w = Probe.spawn(node);
        w.exec(() -> Process.monitor(dead));
        w.next(Down.class);
        assertThatThrownBy(() -> GenServer.call(dead, "hello"))
                .isInstanceOf(NoProcessException.class)
                .hasMessage("call hello: no process " + dead);
    }

    /** A node name a cluster would refuse is refused where the node is made (a new user's finding). */
    @Test
    void nodeCreate_aBlankName_whiteSpace_aComma_refused() {
        for (String bad : new String[] {"", " ", "a b", "x,y", "tab\there", "a\u00a0b", "zero\u200bwidth", "a\u0000b",
            "<1.2>"}) {
            assertThatThrownBy(() -> Node.create(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("a node name must be non-blank, with no white space and no comma");
        }
        assertThatThrownBy(() -> Node.create(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Node.create("a\u0000b")).hasMessageContaining("'a\\u0000b'");
        assertThatThrownBy(() -> Node.create("n".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 255 characters");
    }

    @Test
    void send_toDeadPid_isSilentlyAccepted(Node node) {
        Pid dead = node.spawn(() -> {});
        node.exit(dead, ExitReason.KILL);
        node.send(dead, "into the void");
    }

    @Test
    void negativeTimeouts_areRefused(Node node) {
        Pid p = node.spawn(() -> Process.receive());
        assertThatThrownBy(() -> GenServer.call(p, "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        Probe probe = Probe.spawn(node);
        assertThatThrownBy(() -> probe.exec(() -> Process.receive(Duration.ofMillis(-5))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> probe.exec(() -> {
            Process.sleep(Duration.ofMillis(-5));
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a sleep must not be negative");
        // init's idle timeout, as a handler's (it was taken as zero: a new user's finding)
        assertThatThrownBy(() -> io.loomotp.runtime.server.InitResult.ok(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("InitResult.ok(PT-0.001S): an idle timeout must not be negative");
        // a null timeout waits forever, as every form of receive takes it: here a message is there already
        assertThat(probe.exec(() -> {
            Process.send(Process.self(), "there");
            return Process.receive((Duration) null);
        })).isEqualTo("there");
    }

    @Test
    void nullMessage_isRefused(Node node) {
        Pid p = node.spawn(() -> Process.receive());
        assertThatThrownBy(() -> node.send(p, null))
                .isInstanceOf(NullPointerException.class).hasMessage("message must not be null");
        assertThatThrownBy(() -> GenServer.call(p, null))
                .isInstanceOf(NullPointerException.class).hasMessage("request must not be null");
        assertThatThrownBy(() -> GenServer.cast(p, null))
                .isInstanceOf(NullPointerException.class).hasMessage("message must not be null");
    }

    @Test
    void foreignPid_isRefused(Node node) {
        Pid fake = new Pid() {
            @Override
            public int nodeId() {
                return 0;
            }

            @Override
            public long serial() {
                return 1;
            }
        };
        assertThatThrownBy(() -> node.send(fake, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a pid made by the Loom OTP runtime");
    }

    @Test
    void processOnlyOperations_fromAPlainThread_sayWhy() {
        assertThatThrownBy(Process::self).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Process.self() must be called from a process");
        assertThatThrownBy(Process::receive).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void systemPid_cannotBeLinkedOrCalled(Node node) {
        Probe p = Probe.spawn(node);
        assertThatThrownBy(() -> p.run(() -> Process.link(node.systemPid())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system pid");
        assertThatThrownBy(() -> GenServer.call(node.systemPid(), "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("system pid");
        // a server monitoring its caller, when the caller is a plain thread: a monitor that never fires
        MonitorRef ref = p.exec(() -> Process.monitor(node.systemPid()));
        assertThat(ref).isNotNull();
        assertThat(p.drain()).isEmpty();
    }

    @Test
    void spawn_onClosedNode_isRefused(Node node) {
        node.close();
        assertThatThrownBy(() -> node.spawn(() -> {}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void boundedMailbox_reject_tellsTheSender_andReportsTheDrops(Node node, Reports reports) {
        Pid p = node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(1)),
                SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(2, Overflow.REJECT)));
        node.send(p, 1);
        node.send(p, 2);
        assertThatThrownBy(() -> node.send(p, 3))
                .isInstanceOfSatisfying(MailboxFullException.class, e -> assertThat(e.receiver()).isEqualTo(p))
                .hasMessageContaining("capacity 2, policy REJECT");
        assertThatThrownBy(() -> GenServer.call(p, "x")).isInstanceOf(MailboxFullException.class);
        assertThat(node.info(p).droppedMessages()).isEqualTo(2);
        DropReport report = reports.await(DropReport.class);
        assertThat(report.count()).isEqualTo(2);
        assertThat(report.format()).isEqualTo("2 messages dropped by " + p
                + " (mailbox full: capacity 2, policy REJECT)");
    }

    @Test
    void boundedMailbox_dropNewest_reportsEveryDrop(Node node, Reports reports) {
        Pid p = node.spawn(() -> Process.receive(m -> false, Duration.ofMinutes(1)),
                SpawnOptions.defaults().withMailbox(MailboxSpec.bounded(10, Overflow.DROP_NEWEST)));
        for (int i = 0; i < 1000; i++) {
            node.send(p, i);
        }
        assertThat(node.info(p).mailboxLength()).isEqualTo(10);
        assertThat(node.info(p).droppedMessages()).isEqualTo(990);
        node.exit(p, ExitReason.KILL); // closing the mailbox reports what was not reported yet
        long reported = Await_sum(reports);
        assertThat(reported).isEqualTo(990);
    }

    private static long Await_sum(Reports reports) {
        return io.loomotp.runtime.testing.Await.until(() -> {
            long n = reports.of(DropReport.class).stream().mapToLong(DropReport::count).sum();
            return n >= 990 ? n : null;
        }, "990 drops reported");
    }

    @Test
    void mailboxSpec_badCapacity_isRefused() {
        assertThatThrownBy(() -> MailboxSpec.bounded(0, Overflow.BLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive capacity");
    }

    /**
     * A supervisor's or an event manager's request sent to a process that runs neither: OTP's wait for ever (the
     * requests have no timeout), or, from a server that answers anything, an internal ClassCastException (a new
     * user's findings). Refused at once, naming what the process runs.
     */
    @Test
    void supervisorAndEventManagerRequests_toTheWrongProcess_areRefusedAtOnce(Node node) {
        Pid plain = node.spawn(() -> Process.receive(Duration.ofMinutes(1)));
        Pid server = GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<Object>() {
            @Override
            public Object handleCall(Object state, Object request, From from) {
                return "anything";
            }
        }, Object::new);
        io.loomotp.runtime.supervisor.ChildSpec spec = io.loomotp.runtime.supervisor.ChildSpec.worker("w",
                () -> node.spawn(() -> { }));
        assertThatThrownBy(() -> io.loomotp.runtime.supervisor.Supervisor.startChild(plain, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Supervisor.startChild: " + plain + " is no supervisor: it runs no behaviour");
        assertThatThrownBy(() -> io.loomotp.runtime.supervisor.Supervisor.whichChildren(server))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Supervisor.whichChildren: " + server + " is no supervisor: it runs gen_server");
        assertThatThrownBy(() -> io.loomotp.runtime.event.EventManager.addHandler(plain, new Ignoring()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EventManager.addHandler: " + plain + " is no gen_event");
        assertThatThrownBy(() -> io.loomotp.runtime.event.EventManager.syncNotify(server, "event"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is no gen_event");
        assertThat(node.isAlive(plain)).isTrue();
        assertThat(node.isAlive(server)).isTrue();
    }

    /** A failed start of a server of an anonymous class: its message began with a blank (a new user's finding). */
    @Test
    void failedStart_ofAnAnonymousClass_saysSo(Node node) {
        assertThatThrownBy(() -> GenServer.start(node, new io.loomotp.runtime.server.ServerCallbacks<Object>() { },
                () -> {
                    throw new IllegalStateException("no disk");
                })).isInstanceOf(StartFailedException.class)
                .hasMessageStartingWith("a process of an anonymous class failed to start: ");
    }

    private static final class Ignoring implements io.loomotp.runtime.event.EventHandler {
        @Override
        public void handleEvent(Object event) {}
    }
}
