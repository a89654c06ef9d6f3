package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.report.ProcessErrorReport;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import io.loomotp.runtime.testing.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A crashed process's report is written before its links and monitors are told, as {@code proc_lib:exit_p/3} writes
 * its crash report before it exits: whoever waits for the {@code Down} (a test's probe) finds the report there. A new
 * user's finding: a plain process's Down came first in about one crash in six, so a test kit's check for unexpected
 * crashes missed some.
 */
@ExtendWith(NodeExtension.class)
class ReportOrderTest {

    @Test
    void aPlainProcessCrash_isReportedBeforeItsDownArrives(Node node, Reports reports) {
        Probe watcher = Probe.spawn(node);
        for (int i = 1; i <= 200; i++) {
            Process.Spawned s = watcher.exec(() -> Process.spawnMonitor(() -> {
                throw new IllegalStateException("boom");
            }));
            Down down = watcher.next(Down.class);
            assertThat(down.pid()).isEqualTo(s.pid());
            // read at once, with no wait: the report must be there already
            assertThat(reports.of(ProcessErrorReport.class)).as("crash %d", i).hasSize(i);
        }
    }
}
