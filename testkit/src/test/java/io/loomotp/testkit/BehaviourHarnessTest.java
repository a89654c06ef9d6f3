package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What both harnesses share ({@link BehaviourHarness}), shown by one helper that reads the effect log and the stop of
 * either kind: the server and the door of the two harness tests, each asked to stop after a reply.
 */
class BehaviourHarnessTest {

    /** The effects since the last take end with the reply to {@code caller}, then the stop for {@code reason}. */
    private static void assertRepliedThenStopped(BehaviourHarness h, Pid caller, Object reply, ExitReason reason) {
        List<Effect> effects = h.takeEffects();
        assertThat(effects).endsWith(new Effect.Reply(caller, reply), new Effect.Stopped(reason));
        assertThat(h.effects()).as("takeEffects forgets what it took").isEmpty();
        assertThat(h.isStopped()).isTrue();
        assertThat(h.stopReason()).isEqualTo(reason);
    }

    @Test
    void server_stopAfterReply_readThroughTheSharedBase() throws Exception {
        ServerHarness<List<String>> server = ServerHarness.of(new ServerHarnessTest.Echo(), new ArrayList<>());
        Pid caller = BehaviourHarness.pid();
        assertThat(server.isStopped()).isFalse();
        assertThat(server.stopReason()).isNull();
        server.call(caller, "stop");
        assertRepliedThenStopped(server, caller, "bye", ExitReason.shutdown("asked"));
    }

    @Test
    void machine_stopAfterReply_readThroughTheSharedBase() throws Exception {
        StateMachineHarness<List<String>> door =
                StateMachineHarness.of(new StateMachineHarnessTest.Door(), new ArrayList<>());
        door.init();
        io.loomotp.runtime.From reply = door.callDeferred("bye");
        assertRepliedThenStopped(door, reply.pid(), "bye", ExitReason.NORMAL);
    }

    @Test
    void pidsAndSelves_areDistinct_acrossBothKinds() {
        ServerHarness<List<String>> server = ServerHarness.of(new ServerHarnessTest.Echo(), new ArrayList<>());
        StateMachineHarness<List<String>> door =
                StateMachineHarness.of(new StateMachineHarnessTest.Door(), new ArrayList<>());
        assertThat(List.of(server.self(), door.self(), ServerHarness.pid(), StateMachineHarness.pid()))
                .doesNotHaveDuplicates();
    }
}
