package io.loomotp.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.proc.ProcLib;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code {hibernate_after, T}} start option ({@code StartOptions.withHibernateAfter}), after
 * {@code gen_server_SUITE:hibernate}: a server that waited that long hibernates, serves its next message as before,
 * and hibernates again after it; a timeout of its own wins over it.
 */
@ExtendWith(NodeExtension.class)
class HibernateAfterTest {
    private static final Duration AFTER = Duration.ofMillis(20);

    /** Answers "echo:" + request; "idle" sets a one-wait idle timeout of a minute and answers "idle". */
    private static final ServerCallbacks<Object> ECHO = new ServerCallbacks<>() {
        @Override
        public Object handleCall(Object state, Object request, From from) {
            if ("idle".equals(request)) {
                io.loomotp.runtime.server.Handler.idleTimeout(Duration.ofMinutes(1));
                return "idle";
            }
            return "echo:" + request;
        }

        @Override
        public void handleCast(Object state, Object message) {}
    };

    /** Whether the server's loop has hibernated; false until the process has entered its loop at all. */
    private static boolean hibernated(Pid pid) {
        return ProcessImpl.of(pid).behaviour() instanceof ServerLoop<?> loop && loop.hibernated();
    }

    @Test
    void hibernate_after_onItsOwnThread_hibernatesOnceIdle_andAgainAfterEachMessage(Node node) throws Exception {
        // given: a server entered on a process's own thread (never dormant) with hibernate_after
        Probe starter = Probe.spawn(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            GenServer.enterLoop(ECHO, new Object(), StartOptions.defaults().withHibernateAfter(AFTER));
        }));
        // then: it hibernates once it has waited that long
        Await.until(() -> hibernated(pid), "the server to hibernate");
        // when: a call comes, it is served as ever, and the server is awake until it has waited again
        assertThat(GenServer.call(pid, "a")).isEqualTo("echo:a");
        Await.until(() -> hibernated(pid), "the server to hibernate again");
        assertThat(GenServer.call(pid, "b")).isEqualTo("echo:b");
    }

    @Test
    void hibernate_after_dormantServer_hibernatesWhenItLetsGoOfItsThread(Node node) {
        // given: a started server, which lets go of its thread while idle
        Pid pid = GenServer.start(node, ECHO, Object::new, StartOptions.defaults().withHibernateAfter(AFTER));
        // when: it has served a call and has nothing more to do
        assertThat(GenServer.call(pid, "a")).isEqualTo("echo:a");
        // then: it hibernated, and serves the next call as ever
        Await.until(() -> hibernated(pid), "the server to hibernate");
        assertThat(GenServer.call(pid, "b")).isEqualTo("echo:b");
    }

    @Test
    void hibernate_after_aTimeoutOfItsOwnWins_theServerStaysAwakeForIt(Node node) throws Exception {
        // given: a server on its own thread with hibernate_after, whose handler set an idle timeout for the next wait
        Probe starter = Probe.spawn(node);
        Pid pid = starter.exec(() -> ProcLib.startLink(() -> {
            ProcLib.initAck();
            GenServer.enterLoop(ECHO, new Object(), StartOptions.defaults().withHibernateAfter(AFTER));
        }));
        Await.until(() -> hibernated(pid), "the server to hibernate");
        assertThat(GenServer.call(pid, "idle")).isEqualTo("idle");
        // when: ten times hibernate_after pass (a receive on a probe that nothing is sent to: absence has no event)
        Probe clock = Probe.spawn(node);
        assertThat(clock.exec(() -> Process.receive(AFTER.multipliedBy(10)))).isNull();
        // then: the server has not hibernated meanwhile: gen_server's loop hibernates only in a wait without timeout
        assertThat(hibernated(pid)).isFalse();
    }

    @Test
    void hibernate_after_negative_isRefused_namingTheOption() {
        assertThatThrownBy(() -> StartOptions.defaults().withHibernateAfter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hibernateAfter");
    }
}
