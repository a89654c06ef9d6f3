package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.NodeExtension.Reports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A generated server with {@code @Continue}: gen_server's {@code {continue, C}} as a user writes it. */
@ExtendWith(NodeExtension.class)
class WarehouseTest {
    @Test
    void theFirstCall_findsTheSetupDone_becauseContinuationsComeBeforeMessages(Node node) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        assertThat(warehouse.shelves()).containsExactly("shelf 0", "shelf 1", "shelf 2");
        assertThat(warehouse.steps()).containsExactly("init", "fill 3", "fill 2", "fill 1");
    }

    @Test
    void continuationsAreChosenByType_andTheLastRequestOfAHandlerWins(Node node) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        warehouse.restock(2);
        assertThat(warehouse.steps()).containsExactly("init", "fill 3", "fill 2", "fill 1", "restock 2",
                "restocked");
        assertThat(warehouse.shelves()).hasSize(3);
    }

    @Test
    void aContinuationNoMethodTakes_crashesTheServer_namingIt(Node node, Reports reports) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        warehouse.oddJob();
        CrashReport r = reports.await(CrashReport.class);
        assertThat(r.lastMessage()).isEqualTo("continue 42");
        assertThat(r.reason().toString()).contains("no @Continue method of Warehouse takes 42");
        Await.until(() -> !node.isAlive(warehouse.pid()), "the warehouse to stop");
    }
}
