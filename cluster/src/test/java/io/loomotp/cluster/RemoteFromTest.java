package io.loomotp.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.server.GenServer;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.testing.Await;
import io.loomotp.sys.Sys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pending caller ({@code From}, {@code ReplyTo}) is a term, as OTP's {@code From}: a server hands it to a process of
 * another node, which answers the call with {@code gen_server:reply/2}; it comes back to its own node as itself; and a
 * state that holds one crosses to a remote {@code sys:get_state}. Three nodes of this JVM, every pid between them
 * taken as the other node sees it ({@code whereis} there): the callers on {@code p}, the server on {@code q}, a
 * worker on {@code r}.
 */
class RemoteFromTest {
    private static final Duration T = Duration.ofSeconds(10);
    /** The name each process was registered under by {@link #remote}. */
    private static final Map<Pid, String> NAMES = new ConcurrentHashMap<>();

    /** The server's state: the callers it holds back. */
    record Holding(List<From> callers) {}

    /** To a worker: answer {@code from} with {@code x + 1}, or send it back to {@code back}. */
    record Job(From from, int x, Pid back) {}

    /** To the server: answer the caller this is with {@code value}. */
    record Answer(From from, Object value) {}

    private static Node p;
    private static Node q;
    private static Node r;
    private static Cluster cp;
    private static Cluster cq;
    private static Cluster cr;
    private static List<String> members;

    @BeforeAll
    static void start() {
        int pp = NodeJvm.freePort();
        int pq = NodeJvm.freePort();
        int pr = NodeJvm.freePort();
        members = List.of("127.0.0.1:" + pp, "127.0.0.1:" + pq, "127.0.0.1:" + pr);
        p = Node.create("p");
        q = Node.create("q");
        r = Node.create("r");
        cp = Cluster.join(p, config("p", pp, members));
        cq = Cluster.join(q, config("q", pq, members));
        cr = Cluster.join(r, config("r", pr, members));
        Await.until(() -> cp.nodes().equals(List.of("q", "r")) && cq.nodes().equals(List.of("p", "r"))
                && cr.nodes().equals(List.of("p", "q")), "p, q and r see each other");
    }

    private static ClusterConfig config(String name, int port, List<String> members) {
        return TwoNodes.config(name, "loomotp-from", port, members).allow(Holding.class, Job.class, Answer.class);
    }

    @AfterAll
    static void stop() {
        LocalNode.closeAll(cp, cq, cr, p, q, r);
    }

    /** {@code pid} of node {@code at}, registered there, as node {@code seenFrom} sees it: a remote pid. */
    private static Pid remote(Node at, Pid pid, Cluster seenFrom) {
        String name = NAMES.computeIfAbsent(pid, x -> {
            String n = "from-test-" + NAMES.size();
            at.register(n, pid);
            return n;
        });
        Pid seen = seenFrom.whereis(at.name(), name);
        assertThat(seen).isInstanceOf(RemotePid.class);
        return seen;
    }

    /**
     * A server on {@code at}: a call with an integer is handed, with its caller, to {@code worker} (as a pool's
     * dispatcher does); a call "hold" is kept in the state; a message {@code Answer} answers a caller that has come
     * back, and a pid is sent "marker"; any other call answers how many callers it holds.
     */
    private static Pid server(Node at, Pid worker) {
        return GenServer.start(at, new ServerCallbacks<Holding>() {
            @Override
            public Object handleCall(Holding state, Object request, From from) {
                if (request instanceof Integer x) {
                    Process.send(worker, new Job(from, x, Process.self()));
                    return NO_REPLY;
                }
                if ("hold".equals(request)) {
                    state.callers().add(from);
                    return NO_REPLY;
                }
                return state.callers().size();
            }

            @Override
            public void handleCast(Holding state, Object message) {}

            @Override
            public boolean handleInfo(Holding state, Object message) {
                if (message instanceof Answer a) {
                    a.from().reply(a.value());
                    state.callers().remove(a.from());
                } else if (message instanceof Pid to) {
                    Process.send(to, "marker");
                }
                return true;
            }
        }, () -> new Holding(new ArrayList<>()), StartOptions.defaults());
    }

    /** A worker on r, as q sees it. */
    private static Pid workerOnR(ProcessBodyOf body) {
        return remote(r, r.spawn(body::run), cq);
    }

    @FunctionalInterface
    private interface ProcessBodyOf {
        void run() throws Exception;
    }

    /** Calls {@code srv} (a pid of q as p sees it) from a process of p; its outcome, or the exception, lands here. */
    private static BlockingQueue<Object> callFromP(Pid srv, Object request, Duration timeout) {
        BlockingQueue<Object> outcome = new ArrayBlockingQueue<>(2);
        p.spawn(() -> {
            outcome.add(Process.self());
            try {
                outcome.add(GenServer.call(srv, request, timeout));
            } catch (RuntimeException e) {
                outcome.add(e);
            }
        });
        return outcome;
    }

