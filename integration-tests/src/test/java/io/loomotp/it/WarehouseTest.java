package io.loomotp.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.report.CrashReport;
import io.loomotp.testkit.CrashExpectation;
import io.loomotp.testkit.LoomOtpTest;
import io.loomotp.testkit.TestKit;
import io.loomotp.testkit.TestProbe;
import org.junit.jupiter.api.Test;

/** A generated server with {@code @Continue}: gen_server's {@code {continue, C}} as a user writes it. */
@LoomOtpTest
class WarehouseTest {
    @Test
    void theFirstCall_findsTheSetupDone_becauseContinuationsComeBeforeMessages(Node node) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        assertThat(warehouse.shelves()).containsExactly("shelf 0", "shelf 1", "shelf 2");
        assertThat(warehouse.steps()).containsExactly("init", "fill 3", "fill 2", "fill 1");
        warehouse.stop();
    }

    @Test
    void aVoidCall_returnsOnceItsHandlerHasRun(Node node) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        warehouse.clear(); // no value, but the server has run it when this returns
        assertThat(warehouse.shelves()).isEmpty();
        assertThat(warehouse.steps()).endsWith("clear");
        warehouse.stop();
    }

    @Test
    void continuationsAreChosenByType_andTheLastRequestOfAHandlerWins(Node node) {
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        warehouse.restock(2);
        assertThat(warehouse.steps()).containsExactly("init", "fill 3", "fill 2", "fill 1", "restock 2",
                "restocked");
        assertThat(warehouse.shelves()).hasSize(3);
        warehouse.stop();
    }

    @Test
    void aContinuationNoMethodTakes_crashesTheServer_namingIt(Node node, TestKit kit) {
        CrashExpectation crash = kit.expectCrash(IllegalStateException.class);
        WarehouseRef warehouse = WarehouseRef.start(node, Warehouse::new);
        TestProbe watcher = kit.probe();
        watcher.monitor(warehouse.pid());
        warehouse.oddJob();
        Down down = watcher.expectDown(warehouse.pid());
        assertThat(down.reason().toString()).contains("no @Continue method of Warehouse takes 42");
        CrashReport r = (CrashReport) crash.await();
        assertThat(r.lastMessage()).isEqualTo("continue 42");
    }
}
