package tutorial;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.report.ProgressReport;
import io.loomotp.runtime.report.SupervisorReport;
import io.loomotp.runtime.supervisor.ChildInfo;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class ShopMain {
    public static void main(String[] args) throws InterruptedException {
        try (Node node = Node.create("tutorial")) {
            node.logReports(false);
            CountDownLatch restarted = new CountDownLatch(2); // frequency's start, then its restart
            node.onReport(report -> {
                if (report instanceof SupervisorReport) {
                    System.out.println(report.format());
                }
                if (report instanceof ProgressReport p && p.started().id().equals("frequency")) {
                    restarted.countDown();
                }
            });

            ShopRef shop = ShopRef.start(node, DaggerShopComponent.create().shop());
            System.out.println("children: " + shop.whichChildren().stream().map(ChildInfo::id).toList());

            FrequencyRef frequency = shop.frequency();
            System.out.println("allocated " + frequency.allocate() + "; " + frequency.available() + " left");

            Process.exit(frequency.pid(), ExitReason.KILL);
            restarted.await(5, TimeUnit.SECONDS);
            System.out.println("after the restart: " + shop.frequency().available() + " left");

            shop.stop();
        }
    }
}
