package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NodeExtension.class)
class RegistryTest {

    @Test
    void register_thenWhereisAndSendByName(Node node) {
        Probe p = Probe.spawn(node);
        node.register("frequency", p.pid());
        assertThat(node.whereis("frequency")).isEqualTo(p.pid());
        assertThat(node.registered()).containsExactly("frequency");
        node.send("frequency", "hello");
        assertThat(p.next()).isEqualTo("hello");
        assertThat(node.info(p.pid()).registeredName()).isEqualTo("frequency");
    }

    /** On a closed node, as spawn says it (a new user's finding: it said "no process", as for a dead pid). */
    @Test
    void register_onAClosedNode_saysTheNodeIsClosed() {
        Node closed = Node.create("closing");
        Pid p = closed.spawn(() -> Process.receive());
        closed.close();
        assertThatThrownBy(() -> closed.register("late", p)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node closing is closed");
    }

    @Test
    void register_takenName_failsWithTheHoldersPid(Node node) {
        Pid a = node.spawn(() -> Process.receive());
        Pid b = node.spawn(() -> Process.receive());
        node.register("x", a);
        assertThatThrownBy(() -> node.register("x", b))
                .isInstanceOfSatisfying(AlreadyRegisteredException.class, e -> {
                    assertThat(e.holder()).isEqualTo(a);
                    assertThat(e.name()).isEqualTo("x");
                })
                .hasMessageContaining("'x' is already registered to " + a);
    }

    @Test
    void register_secondNameForOneProcess_isRefused(Node node) {
        Pid a = node.spawn(() -> Process.receive());
        node.register("x", a);
        assertThatThrownBy(() -> node.register("y", a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'x'");
        // the same name again is refused too, as register/2's badarg ("the process is already registered")
        assertThatThrownBy(() -> node.register("x", a))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already registered as 'x'");
        assertThat(node.whereis("x")).isEqualTo(a);
    }

    @Test
    void register_deadProcess_throwsNoProcess(Node node) {
        Pid dead = node.spawn(() -> Process.receive());
        node.exit(dead, ExitReason.KILL);
        assertThatThrownBy(() -> node.register("late", dead)).isInstanceOf(NoProcessException.class);
    }

    @Test
    void name_isReleasedOnDeath_andCanBeTakenAgain(Node node) {
        Pid a = node.spawn(() -> Process.receive());
        node.register("x", a);
        node.exit(a, ExitReason.KILL);
        assertThat(node.whereis("x")).isNull();
        Pid b = node.spawn(() -> Process.receive());
        node.register("x", b);
        assertThat(node.whereis("x")).isEqualTo(b);
    }

    @Test
    void unregister_removesTheName(Node node) {
        Pid a = node.spawn(() -> Process.receive());
        node.register("x", a);
        assertThat(node.unregister("x")).isTrue();
        assertThat(node.unregister("x")).isFalse();
        assertThat(node.whereis("x")).isNull();
        assertThat(node.info(a).registeredName()).isNull();
    }

    @Test
    void send_toUnknownName_throwsNoProcess(Node node) {
        assertThatThrownBy(() -> node.send("nobody", "hi"))
                .isInstanceOf(NoProcessException.class)
                .hasMessageContaining("no process nobody");
    }

    @Test
    void spawn_withTakenName_startsNothing(Node node) {
        Pid a = node.spawn(() -> Process.receive(), SpawnOptions.defaults().withName("x"));
        int before = node.processCount();
        assertThatThrownBy(() -> node.spawn(() -> {}, SpawnOptions.defaults().withName("x")))
                .isInstanceOf(AlreadyRegisteredException.class);
        assertThat(node.processCount()).isEqualTo(before);
        assertThat(node.whereis("x")).isEqualTo(a);
    }

    @Test
    void register_blankName_isRefused(Node node) {
        Pid a = node.spawn(() -> Process.receive());
        assertThatThrownBy(() -> node.register(" ", a)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.register(null, a)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void register_theSystemPid_isRefused(Node node) {
        assertThatThrownBy(() -> node.register("sys", node.systemPid()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is the node's system pid");
        assertThat(node.whereis("sys")).isNull();
    }
}
