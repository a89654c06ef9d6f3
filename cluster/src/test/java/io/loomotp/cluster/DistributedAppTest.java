package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distribution of one application, read from OTP's notation as in the book's dist.config. */
class DistributedAppTest {

    @Test
    void parse_theBooksDistConfig() {
        DistributedApp bsc = DistributedApp.parse("{bsc, 1000, [n1, {n2, n3}, n4]}");
        assertThat(bsc).isEqualTo(new DistributedApp("bsc", Duration.ofMillis(1000),
                List.of(List.of("n1"), List.of("n2", "n3"), List.of("n4"))));
        assertThat(bsc.nodes()).containsExactly("n1", "n2", "n3", "n4");
        assertThat(bsc).hasToString("{bsc, 1000, [n1, {n2, n3}, n4]}");
        assertThat(DistributedApp.parse(bsc.toString())).isEqualTo(bsc);
    }

    @Test
    void parse_withoutTime_waitsZero_asOtp() {
        assertThat(DistributedApp.parse("{app1, [cp1, cp2]}").failoverWait()).isEqualTo(Duration.ZERO);
        assertThat(DistributedApp.parse("app1, 5, [{cp1, cp2}, cp3]").precedence())
                .containsExactly(List.of("cp1", "cp2"), List.of("cp3"));
    }

    @Test
    void parse_badInput_saysWhatIsWrong() {
        assertThatThrownBy(() -> DistributedApp.parse("bsc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write it as {bsc, 1000, [n1, {n2, n3}, n4]}");
        assertThatThrownBy(() -> DistributedApp.parse("{bsc, soon, [n1]}"))
                .hasMessageContaining("the failover wait 'soon' is not a number of milliseconds");
        assertThatThrownBy(() -> DistributedApp.parse("{bsc, 10, [n1, {n2, n1}]}"))
                .hasMessageContaining("node n1 appears twice");
        assertThatThrownBy(() -> DistributedApp.parse("{bsc, 10, []}")).hasMessageContaining("the node list is empty");
        assertThatThrownBy(() -> DistributedApp.parse("{bsc, 10, [n1, {n2, n3]}"))
                .hasMessageContaining("a group { is not closed");
        assertThatThrownBy(() -> new DistributedApp("bsc", Duration.ofMillis(-1), List.of(List.of("n1"))))
                .hasMessageContaining("the failover wait is negative");
    }

    @Test
    void syncNodes_negativeTimeout_refused() {
        assertThatThrownBy(() -> new SyncNodes(List.of(), List.of(), Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sync_nodes_timeout is negative");
    }
}
