package io.loomotp.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.Handler;
import io.loomotp.runtime.server.IdleTimeout;
import io.loomotp.runtime.server.ServerCallbacks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The synchronous harness, over hand-written callbacks (the interface every generated {@code _Dispatch} implements;
 * integration-tests drives a generated one).
 */
class ServerHarnessTest {

    /** A server whose state is a list of what it saw; its requests say what the handler should do. */
    static final class Echo implements ServerCallbacks<List<String>> {
        From deferred;
        RequestId pending;

        /** Asks {@code to} for "get" without waiting: the response comes later, as a message. */
        record Ask(Pid to) {}

        @Override
        public Object handleCall(List<String> seen, Object request, From from) {
            seen.add("call " + request);
            return switch (String.valueOf(request)) {
                case "self" -> Process.self();
                case "defer" -> {
                    deferred = from;
                    yield NO_REPLY;
                }
                case "replyEarly" -> {
                    from.reply("early");
                    yield NO_REPLY;
                }
                case "stop" -> {
                    Handler.stop(ExitReason.shutdown("asked"));
                    yield "bye";
                }
                case "crash" -> throw new IllegalStateException("crashed on purpose");
                case "monitor" -> Process.monitor(from.pid());
                case "trap" -> {
                    Process.trapExits(true);
                    yield "trapping";
                }
                case "continue" -> {
                    Handler.continueWith("step2");
                    yield "started";
                }
                default -> "echo " + request;
            };
        }

        @Override
        public void handleCast(List<String> seen, Object message) {
            seen.add("cast " + message);
            if (message instanceof Ask ask) {
                pending = GenServer.sendRequest(ask.to(), "get");
            } else if (message instanceof Pid peer) {
                Process.send(peer, "hello");
                GenServer.cast(peer, "poke");
                Handler.idleTimeout(Duration.ofSeconds(5));
            } else if ("answer".equals(message)) {
                deferred.reply("late");
            }
        }

        @Override
        public boolean handleInfo(List<String> seen, Object message) {
            Response r = pending == null ? null : GenServer.checkResponse(message, pending);
            if (r != null) {
                seen.add("answer " + r.get());
                return true;
            }
            seen.add("info " + message);
            return true;
        }

        @Override
        public void handleContinue(List<String> seen, Object continuation) {
            seen.add("continue " + continuation);
        }

        @Override
        public void terminate(List<String> seen, ExitReason reason) {
            seen.add("terminate " + reason);
        }
    }

    private final Echo echo = new Echo();
    private final ServerHarness<List<String>> h = ServerHarness.of(echo, new ArrayList<>());

    /** A server starts once: a second init is refused (a new user's finding: it ran again on the same state). */
    @Test
    void init_twice_isRefused() throws Exception {
        h.init();
        org.assertj.core.api.Assertions.assertThatThrownBy(h::init).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("init has already run: a server is started once");
    }

