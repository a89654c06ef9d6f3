package io.loomotp.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.cluster.internal.DistDecision.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decision every node computes alone: OTP's {@code dist_ac:find_start_node} on the book's
 * {@code [n1, {n2, n3}, n4]}, and the rule that makes two running instances one.
 */
class DistDecisionTest {
    private static final List<List<String>> BSC = List.of(List.of("n1"), List.of("n2", "n3"), List.of("n4"));
    private static final Candidate IDLE = new Candidate(false, 0);
    private static final Candidate RUNNING = new Candidate(true, 1);

    @Test
    void target_firstAliveCandidateInPrecedence() {
        assertThat(DistDecision.target(BSC, Map.of("n1", IDLE, "n2", IDLE, "n4", IDLE))).isEqualTo("n1");
        assertThat(DistDecision.target(BSC, Map.of("n4", IDLE))).isEqualTo("n4");
        assertThat(DistDecision.target(BSC, Map.of())).isNull();
    }

    @Test
    void target_higherPrecedenceCandidate_takesOverFromALowerRunner() {
        assertThat(DistDecision.target(BSC, Map.of("n1", IDLE, "n4", RUNNING))).isEqualTo("n1");
        assertThat(DistDecision.keptRunner(BSC, Map.of("n1", IDLE, "n4", RUNNING))).isEqualTo("n4");
    }

    @Test
    void target_equalPrecedence_aRunnerInTheGroupKeepsIt() {
        assertThat(DistDecision.target(BSC, Map.of("n2", IDLE, "n3", RUNNING, "n4", IDLE))).isEqualTo("n3");
    }

    @Test
    void target_equalPrecedence_fewestRunningApplicationsThenName() {
        // OTP's weight: cp1 already runs an application, so cp2 starts app_sp (application_SUITE:failover)
        assertThat(DistDecision.target(BSC, Map.of("n2", new Candidate(false, 1), "n3", IDLE))).isEqualTo("n3");
        assertThat(DistDecision.target(BSC, Map.of("n2", IDLE, "n3", IDLE))).isEqualTo("n2");
    }

    @Test
    void keptRunner_afterAPartitionHealed_theHigherPrecedenceInstanceStays() {
        // {n1} | {n2, n3} split: n2 failed over while n1 kept running; after the merge n1's instance is kept
        assertThat(DistDecision.keptRunner(BSC, Map.of("n1", RUNNING, "n2", RUNNING, "n3", IDLE))).isEqualTo("n1");
        // both halves of a group ran it: the first by name stays
        assertThat(DistDecision.keptRunner(BSC, Map.of("n3", RUNNING, "n2", RUNNING, "n4", RUNNING)))
                .isEqualTo("n2");
        assertThat(DistDecision.keptRunner(BSC, Map.of("n3", IDLE))).isNull();
    }
}
