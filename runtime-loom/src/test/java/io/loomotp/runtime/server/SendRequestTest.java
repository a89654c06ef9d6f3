package io.loomotp.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.RequestIds;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.statem.GenStatem;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asynchronous requests: {@code gen_server:send_request/2} with {@code receive_response/2}, {@code wait_response/2}
 * and {@code check_response/2}, after {@code gen_server_SUITE}'s {@code send_request} cases: the reply comes to the
 * caller's mailbox; a timeout of {@code receive_response} abandons the request, one of {@code wait_response} does not;
 * a dead or dying server answers with an error.
 */
@ExtendWith(NodeExtension.class)
class SendRequestTest {
    private static final Duration T = Duration.ofSeconds(5);

    private static Pid start(Node node) {
        return GenServer.start(node, TestServer.CALLBACKS, () -> new TestServer.State("normal"));
    }

    @Test
    void sendRequest_thenReceiveResponse_returnsTheReply_andLeavesOtherMessagesInOrder(Node node) {
        Pid server = start(node);
        GenServer.cast(server, new TestServer.Inc(3));
        List<Object> seen = Probe.spawn(node).exec(() -> {
            Process.send(Process.self(), "before");
            RequestId id = GenServer.sendRequest(server, "get");
            Object reply = GenServer.receiveResponse(id, T);
            Process.send(Process.self(), "after");
            List<Object> all = new ArrayList<>();
            all.add(reply);
            all.add(Process.receive(Duration.ZERO));
            all.add(Process.receive(Duration.ZERO));
            return all;
        });
        assertThat(seen).containsExactly(3, "before", "after");
    }

    /**
     * OTP's receive_response is a receive with an after: a response the caller's own receive took (a flush) leaves it
     * to time out, within its timeout, as it would in Erlang. It waited forever here.
     */
    @Test
    void receiveResponse_whoseResponseTheCallerFlushed_timesOut(Node node) {
        Pid server = start(node);
        List<String> outcomes = Probe.spawn(node).exec(() -> {
            List<String> all = new ArrayList<>();
            RequestId one = GenServer.sendRequest(server, "get");
            GenServer.call(server, "get"); // served after the request: its response is in the mailbox now
            Process.flush();
            try {
                GenServer.receiveResponse(one, Duration.ofMillis(50));
            } catch (CallTimeoutException e) {
                all.add("single: timeout");
            }
            RequestIds<String> ids = new RequestIds<String>().add(GenServer.sendRequest(server, "get"), "a");
            GenServer.call(server, "get");
            Process.flush();
            try {
                GenServer.receiveResponse(ids, Duration.ofMillis(50), true);
            } catch (CallTimeoutException e) {
                all.add("collection: timeout");
            }
            return all;
        });
        assertThat(outcomes).containsExactly("single: timeout", "collection: timeout");
    }

    @Test
    void manyRequestsInFlight_eachResponseTakenByItsId_inAnyOrder(Node node) {
        Pid slow = start(node);
        Pid fast = start(node);
        List<Object> replies = Probe.spawn(node).exec(() -> {
            RequestId deferred = GenServer.sendRequest(slow, "defer");
            RequestId counted = GenServer.sendRequest(fast, "get");
            RequestId nothing = GenServer.sendRequest(fast, "null");
            assertThat(deferred.server()).isEqualTo(slow);
            assertThat(deferred.request()).isEqualTo("defer");
            List<Object> all = new ArrayList<>();
            all.add(GenServer.receiveResponse(nothing, T));
            all.add(GenServer.receiveResponse(counted, T));
            GenServer.cast(slow, new TestServer.Answer("at last")); // the deferred From answers now
            all.add(GenServer.receiveResponse(deferred, T));
            return all;
        });
        assertThat(replies).containsExactly(null, 0, "at last");
    }

