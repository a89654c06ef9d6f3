package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sides a test gives {@link TestCluster#split}, checked before anything is cut: each mistake named. */
class SidesTest {
    private static final Set<String> REMOTE = Set.of("b", "c");

    @Test
    void check_everyNodeOnceOnTwoSides_givesTheSidesInOrder() {
        assertThat(Sides.check(List.of(List.of("a", "b"), List.of("c")), "a", REMOTE))
                .containsExactly(Set.of("a", "b"), Set.of("c"));
        assertThat(Sides.check(List.of(List.of("c"), List.of("b"), List.of("a")), "a", REMOTE)).hasSize(3);
    }

    @Test
    void check_oneSide_refused() {
        assertThatThrownBy(() -> Sides.check(List.of(List.of("a", "b", "c")), "a", REMOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a split needs two sides or more, got [[a, b, c]]; the cluster's nodes are [a, b, c]");
    }

    @Test
    void check_emptySide_refused() {
        assertThatThrownBy(() -> Sides.check(List.of(List.of("a", "b", "c"), List.of()), "a", REMOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a side of a split is empty: [[a, b, c], []]");
    }

    @Test
    void check_nodeNamedTwice_refused() {
        assertThatThrownBy(() -> Sides.check(List.of(List.of("a", "b"), List.of("b", "c")), "a", REMOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node b is named twice in the split [[a, b], [b, c]]");
    }

    @Test
    void check_unknownNode_refused() {
        assertThatThrownBy(() -> Sides.check(List.of(List.of("a", "b"), List.of("c", "x")), "a", REMOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no node x is running in this test cluster; its nodes are [a, b, c]");
    }

    @Test
    void check_nodeLeftOut_refused() {
        assertThatThrownBy(() -> Sides.check(List.of(List.of("a"), List.of("b")), "a", REMOTE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the split [[a], [b]] leaves out [c]: name every node of the cluster [a, b, c] on one "
                        + "side");
    }
}
