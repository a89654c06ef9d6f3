package io.loomotp.testkit.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.loomotp.runtime.Node;
import io.loomotp.testkit.LoomOtpTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A test that joins the kit's node to a cluster and never closes it: the kit's leak check names the cluster's own
 * processes, and says that they are the cluster's and that it was not closed (a new user's finding: four "leaked"
 * internal processes with no hint). The fixture runs through the JUnit launcher, and is skipped on its own.
 */
class UnclosedJoinTest {
    private static final String GATE = "loomotp.testkit.cluster.fixtures";

    @LoomOtpTest
    @EnabledIfSystemProperty(named = GATE, matches = "on")
    static class Fixture {
        @Test
        void joinsAndNeverCloses(Node node) {
            TestCluster.join(node, config -> config.allow(Msg.ALLOWED));
        }
    }

    @Test
    void leakCheck_ofAJoinNeverClosed_saysTheClusterWasNotClosed() {
        System.setProperty(GATE, "on");
        TestExecutionSummary summary;
        try {
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(Fixture.class)).build(), listener);
            summary = listener.getSummary();
        } finally {
            System.clearProperty(GATE);
        }
        List<TestExecutionSummary.Failure> failures = summary.getFailures();
        assertThat(failures).hasSize(1);
        String failure = failures.getFirst().getException().getMessage();
        assertThat(failure).contains("[cluster] registered as 'global_name_server'",
                "[cluster] registered as 'rex'", "[cluster] registered as 'loomotp.dist_ac'");
        assertThat(failure).containsPattern("\nthe \\d marked \\[cluster\\] are the cluster's own processes, which a "
                + "join starts on the node and its close stops: a TestCluster \\(or Cluster\\) joined in the test was "
                + "not closed; close it");
        assertThat(failure.lines().filter(l -> l.startsWith("  <")).allMatch(l -> l.contains("[cluster]")))
                .as("every leaked process is the cluster's: %s", failure).isTrue();
    }
}
