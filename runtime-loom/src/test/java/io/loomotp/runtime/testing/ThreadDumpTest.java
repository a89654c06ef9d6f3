package io.loomotp.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import org.junit.jupiter.api.Test;

class ThreadDumpTest {

    @Test
    void ofLoomOtpThreads_parkedProcess_showsItsVirtualThreadInReceive() {
        try (Node node = Node.create("dump")) {
            Pid p = node.spawn(() -> Process.receive());
            Await.until(() -> ThreadDump.ofLoomOtpThreads().contains("io.loomotp.runtime.Process.receive"),
                    "the process parked in receive shows in the dump");
            String dump = ThreadDump.ofLoomOtpThreads();
            assertThat(dump).contains("ofLoomOtpThreads_parkedProcess_showsItsVirtualThreadInReceive");
            assertThat(dump).doesNotStartWith("(no thread dump");
            node.exit(p, io.loomotp.runtime.ExitReason.KILL);
        }
    }
}