    @Test
    void reply_fromAProcessOfAThirdNode_answersTheCaller() throws Exception {
        BlockingQueue<Object> seen = new ArrayBlockingQueue<>(16);
        Pid worker = workerOnR(() -> {
            Job job = (Job) Process.receive();
            seen.add(job.from().getClass().getSimpleName());
            seen.add(job.from().pid());
            seen.add(job.from().isPending());
            seen.add(job.from().reply(job.x() + 1));
            seen.add(job.from().reply(-1)); // this copy's second reply: refused here
            seen.add(job.from().isPending());
        });
        Pid srv = remote(q, server(q, worker), cp);
        BlockingQueue<Object> outcome = callFromP(srv, 41, T);
        Pid caller = (Pid) outcome.poll(10, TimeUnit.SECONDS);
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("RemoteCaller");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(RemotePid.class, // the caller, on p
                pid -> assertThat(pid.node().name() + pid.serial()).isEqualTo("p" + caller.serial()));
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(false);
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(false);
    }

    @Test
    void reply_fromBackOnItsOwnNode_isThePendingCallItself() throws Exception {
        Pid worker = workerOnR(() -> { // sends the caller back to the server, which answers it
            Job job = (Job) Process.receive();
            Process.send(job.back(), new Answer(job.from(), "answered at home"));
        });
        Pid srv = remote(q, server(q, worker), cp);
        BlockingQueue<Object> outcome = callFromP(srv, 1, T);
        outcome.poll(10, TimeUnit.SECONDS);
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo("answered at home");
    }

    @Test
    void get_state_fromAnotherNode_ofAStateHoldingCallers_theyCrossAndStillAnswer() throws Exception {
        Pid local = server(q, null);
        Pid srv = remote(q, local, cp);
        BlockingQueue<Object> outcome = callFromP(srv, "hold", T);
        outcome.poll(10, TimeUnit.SECONDS);
        Await.until(() -> GenServer.call(local, "count", T).equals(1), "the caller held");

        Pid srvFromR = remote(q, local, cr);
        BlockingQueue<Object> state = new ArrayBlockingQueue<>(1);
        r.spawn(() -> state.add(Sys.getState(srvFromR))); // sys:get_state from another node
        From held = ((Holding) state.poll(10, TimeUnit.SECONDS)).callers().getFirst();
        assertThat(held.isPending()).isTrue();
        assertThat(held.reply("from r's copy")).isTrue();
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo("from r's copy");
    }

    @Test
    void reply_afterTheCallerTimedOut_isDropped_andTheCallerSeesNothing() throws Exception {
        BlockingQueue<Job> jobs = new ArrayBlockingQueue<>(4);
        Pid worker = workerOnR(() -> {
            for (;;) {
                jobs.add((Job) Process.receive());
            }
        });
        Pid local = server(q, worker);
        Pid srv = remote(q, local, cp);
        BlockingQueue<Object> outcome = new ArrayBlockingQueue<>(2);
        p.spawn(() -> {
            try {
                GenServer.call(srv, 5, Duration.ofMillis(100));
            } catch (CallTimeoutException e) {
                outcome.add(e);
            }
            outcome.add(Process.receive()); // the next message: a late reply would be one
        });
        Job job = jobs.poll(10, TimeUnit.SECONDS);
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOf(CallTimeoutException.class);
        assertThat(job.from().reply("late")).isTrue(); // sent: whether the caller still waits is known only on q
        // after the late reply, from r to q on the same ordered channel: the server tells the caller "marker"
        r.send(remote(q, local, cr), job.from().pid());
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo("marker");
    }

    @Test
    void reply_aValueOffTheAllowList_refusedOnTheReplier_andTheCallerCanStillBeAnswered() throws Exception {
        BlockingQueue<Object> seen = new ArrayBlockingQueue<>(4);
        Pid worker = workerOnR(() -> {
            Job job = (Job) Process.receive();
            try {
                job.from().reply(new Thread("not a message"));
            } catch (ClassNotAllowedException e) {
                seen.add(e.className());
            }
            seen.add(job.from().reply("then this"));
        });
        Pid srv = remote(q, server(q, worker), cp);
        BlockingQueue<Object> outcome = callFromP(srv, 3, T);
        outcome.poll(10, TimeUnit.SECONDS);
        assertThat(outcome.poll(10, TimeUnit.SECONDS)).isEqualTo("then this");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(Thread.class.getName());
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo(true);
    }

    @Test
    void reply_throughACopy_afterTheServersNodeLeft_false_andTheCallerGotNoconnection() throws Exception {
        int ps = NodeJvm.freePort();
        List<String> all = new ArrayList<>(members);
        all.add("127.0.0.1:" + ps);
        Node s = Node.create("s");
        Cluster cs = Cluster.join(s, config("s", ps, all));
        try {
            Await.until(() -> cs.nodes().equals(List.of("p", "q", "r")) && cp.nodes().contains("s")
                    && cr.nodes().contains("s"), "s joined");
            Pid local = server(s, null);
            BlockingQueue<Object> outcome = callFromP(remote(s, local, cp), "hold", T);
            outcome.poll(10, TimeUnit.SECONDS);
            Await.until(() -> GenServer.call(local, "count", T).equals(1), "the caller held");
            Pid srvFromR = remote(s, local, cr);
            BlockingQueue<Object> state = new ArrayBlockingQueue<>(1);
            r.spawn(() -> state.add(Sys.getState(srvFromR)));
            From held = ((Holding) state.poll(10, TimeUnit.SECONDS)).callers().getFirst();

            cs.close();
            assertThat(outcome.poll(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.NOCONNECTION));
            Await.until(() -> !cr.nodes().contains("s"), "r lost s");
            assertThat(held.isPending()).isFalse();
            assertThat(held.reply("too late")).isFalse();
        } finally {
            LocalNode.closeAll(cs, s);
        }
    }
}
