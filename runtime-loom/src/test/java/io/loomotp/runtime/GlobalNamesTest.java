package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.remote.GlobalNameHook;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalNamesTest {
    @Test
    void whereis_nodeInNoCluster_illegalStateNamingTheFix() {
        try (Node node = Node.create("alone")) {
            assertThatThrownBy(() -> GlobalNames.whereis(node, "x")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Cluster.join");
        }
    }

    @Test
    void whereis_installedLookup_answersUntilUninstalled() {
        try (Node node = Node.create("joined")) {
            Pid pid = node.systemPid();
            GlobalNameHook.install(node, Map.of("x", pid)::get, (name, p) -> false,
                    (nodeName, name) -> nodeName.equals("b") && name.equals("kv") ? pid : null);
            assertThat(GlobalNames.whereis(node, "x")).isEqualTo(pid);
            assertThat(GlobalNames.whereis(node, "y")).isNull();
            // {Name, Node}: asked of the installed lookup at each use; this node's own name is a local name
            io.loomotp.runtime.ProcessName kv = io.loomotp.runtime.ProcessName.on(node, "b", "kv");
            assertThat(kv.whereis()).isEqualTo(pid);
            assertThat(kv).hasToString("{kv, b}");
            assertThat(io.loomotp.runtime.ProcessName.on(node, "b", "nobody").whereis()).isNull();
            assertThatThrownBy(() -> io.loomotp.runtime.ProcessName.on(node, "b", "nobody").resolve("call x"))
                    .isInstanceOf(NoProcessException.class).hasMessageContaining("{nobody, b}");
            assertThat(io.loomotp.runtime.ProcessName.on(node, "joined", "kv").onNode()).isNull();
            GlobalNameHook.uninstall(node);
            assertThatThrownBy(() -> GlobalNames.whereis(node, "x")).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> io.loomotp.runtime.ProcessName.on(node, "b", "kv"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("is in no cluster");
        }
    }
}
