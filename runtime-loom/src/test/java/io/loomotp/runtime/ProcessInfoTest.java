package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NodeExtension.class)
class ProcessInfoTest {

    static final class Echo implements ServerCallbacks<Object> {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            return request;
        }
    }

    @Test
    void info_plainProcess(Node node) {
        Probe parent = Probe.spawn(node);
        Pid child = parent.exec(() -> Process.spawnLink(() -> Process.receive(m -> m.equals("stop"), null)));
        node.register("child", child);
        node.send(child, "queued");
        // one snapshot: the child may still be moving "queued" aside when it is first seen waiting
        ProcessInfo info = Await.until(() -> {
            ProcessInfo i = node.info(child);
            return i.status() == ProcessStatus.WAITING && i.mailboxLength() == 1 ? i : null;
        }, "the child to wait with one message queued");
        assertThat(info.pid()).isEqualTo(child);
        assertThat(info.registeredName()).isEqualTo("child");
        assertThat(info.behaviour()).isNull();
        assertThat(info.initialCall()).contains("ProcessInfoTest");
        assertThat(info.mailboxLength()).isEqualTo(1);
        assertThat(info.links()).containsExactly(parent.pid());
        assertThat(info.parent()).isEqualTo(parent.pid());
        assertThat(info.ancestors()).containsExactly(parent.pid());
        assertThat(info.trapExits()).isFalse();
        assertThat(info.stack()).isNotEmpty();
        assertThat(info.currentFunction().getClassName()).as("%s", info.stack()).contains("ProcessInfoTest");
    }

    @Test
    void info_server_countsMessagesAndHandlerTime(Node node) {
        Pid server = GenServer.start(node, new Echo(), Object::new);
        for (int i = 0; i < 10; i++) {
            GenServer.call(server, i);
        }
        // a reply is counted out after it is sent, so the caller can be back first: wait for the last count
        ProcessInfo info = Await.until(() -> {
            ProcessInfo i = node.info(server);
            return i.messagesOut() == 10 && i.handlerTime().compareTo(Duration.ZERO) > 0 ? i : null;
        }, "the tenth reply to be counted");
        assertThat(info.behaviour()).isEqualTo("gen_server");
        assertThat(info.initialCall()).isEqualTo(Echo.class.getName());
        assertThat(info.messagesIn()).isEqualTo(10);
        assertThat(info.messagesOut()).isEqualTo(10);
        assertThat(info.handlerTime()).isGreaterThan(Duration.ZERO);
    }

    @Test
    void info_deadProcess_isNull(Node node) {
        Pid p = node.spawn(() -> Process.receive());
        node.exit(p, ExitReason.KILL);
        assertThat(node.info(p)).isNull();
    }

    @Test
    void pids_printAndParse(Node node) {
        Pid p = node.spawn(() -> Process.receive());
        assertThat(p.toString()).isEqualTo("<" + node.id() + "." + p.serial() + ">");
        assertThat(node.pidOf(p.toString())).isEqualTo(p);
        assertThat(node.systemPid().toString()).isEqualTo("<" + node.id() + ".0>");
        assertThat(node.processes()).contains(p);
    }
}