    /** What needs a process says so in the harness, instead of a foreign-pid or plain-thread error. */
    @Test
    void aHandlerThatNeedsAProcess_isToldToUseANode() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.call(ServerHarness.pid(), "monitor"))
                .hasMessageContaining("is a test kit harness's stand-in pid, which names no process")
                .hasMessageContaining("test such a handler on a node");
        ServerHarness<List<String>> other = ServerHarness.of(new Echo(), new ArrayList<>());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.call(ServerHarness.pid(), "trap"))
                .hasMessageContaining("must be called from a process")
                .hasMessageContaining("this handler runs in a test kit's harness");
    }

    @Test
    void call_returnsTheHandlersReply_andRecordsIt() throws Exception {
        Pid caller = ServerHarness.pid();
        assertThat(h.call(caller, "ping")).isEqualTo("echo ping");
        assertThat(h.effects()).containsExactly(new Effect.Reply(caller, "echo ping"));
        assertThat(h.server()).containsExactly("call ping");
    }

    /** gen_server:stop/3 on the harness: terminate runs with the reason, and nothing more is taken. */
    @Test
    void stop_runsTerminateWithTheReason_andRefusesWhatComesAfter() throws Exception {
        h.stop(ExitReason.SHUTDOWN);
        assertThat(h.server()).containsExactly("terminate shutdown");
        assertThat(h.isStopped()).isTrue();
        assertThat(h.stopReason()).isEqualTo(ExitReason.SHUTDOWN);
        assertThat(h.effects()).containsExactly(new Effect.Stopped(ExitReason.SHUTDOWN));
        assertThatThrownBy(() -> h.call("ping")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has stopped (shutdown)");
        assertThatThrownBy(() -> h.stop(ExitReason.NORMAL)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void self_isTheHarnessPid_onTheTestThread() throws Exception {
        assertThat(h.call("self")).isEqualTo(h.self());
        assertThat(Process.isProcess()).isFalse();
    }

    @Test
    void cast_recordsSendsCastsAndTheIdleTimeout_withoutDeliveringThem() throws Exception {
        Pid peer = ServerHarness.pid();
        h.cast(peer);
        assertThat(h.takeEffects()).containsExactly(new Effect.Sent(peer, "hello"), new Effect.Cast(peer, "poke"),
                new Effect.IdleTimeoutSet(Duration.ofSeconds(5)));
        h.fireIdleTimeout();
        assertThat(h.server()).endsWith("info timeout");
        assertThat(h.takeEffects()).isEmpty();
    }

    @Test
    void sendRequest_isRecordedNotSent_andItsResponseIsHandedInAsAMessage() throws Exception {
        Pid peer = ServerHarness.pid();
        h.cast(new Echo.Ask(peer));
        RequestId id = echo.pending;
        assertThat(h.takeEffects()).containsExactly(new Effect.Requested(peer, "get", id));
        assertThat(id.server()).isEqualTo(peer);
        h.info(new Response.Reply(id, 42));
        assertThat(h.server()).endsWith("answer 42");
        // a request recorded by the harness has nothing to wait on; the test thread is not a process anyway
        assertThatThrownBy(() -> GenServer.receiveResponse(id, Duration.ZERO))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be called from a process");
    }

    @Test
    void fireIdleTimeout_withNoneArmed_saysSo() throws Exception {
        h.cast("nothing");
        assertThatThrownBy(h::fireIdleTimeout).isInstanceOf(IllegalStateException.class)
                .hasMessage("no idle timeout is armed: the last handler did not call Handler.idleTimeout");
        h.info(IdleTimeout.INSTANCE); // any message can still be given as info
        assertThat(h.server()).endsWith("info timeout");
    }

    @Test
    void call_deferredReply_isNotAnAnswerYet_andShowsWhenGiven() throws Exception {
        assertThatThrownBy(() -> h.call("defer")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the handler of defer deferred its reply: it is not answered yet");
        From slot = h.callDeferred("defer");
        assertThat(slot.isPending()).isTrue();
        h.cast("answer");
        assertThat(slot.isPending()).isFalse();
        assertThat(h.effects()).containsExactly(new Effect.Reply(slot.pid(), "late"));
        assertThat(h.call("replyEarly")).isEqualTo("early");
    }

    @Test
    void stop_repliesFirst_thenRunsTerminate_andTakesNoMore() throws Exception {
        Pid caller = ServerHarness.pid();
        assertThat(h.call(caller, "stop")).isEqualTo("bye");
        ExitReason reason = ExitReason.shutdown("asked");
        assertThat(h.effects()).containsExactly(new Effect.Reply(caller, "bye"), new Effect.Stopped(reason));
        assertThat(h.server()).containsExactly("call stop", "terminate " + reason);
        assertThat(h.isStopped()).isTrue();
        assertThatThrownBy(() -> h.cast("more")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the server has stopped (" + reason + "): it takes no more messages");
    }

    @Test
    void crash_runsTerminateWithTheCrash_andRethrows() throws Exception {
        assertThatThrownBy(() -> h.call("crash")).isInstanceOf(IllegalStateException.class)
                .hasMessage("crashed on purpose");
        assertThat(h.stopReason()).isInstanceOf(ExitReason.Crash.class);
        assertThat(h.server()).last().asString().startsWith("terminate ");
        assertThat(h.effects()).singleElement().isInstanceOf(Effect.Stopped.class);
    }

    @Test
    void continueWith_runsTheContinuationBeforeTheNextMessage() throws Exception {
        assertThat(h.call("continue")).isEqualTo("started");
        assertThat(h.server()).containsExactly("call continue", "continue step2");
        assertThat(h.effects()).startsWith(new Effect.Continued("step2"));
    }

    @Test
    void of_aClassWithNoGeneratedDispatch_namesTheFix() {
        assertThatThrownBy(() -> ServerHarness.of(String.class, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no generated dispatch java.lang.String_Dispatch for java.lang.String: is it a @Server, "
                        + "and did the annotation processor run?");
    }

    @Test
    void outsideTheHarness_aSendFromAPlainThreadStillNeedsALivePid() {
        // the hook is bound only while a handler runs: the test thread itself is no process
        assertThatThrownBy(Process::self).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Process.self() must be called from a process");
    }
}
