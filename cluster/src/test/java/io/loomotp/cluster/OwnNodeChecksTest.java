package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks global and pg make of a pid, with two nodes in one JVM, where another node's process can be handed over
 * as that node's own pid (not a remote one): pg_SUITE's process_owner_check ({@code {nolocal, Pid}}) and a global
 * name registered on its process's node only, as in production. And the misuses a new user's port met.
 */
class OwnNodeChecksTest {
    private static TwoNodes n;

    @BeforeAll
    static void start() {
        n = TwoNodes.start("loomotp-own-node-checks");
    }

    @AfterAll
    static void stop() {
        if (n != null) {
            n.close();
        }
    }

    @Test
    void anotherNodesOwnPid_isRefusedByGlobalAndPg_asARemotePidIs() {
        Pid ofY = n.y().spawn(() -> Process.receive("stop"::equals)); // y's pid, as y itself has it
        try {
            assertThatThrownBy(() -> n.cx().global().register("own_check", ofY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is a process of node y; a global name is registered on the node of its "
                            + "process");
            assertThat(n.cx().global().whereis("own_check")).isNull();
            assertThatThrownBy(() -> n.cx().pg().join("own_check", ofY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pg: {nolocal, " + ofY + "}");
            assertThat(n.cx().pg().members("own_check")).isEmpty();
        } finally {
            n.y().send(ofY, "stop");
        }
    }

    @Test
    void pgMisuses_aNullPid_noPid_anEmptyList() {
        Pg pg = n.cx().pg();
        assertThatThrownBy(() -> pg.join("g", (Pid) null)).isInstanceOf(NullPointerException.class)
                .hasMessage("pg: pid 1 of 1 is null");
        assertThatThrownBy(() -> pg.join("g")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pg: no process given: join(group, Process.self())");
        pg.join("g", List.of()); // pg:join(Group, []) joins nothing, as OTP's
        assertThat(pg.members("g")).isEmpty();
    }

    /** {Name, node()} ! Msg with nobody holding Name is badarg; to another node's name, it is dropped silently. */
    @Test
    void sendByName_toThisNodesOwnName_failsForANameNobodyHolds_asALocalSendDoes() {
        assertThatThrownBy(() -> n.cx().send("x", "nobody_here", "hello"))
                .isInstanceOf(io.loomotp.runtime.NoProcessException.class);
        n.cx().send("y", "nobody_there", "hello"); // another node's: nothing happens, as in Erlang
        io.loomotp.runtime.testing.Probe p = io.loomotp.runtime.testing.Probe.spawn(n.x());
        n.x().register("own_send", p.pid());
        n.cx().send("x", "own_send", "hello");
        assertThat(p.next()).isEqualTo("hello");
    }

    @Test
    void trans_fromAThreadThatIsNoProcess_namesTrans() {
        assertThatThrownBy(() -> n.cx().global().trans(new Global.LockId("r", "me"), () -> 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Global.trans must be called from a process");
    }
}
