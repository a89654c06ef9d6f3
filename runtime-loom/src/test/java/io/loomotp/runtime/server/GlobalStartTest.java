package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.AlreadyStartedException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.remote.GlobalNameHook;
import io.loomotp.runtime.testing.Probe;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A start with a global name ({@code gen_server:start({global, Name}, ...)}), against a stand-in for the cluster's
 * name server installed through the hook the cluster module uses; the real one is in the cluster's GlobalTest.
 */
class GlobalStartTest {
    /**
     * A start with a global name the cluster refuses ({@code {error, {already_started, Pid}}}) ends the new process
     * before it runs, names the holder, and leaves a linked starter alive and without a message.
     */
    @Test
    void start_withAGlobalNameTaken_isAlreadyStarted_andTheLinkedStarterStaysUp() {
        try (Node node = Node.create("joined")) {
            Pid holder = node.spawn(() -> Process.receive());
            java.util.List<Pid> claimed = new java.util.concurrent.CopyOnWriteArrayList<>();
            GlobalNameHook.install(node, Map.of("taken", holder)::get, (name, p) -> {
                claimed.add(p);
                return !name.equals("taken");
            }, (nodeName, name) -> null);
            Probe starter = Probe.spawn(node);
            starter.exec(() -> {
                Process.trapExits(true);
                return null;
            });
            int before = node.processCount();
            var callbacks = TestServer.CALLBACKS;
            assertThatThrownBy(() -> starter.exec(() -> GenServer.startLink(callbacks,
                    () -> new TestServer.State("p"),
                    StartOptions.defaults().withGlobalName("taken"))))
                    .isInstanceOfSatisfying(AlreadyStartedException.class, e -> assertThat(e.holder()).isEqualTo(holder));
            assertThat(node.processCount()).isEqualTo(before);
            assertThat(node.isAlive(claimed.getFirst())).isFalse();
            assertThat(starter.drain()).as("no EXIT from the unlinked process").isEmpty();
            Pid started = starter.exec(() -> GenServer.startLink(callbacks,
                    () -> new TestServer.State("p"),
                    StartOptions.defaults().withGlobalName("free")));
            assertThat(claimed).last().isEqualTo(started);
            GenServer.stop(started);
            GlobalNameHook.uninstall(node);
        }
    }
}