    @Test
    void deadServer_notAnErrorToSend_theResponseSaysNoProcess(Node node) {
        Pid server = start(node);
        GenServer.stop(server);
        Throwable t = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "get");
            try {
                GenServer.receiveResponse(id, T);
                return null;
            } catch (NoProcessException e) {
                return e;
            }
        });
        assertThat(t).isInstanceOf(NoProcessException.class).hasMessageContaining(server.toString());
    }

    @Test
    void serverExitsBeforeReplying_theResponseCarriesItsReason(Node node) {
        Pid server = start(node);
        Object outcome = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "shutdown_reason");
            try {
                return GenServer.receiveResponse(id, T);
            } catch (ProcessExitException e) {
                return e;
            }
        });
        assertThat(outcome).isInstanceOfSatisfying(ProcessExitException.class, e -> {
            assertThat(e.pid()).isEqualTo(server);
            assertThat(e.reason()).isEqualTo(ExitReason.shutdown("reason"));
        });
    }

    @Test
    void receiveResponse_timeout_abandonsTheRequest_aLateReplyNeverReachesTheMailbox(Node node) {
        Pid server = start(node);
        List<Object> seen = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "defer");
            List<Object> all = new ArrayList<>();
            try {
                GenServer.receiveResponse(id, Duration.ofMillis(20));
            } catch (CallTimeoutException e) {
                all.add("timeout");
            }
            GenServer.cast(server, new TestServer.Answer("late"));
            all.add(GenServer.call(server, "get")); // the server has handled the cast, and so replied, by now
            all.add(String.valueOf(Process.receive(Duration.ZERO)));
            return all;
        });
        assertThat(seen).containsExactly("timeout", 0, "null");
    }

    @Test
    void waitResponse_timeout_keepsTheRequest_toWaitAgain(Node node) {
        Pid server = start(node);
        List<Object> seen = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "defer");
            List<Object> all = new ArrayList<>();
            try {
                GenServer.waitResponse(id, Duration.ofMillis(20));
            } catch (CallTimeoutException e) {
                all.add("timeout");
            }
            GenServer.cast(server, new TestServer.Answer("later"));
            all.add(GenServer.waitResponse(id, T));
            return all;
        });
        assertThat(seen).containsExactly("timeout", "later");
    }

    @Test
    void checkResponse_recognizesTheResponseAmongOrdinaryMessages(Node node) {
        Pid server = start(node);
        List<Object> seen = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "get");
            RequestId other = GenServer.sendRequest(server, "null");
            List<Object> all = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Object m = Process.receive(T);
                Response r = GenServer.checkResponse(m, id);
                all.add(r == null ? "not it: " + GenServer.checkResponse(m, other).get() : r.get());
            }
            all.add(String.valueOf(GenServer.checkResponse("just a message", id)));
            return all;
        });
        assertThat(seen).containsExactly(0, "not it: null", "null");
    }

    @Test
    void requestIdCollection_eachResponseWithItsLabel_thenNoRequest_andATimeoutAbandonsTheRest(Node node) {
        Pid a = start(node);
        Pid b = start(node);
        Pid slow = start(node);
        GenServer.cast(b, new TestServer.Inc(2));
        List<Object> seen = Probe.spawn(node).exec(() -> {
            RequestIds<String> ids = new RequestIds<>();
            GenServer.sendRequest(a, "get", "from a", ids);
            GenServer.sendRequest(b, "get", "from b", ids);
            assertThat(ids.size()).isEqualTo(2);
            List<Object> all = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                RequestIds.Labelled<String> r = GenServer.receiveResponse(ids, T, true);
                all.add(r.label() + " " + r.response().get());
            }
            all.add(String.valueOf(GenServer.receiveResponse(ids, T, true))); // empty: no_request
            GenServer.sendRequest(slow, "defer", "slow", ids);
            try {
                GenServer.waitResponse(ids, Duration.ofMillis(20), false);
            } catch (CallTimeoutException e) {
                all.add("wait timed out, still " + ids.size());
            }
            try {
                GenServer.receiveResponse(ids, Duration.ofMillis(20), false);
            } catch (CallTimeoutException e) {
                all.add(e.getMessage().startsWith("a response to any of 1 requests timed out after 20 ms"));
            }
            GenServer.cast(slow, new TestServer.Answer("late"));
            GenServer.call(slow, "get"); // the late reply was made, and dropped: the request was given up
            all.add(String.valueOf(Process.receive(Duration.ZERO)));
            return all;
        });
        // a and b answer concurrently: their two responses come in either order
        assertThat(seen.subList(0, 2)).containsExactlyInAnyOrder("from a 0", "from b 2");
        assertThat(seen.subList(2, seen.size())).containsExactly("null", "wait timed out, still 1", true, "null");
    }

    @Test
    void requestIdCollection_checkResponse_andMisuse(Node node) {
        Pid a = start(node);
        List<Object> seen = Probe.spawn(node).exec(() -> {
            RequestIds<Integer> ids = new RequestIds<>();
            RequestId id = GenServer.sendRequest(a, "get");
            ids.add(id, 7);
            List<Object> all = new ArrayList<>();
            try {
                ids.add(id, 8);
            } catch (IllegalArgumentException e) {
                all.add("twice");
            }
            Object m = Process.receive(T);
            all.add(String.valueOf(GenServer.checkResponse("not a response", ids, true)));
            RequestIds.Labelled<Integer> r = GenServer.checkResponse(m, ids, true);
            all.add(r.label());
            all.add(r.response().get());
            all.add(ids.isEmpty());
            return all;
        });
        assertThat(seen).containsExactly("twice", "null", 7, 0, true);
        RequestIds<String> foreign = Probe.spawn(node).exec(() ->
                GenServer.sendRequest(a, "get", "theirs", new RequestIds<>()));
        assertThatThrownBy(() -> Probe.spawn(node).exec(() -> GenServer.receiveResponse(foreign, T, true)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only that process receives");
    }

    /** A server that, asked for a sum, asks another server from its handler and answers when the response comes. */
    static final class Asker implements ServerCallbacks<Asker.State> {
        static final class State {
            final Pid counter;
            RequestId pending;
            From waiting;

            State(Pid counter) {
                this.counter = counter;
            }
        }

        @Override
        public Object handleCall(State s, Object request, From from) {
            s.pending = GenServer.sendRequest(s.counter, "get");
            s.waiting = from;
            return NO_REPLY; // free to handle other messages until the response comes
        }

        @Override
        public boolean handleInfo(State s, Object message) {
            Response r = GenServer.checkResponse(message, s.pending);
            if (r == null) {
                return false;
            }
            s.waiting.reply("counter says " + r.get());
            return true;
        }

        @Override
        public Class<?> module() {
            return Asker.class;
        }
    }

    @Test
    void aBehaviourSendsARequestFromItsHandler_andTakesTheResponseAsAnInfoMessage(Node node) {
        Pid counter = start(node);
        GenServer.cast(counter, new TestServer.Inc(7));
        Pid asker = GenServer.start(node, new Asker(), () -> new Asker.State(counter));
        assertThat(GenServer.call(asker, "ask", T)).isEqualTo("counter says 7");
    }

    @Test
    void genStatem_sendRequest_isACallToTheMachine(Node node) {
        Pid server = start(node); // a machine is reached by the same protocol; its own suite calls real machines
        Object reply = Probe.spawn(node).exec(() -> GenStatem.receiveResponse(GenStatem.sendRequest(server, "get"), T));
        assertThat(reply).isEqualTo(0);
    }

    @Test
    void misuse_preciseExceptions(Node node) {
        Pid server = start(node);
        assertThatThrownBy(() -> GenServer.sendRequest(server, "get"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GenServer.sendRequest must be called from a process")
                .hasMessageContaining("the response comes to the caller's mailbox");
        Probe owner = Probe.spawn(node);
        RequestId id = owner.exec(() -> GenServer.sendRequest(server, "defer"));
        assertThatThrownBy(() -> Probe.spawn(node).exec(() -> GenServer.receiveResponse(id, T)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only that process receives its response");
        assertThatThrownBy(() -> Probe.spawn(node).exec(() -> GenServer.sendRequest(server, null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("request");
        assertThatThrownBy(() -> owner.exec(() -> GenServer.receiveResponse(id, Duration.ofMillis(-1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> GenServer.sendRequest(node, "nobody", "get"))
                .isInstanceOf(NoProcessException.class).hasMessageContaining("nobody");
        Object second = owner.exec(() -> {
            RequestId once = GenServer.sendRequest(server, "get");
            GenServer.receiveResponse(once, T);
            try {
                return GenServer.receiveResponse(once, T);
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        assertThat(second).asString().contains("was already taken");
    }

    /**
     * A request given up by a receive_response that timed out times out again, at once, when received again; OTP's
     * waits the timeout out again and says timeout. It was refused as "already taken" (a new user's finding).
     */
    @Test
    void receiveResponse_afterItGaveTheRequestUp_timesOutAgain(Node node) {
        Pid server = start(node);
        Object outcomes = Probe.spawn(node).exec(() -> {
            RequestId id = GenServer.sendRequest(server, "defer"); // never answered
            List<String> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                try {
                    GenServer.receiveResponse(id, Duration.ofMillis(20));
                    seen.add("reply");
                } catch (CallTimeoutException e) {
                    seen.add("timeout");
                }
            }
            return seen;
        });
        assertThat(outcomes).isEqualTo(List.of("timeout", "timeout"));
    }
}
