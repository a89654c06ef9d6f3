package tutorial;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Process;
import io.loomotp.sys.TracingSys;
import java.time.Duration;
import java.util.List;

public final class ObservedMain {
    public static void main(String[] args) throws InterruptedException {
        Node node = Node.create("tutorial");
        TracingSys.install(node); // the JMX bean bin/loomotp and jconsole talk to, the watchdogs, the JFR events
        FrequencyRef frequency = FrequencyRef.start(node, () -> new Frequency(List.of(10, 11, 12)));
        node.spawn(() -> { // a client that keeps the server busy: something to look at
            for (;;) {
                Frequency.Allocation a = frequency.allocate();
                Process.receive(message -> false, Duration.ofMillis(500));
                frequency.deallocate(a.frequency());
            }
        });
        System.out.println("node tutorial runs in JVM " + ProcessHandle.current().pid() + "; Ctrl-C stops it");
        node.awaitStop();
    }
}
