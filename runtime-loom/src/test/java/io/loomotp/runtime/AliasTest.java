package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** OTP 24's process aliases, in the shapes of {@code erts/emulator/test/process_SUITE}'s alias cases. */
@ExtendWith(NodeExtension.class)
class AliasTest {
    record Ping(Alias replyTo, int n) {}

    record Pong(int n) {}

    @Test
    void anActiveAlias_delivers_anUnaliasedOne_drops(Node node) {
        Probe owner = Probe.spawn(node);
        Alias alias = owner.exec(Process::alias);
        assertThat(alias.owner()).isEqualTo(owner.pid());
        node.send(alias, "first");
        assertThat(owner.next()).isEqualTo("first");
        assertThat(owner.exec(() -> Process.unalias(alias))).isTrue();
        assertThat(owner.exec(() -> Process.unalias(alias))).as("once").isFalse();
        node.send(alias, "late");
        node.send(owner.pid(), "marker");
        assertThat(owner.next()).as("the send through the retired alias was dropped").isEqualTo("marker");
    }

    @Test
    void aReplyAlias_takesOneMessage(Node node) {
        Probe owner = Probe.spawn(node);
        Alias alias = owner.exec(() -> Process.alias(AliasMode.REPLY));
        node.send(alias, "reply");
        node.send(alias, "duplicate");
        node.send(owner.pid(), "marker");
        assertThat(owner.next()).isEqualTo("reply");
        assertThat(owner.next()).isEqualTo("marker");
        assertThat(owner.exec(() -> Process.unalias(alias))).as("already ended by its reply").isFalse();
    }

    /** The use aliases were made for: a client gives up on a request, and the late answer never reaches it. */
    @Test
    void aLateAnswer_toARetiredAlias_neverArrives(Node node) {
        Pid slow = node.spawn(() -> {
            Ping p = Process.receive(Ping.class, Duration.ofSeconds(5));
            Process.receive(m -> m.equals("answer now"), Duration.ofSeconds(5));
            Process.send(p.replyTo(), new Pong(p.n()));
            Process.send(p.replyTo().owner(), "sent");
        });
        Probe client = Probe.spawn(node);
        Object got = client.exec(() -> {
            Alias a = Process.alias();
            Process.send(slow, new Ping(a, 1));
            Object answer = Process.receive(Pong.class, Duration.ofMillis(20));
            Process.unalias(a);
            return answer == null ? "gave up" : answer;
        });
        assertThat(got).isEqualTo("gave up");
        node.send(slow, "answer now");
        assertThat(client.next()).as("the pong was dropped, only the plain message came").isEqualTo("sent");
    }

    @Test
    void theOwnersDeath_endsItsAliases(Node node) {
        Probe owner = Probe.spawn(node);
        Alias alias = owner.exec(Process::alias);
        node.exit(owner.pid(), ExitReason.KILL);
        node.send(alias, "to nobody"); // dropped without an error, as a send to a dead pid
        Probe other = Probe.spawn(node);
        assertThat(other.exec(() -> Process.unalias(alias))).as("not the owner's").isFalse();
    }

    @Test
    void onlyTheOwner_unaliases(Node node) {
        Probe owner = Probe.spawn(node);
        Probe other = Probe.spawn(node);
        Alias alias = owner.exec(Process::alias);
        assertThat(other.exec(() -> Process.unalias(alias))).isFalse();
        node.send(alias, "still active");
        assertThat(owner.next()).isEqualTo("still active");
        assertThatThrownBy(Process::alias).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Process.alias must be called from a process");
        assertThatThrownBy(() -> node.send(alias, null)).isInstanceOf(NullPointerException.class);
    }

    /** {@code monitor(process, Pid, [{alias, demonitor}])}: the alias ends with the monitor, by Down or demonitor. */
    @Test
    void aMonitorsAlias_endsWithTheMonitor(Node node) {
        Probe owner = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        Alias alias = owner.exec(() -> Process.monitorWithAlias(target, AliasMode.DEMONITOR));
        node.send(alias, "while monitored");
        assertThat(owner.next()).isEqualTo("while monitored");
        node.exit(target, ExitReason.custom("gone"));
        assertThat(owner.next(Down.class).ref()).isEqualTo(alias.ref());
        node.send(alias, "after the Down");
        node.send(owner.pid(), "marker");
        assertThat(owner.next()).isEqualTo("marker");

        Pid second = node.spawn(() -> Process.receive());
        Alias other = owner.exec(() -> Process.monitorWithAlias(second, AliasMode.DEMONITOR));
        owner.exec(() -> Process.demonitor(other.ref()));
        node.send(other, "after demonitor");
        node.send(owner.pid(), "marker 2");
        assertThat(owner.next()).isEqualTo("marker 2");
        node.exit(second, ExitReason.KILL);
    }

    @Test
    void replyDemonitor_takesOneReply_andEndsTheMonitor(Node node) {
        Probe owner = Probe.spawn(node);
        Pid target = node.spawn(() -> Process.receive());
        Alias alias = owner.exec(() -> Process.monitorWithAlias(target, AliasMode.REPLY_DEMONITOR));
        node.send(alias, "reply");
        node.send(alias, "second");
        assertThat(owner.next()).isEqualTo("reply");
        node.exit(target, ExitReason.KILL);
        node.send(owner.pid(), "marker");
        assertThat(owner.next()).as("no second message and no Down: the reply ended the monitor").isEqualTo("marker");
    }

    @Test
    void aMonitorsAlias_ofADeadProcess_isInactiveAtOnce(Node node) {
        Pid dead = node.spawn(() -> { });
        Probe owner = Probe.spawn(node);
        owner.exec(() -> Process.monitor(dead));
        owner.next(Down.class); // it is dead now
        Alias alias = owner.exec(() -> Process.monitorWithAlias(dead, AliasMode.DEMONITOR));
        assertThat(owner.next(Down.class).reason()).isEqualTo(ExitReason.NOPROC);
        node.send(alias, "to nobody");
        node.send(owner.pid(), "marker");
        assertThat(owner.next()).isEqualTo("marker");
        assertThatThrownBy(() -> owner.exec(() -> Process.monitorWithAlias(dead, AliasMode.REPLY)))
                .hasMessageContaining("not of monitor/3");
        assertThatThrownBy(() -> owner.exec(() -> Process.alias(AliasMode.DEMONITOR)))
                .hasMessageContaining("monitorWithAlias");
    }
}
