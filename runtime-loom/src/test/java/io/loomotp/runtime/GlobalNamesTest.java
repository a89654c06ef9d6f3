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
            GlobalNameHook.install(node, Map.of("x", pid)::get, (name, p) -> false);
            assertThat(GlobalNames.whereis(node, "x")).isEqualTo(pid);
            assertThat(GlobalNames.whereis(node, "y")).isNull();
            GlobalNameHook.uninstall(node);
            assertThatThrownBy(() -> GlobalNames.whereis(node, "x")).isInstanceOf(IllegalStateException.class);
        }
    }
}
