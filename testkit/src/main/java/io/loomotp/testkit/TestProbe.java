package io.loomotp.testkit;

import io.loomotp.runtime.CallRequest;
import io.loomotp.runtime.Down;
import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A probe: a process of the test's node that records what it receives, for the test's thread to expect. Pekko's
 * {@code TestProbe} in OTP's terms. Made by {@link TestKit#probe()} and stopped after the test.
 *
 * <p>Send it messages ({@link #pid()}), let it monitor or link to a process ({@link #monitor}, {@link #link}), make
 * it stand in for a server ({@link #answerCalls}, {@link #register}), and run any action inside it ({@link #exec}).
 * Every {@code expect...} takes the <em>next</em> message, waits at most its timeout (real time; default
 * {@link TestKit#DEFAULT_TIMEOUT}), and fails with what came instead; {@link #fishForMessage} skips what does not match.
 *
 * <p>Threading: a probe is bound to no thread. Its process records what it receives on its own; the expectations
 * may be made from any thread or process but the probe's own (inside its {@link #exec}, they are refused), and each
 * takes the next recorded message.
 */
public final class TestProbe {
    /** Returned by an {@link #answerCalls} function to leave a call unanswered (its caller times out). */
    public static final Object NO_REPLY = new Object() {
        @Override
        public String toString() {
            return "NO_REPLY";
        }
    };

    private record Task(Callable<?> action, CompletableFuture<Object> result) {}

    private record Stop() {}

    private final Node node;
    private final TestKit kit;
    private final Pid pid;
    /** The pids monitored through {@link #monitor}, for a hint when a Down never comes. */
    private final Set<Pid> monitored = ConcurrentHashMap.newKeySet();
    /** The pids linked through {@link #link}, for a hint when an Exit never comes. */
    private final Set<Pid> linked = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private volatile Function<Object, ?> answer;

    TestProbe(TestKit kit) {
        this.kit = kit;
        this.node = kit.node();
        this.pid = node.spawn(this::run);
    }

    /** How the probe's process ended, if it did other than by {@link #stop()}: for the failure messages. */
    private volatile String death;
    /** Counted down once the probe's thread has left its loop, whyever: {@link #death} is then set if it will be. */
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);

    private void run() {
        try {
            loop();
        } catch (Throwable t) {
            death = t.getMessage(); // an exit signal's unwinding says "exit: <reason>"
            throw t;
        } finally {
            ended.countDown();
        }
    }

    /** Why an expectation found nothing, if the probe's process is dead: the usual reason is a link. */
    private String deadNote() {
        if (node.isAlive(pid)) {
            return clockNote();
        }
        if (node.isClosed()) {
            return " (the probe's node is closed, so nothing more can come: a probe belongs to the test that made "
                    + "it and ends with it; in a later test, make a new one with kit.probe())";
        }
        try { // the process is marked dead a moment before its thread has unwound and said why: wait for that
            ended.await(1, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return " (the probe's process is dead" + (death == null ? "" : ": " + death) + "; a probe dies with a process"
                + " linked to it that ends abnormally, such as one it started with startLink, unless it traps exits:"
                + " probe.exec(() -> { Process.trapExits(true); return null; }))";
    }

    private void loop() {
        for (;;) {
            Object m = Process.receive();
            switch (m) {
                case Stop s -> {
                    return;
                }
                case Task t -> {
                    try {
                        t.result().complete(t.action().call());
                    } catch (Throwable e) {
                        t.result().completeExceptionally(e);
                        if (e instanceof Error err && !(e instanceof AssertionError)) {
                            throw err; // an exit unwinds the probe as it would any process
                        }
                        // an assertion of the test's that failed in the action: the test's thread throws it; the
                        // probe lives on, with no crash report the kit would count as the test's
                    }
                }
                case CallRequest call when answer != null -> {
                    arrived(call);
                    Object reply = answer.apply(call.request());
                    if (reply != NO_REPLY) {
                        call.from().reply(reply);
                    }
                }
                default -> arrived(m);
            }
        }
    }

    /** Queues a message for the expectations, and wakes a selective one waiting for a new arrival. */
    private void arrived(Object m) {
        received.add(m);
        synchronized (received) {
            received.notifyAll();
        }
    }

    /** The probe's pid: send it messages, or give it to the code under test as a collaborator. */
    public Pid pid() {
        return pid;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Acting as a process

    /**
     * Runs {@code action} inside the probe's process and returns its result: what a process must do itself (link,
     * monitor, call, trap exits).
     *
     * @throws AssertionError if the action threw (with it as the cause) or did not end within the default timeout
     */
    public <T> T exec(Callable<T> action) {
        if (node.isClosed() || !node.isAlive(pid)) { // nothing would run it: say why at once, not after the timeout
            throw new AssertionError("probe " + pid + ": the action cannot run" + deadNote());
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        Process.send(pid, new Task(action, f));
        try {
            @SuppressWarnings("unchecked")
            T result = (T) f.get(Nanos.of(TestKit.DEFAULT_TIMEOUT), TimeUnit.NANOSECONDS);
            return result;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed; // the test's own assertion, as if it had run on the test's thread
            }
            throw new AssertionError("probe " + pid + ": the action failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("probe " + pid + ": the action did not end within " + TestKit.DEFAULT_TIMEOUT
                    + deadNote());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Monitors {@code target} from the probe: its {@link Down} comes to the probe ({@link #expectDown}). */
    public MonitorRef monitor(Pid target) {
        MonitorRef ref = exec(() -> Process.monitor(target));
        monitored.add(target);
        return ref;
    }

    /**
     * Links the probe to {@code target} and makes the probe trap exits, so that the target's exit comes as an
     * {@link Exit} message ({@link #expectExit}) instead of killing the probe.
     */
    public void link(Pid target) {
        exec(() -> {
            Process.trapExits(true);
            Process.link(target);
            return null;
        });
        linked.add(target);
    }

    /** Registers the probe under {@code name}, so that code that sends or calls by name reaches it. */
    public TestProbe register(String name) {
        node.register(name, pid);
        return this;
    }

    /**
     * Makes the probe answer every call with {@code answer} applied to the request (a stub server); the
     * {@link CallRequest} is recorded as well. Return {@link #NO_REPLY} to leave a call unanswered. An exception from
     * {@code answer} crashes the probe, as it would a server (its callers get {@code ProcessExitException}).
     */
    public TestProbe answerCalls(Function<Object, ?> answer) {
        this.answer = Objects.requireNonNull(answer, "answer");
        return this;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Expectations

    /** The next message, which must be of {@code type}, within the default timeout. */
    public <T> T expectMessage(Class<T> type) {
        return expectMessage(type, TestKit.DEFAULT_TIMEOUT);
    }

    /**
     * The next message, which must be of {@code type}, within {@code max}. A primitive type stands for its box
     * ({@code int.class} for {@code Integer}), as in {@code Process.receive(Class, Duration)}: a message is an object.
     */
    public <T> T expectMessage(Class<T> type, Duration max) {
        Class<T> boxed = boxed(Objects.requireNonNull(type, "type"));
        return boxed.cast(expect(boxed::isInstance, "a message of type " + boxed.getSimpleName(), max));
    }

    /** {@code int.class} as {@code Integer.class}, as the runtime's {@code Process.boxed} (private there) does. */
    @SuppressWarnings("unchecked")
    private static <T> Class<T> boxed(Class<T> type) {
        return type.isPrimitive() ? (Class<T>) java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }

    /** The next message, which must match {@code match}, within the default timeout. */
    public Object expectMessage(Predicate<Object> match, String description) {
        return expectMessage(match, description, TestKit.DEFAULT_TIMEOUT);
    }

    /** The next message, which must match {@code match} (described as {@code description}), within {@code max}. */
    public Object expectMessage(Predicate<Object> match, String description, Duration max) {
        return expect(Objects.requireNonNull(match, "match"), description, max);
    }

    /** The next message, which must equal {@code expected}, within the default timeout. */
    public <T> T expectMessageEquals(T expected) {
        return expectMessageEquals(expected, TestKit.DEFAULT_TIMEOUT);
    }

    /** The next message, which must equal {@code expected}, within {@code max}. */
    @SuppressWarnings("unchecked")
    public <T> T expectMessageEquals(T expected, Duration max) {
        return (T) expect(m -> Objects.equals(m, expected), Messages.show(expected), max);
    }

    /**
     * Checks that no message comes within {@code max}. With virtual time, the kit first lets the node become idle and
     * then checks at once: nothing else can come until time moves. With the wall clock, a message already in the
     * probe's mailbox (one this thread sent it, say) counts, as Erlang's {@code receive M -> fail after 0 -> ok end}
     * sees it; one that another process is still about to send can only be caught within {@code max}.
     */
    public void expectNoMessage(Duration max) {
        Object m;
        if (kit.hasVirtualTime()) {
            kit.settle();
            m = received.poll();
        } else {
            takeInMailbox();
            m = poll(max);
        }
        if (m != null) {
            throw new AssertionError("probe " + pid + ": expected no message " + (kit.hasVirtualTime() ? "now"
                    : "within " + max) + ", but received " + Messages.show(m) + Messages.rest(received));
        }
    }

    /**
     * Checks that no message comes while {@code period} passes. With virtual time, the kit moves the clock forward by
     * {@code period} first ({@link TestKit#advance}: what falls due fires, and the node settles), so a timer due within
     * the period that sends to this probe fails the check; with the wall clock, it is {@link #expectNoMessage}.
     */
    public void expectNoMessageFor(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative()) {
            throw new IllegalArgumentException("period must not be negative: " + period);
        }
        if (!kit.hasVirtualTime()) {
            expectNoMessage(period);
            return;
        }
        kit.advance(period);
        Object m = received.poll();
        if (m != null) {
            throw new AssertionError("probe " + pid + ": expected no message while " + period + " of virtual time "
                    + "passed, but received " + Messages.show(m) + Messages.rest(received));
        }
    }

    /** The next message must be the {@link Down} of {@code target} (monitored with {@link #monitor}). */
    public Down expectDown(Pid target) {
        return (Down) expect(m -> m instanceof Down d && d.pid().equals(target), "Down from " + target,
                TestKit.DEFAULT_TIMEOUT, monitorHint(target));
    }

    /** For a Down that never came: a reminder if this probe never monitored {@code target}. */
    private String monitorHint(Pid target) {
        return monitored.contains(target) ? "" : " (probe.monitor(" + target + ") was not called: a Down comes "
                + "only to a process that monitors)";
    }

    /** The next message must be the {@link Down} of {@code target} with {@code reason}. */
    public Down expectDown(Pid target, ExitReason reason) {
        return (Down) expect(m -> m instanceof Down d && d.pid().equals(target)
                && ReportLog.sameReason(d.reason(), reason), "Down from " + target + " with reason " + reason,
                TestKit.DEFAULT_TIMEOUT, monitorHint(target));
    }

    /** The next message must be the {@link Exit} of {@code target} with {@code reason} (linked with {@link #link}). */
    public Exit expectExit(Pid target, ExitReason reason) {
        return (Exit) expect(m -> m instanceof Exit e && e.from().equals(target)
                && ReportLog.sameReason(e.reason(), reason), "Exit from " + target + " with reason " + reason,
                TestKit.DEFAULT_TIMEOUT, linkHint(target));
    }

    /** For an Exit that never came: a reminder if this probe never linked to {@code target} (and trapped exits). */
    private String linkHint(Pid target) {
        return linked.contains(target) ? "" : " (probe.link(" + target + ") was not called: an Exit message comes "
                + "only to a process that is linked and traps exits, which probe.link does both of)";
    }

    /** The next {@code n} messages, whatever they are, within {@code max} in all. */
    public List<Object> receiveN(int n, Duration max) {
        if (n < 0) {
            throw new IllegalArgumentException("receiveN takes 0 or more messages, not " + n);
        }
        requireWait(max);
        long deadline = System.nanoTime() + Nanos.of(max);
        List<Object> got = new ArrayList<>(n);
        while (got.size() < n) {
            Object m = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (m == null) {
                throw new AssertionError("probe " + pid + ": expected " + n + " messages within " + max
                        + ", but received " + got.size() + (got.isEmpty() ? "" : ": " + Messages.show(got)));
            }
            got.add(m);
        }
        return got;
    }

    /** {@link #receiveN(int, Duration)} within the default timeout. */
    public List<Object> receiveN(int n) {
        return receiveN(n, TestKit.DEFAULT_TIMEOUT);
    }

    /**
     * Takes messages until one matches {@code match}, within {@code max} in all, and returns it; the ones before it
     * are dropped. Pekko's {@code fishForMessage}.
     */
    public Object fishForMessage(Duration max, String description, Predicate<Object> match) {
        requireWait(max);
        Objects.requireNonNull(match, "match");
        long deadline = System.nanoTime() + Nanos.of(max);
        List<Object> skipped = new ArrayList<>();
        for (;;) {
            Object m = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (m == null) {
                throw new AssertionError("probe " + pid + ": fished for " + description + " for " + max
                        + ", but it never came; received " + (skipped.isEmpty() ? "nothing" : Messages.show(skipped))
                        + deadNote());
            }
            if (match.test(m)) {
                return m;
            }
            skipped.add(m);
        }
    }

    /**
     * Erlang's selective receive: takes the first message that matches {@code match}, whenever it came, within
     * {@code max}, and leaves the others where they are, in their order, for later expectations (where
     * {@link #fishForMessage} drops them).
     *
     * @throws AssertionError if none matched in time, listing what the probe holds
     */
    public Object expectMatching(Duration max, String description, Predicate<Object> match) {
        requireWait(max);
        Objects.requireNonNull(match, "match");
        requireNotInOwnExec();
        long deadline = System.nanoTime() + Nanos.of(max);
        synchronized (received) {
            for (;;) {
                for (Object m : received) {
                    if (match.test(m) && received.remove(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || node.isClosed()) {
                    throw new AssertionError("probe " + pid + ": expected " + description + " within " + max
                            + ", but none came; the probe holds " + (received.isEmpty() ? "nothing"
                            : Messages.show(new ArrayList<>(received))) + deadNote());
                }
                try {
                    received.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for a message", e);
                }
            }
        }
    }

    /** {@link #expectMatching(Duration, String, Predicate)} of a type, within the default timeout. */
    public <T> T expectMatching(Class<T> type, Predicate<? super T> match) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(match, "match");
        return type.cast(expectMatching(TestKit.DEFAULT_TIMEOUT, "a " + type.getSimpleName() + " that matches",
                m -> type.isInstance(m) && match.test(type.cast(m))));
    }

    /**
     * The messages received and not yet taken by an expectation; takes them. A message reaches the probe through its
     * process, so this first lets the probe take what is already in its mailbox (a message sent just before, from the
     * test's thread, is in it): without that, one sent an instant earlier could be missed.
     */
    public List<Object> drain() {
        takeInMailbox();
        List<Object> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    /**
     * Lets the probe take into {@link #received} everything already in its mailbox: an action queued behind it (what
     * this thread sent it comes first, per-sender order). Not from the probe itself, nor once it is dead.
     */
    private void takeInMailbox() {
        if (node.isAlive(pid) && !(Process.isProcess() && pid.equals(Process.self()))) {
            exec(() -> null);
        }
    }

    /**
     * With virtual time, what the clock says when nothing came: the likeliest cause is a test that did not move it
     * (or slept in real time), while the timers that would send stand still.
     */
    private String clockNote() {
        io.loomotp.runtime.ManualClock clock = kit.clockOrNull();
        if (clock == null) {
            return "";
        }
        Duration next = clock.untilNext();
        return " (virtual time stands at " + clock.elapsed() + " and moves only by kit.advance(..): "
                + (next == null ? "nothing is pending on the clock"
                        : clock.pending() + " timer(s) or timed wait(s) pending, the next due in " + next)
                + ")";
    }

    private Object expect(Predicate<Object> match, String description, Duration max) {
        return expect(match, description, max, "");
    }

    /** @param ifNothing said when nothing came at all (a hint at why), after the usual message */
    private Object expect(Predicate<Object> match, String description, Duration max, String ifNothing) {
        Object m = poll(max);
        if (m == null) {
            throw new AssertionError("probe " + pid + ": expected " + description + " within " + max
                    + ", but received nothing" + ifNothing + deadNote());
        }
        if (!match.test(m)) {
            throw new AssertionError("probe " + pid + ": expected " + description + ", but received "
                    + Messages.show(m) + Messages.rest(received));
        }
        return m;
    }

    private static void requireWait(Duration max) {
        Objects.requireNonNull(max, "max");
        if (max.isNegative()) {
            throw new IllegalArgumentException("a probe's wait must not be negative: " + max);
        }
    }

    private void requireNotInOwnExec() {
        if (Process.isProcess() && pid.equals(Process.self())) {
            throw new IllegalStateException("probe " + pid + ": an expectation inside the probe's own exec can see "
                    + "nothing, since the probe takes its messages only between actions: expect from the test's thread, "
                    + "after exec returns");
        }
    }

    private Object poll(Duration max) {
        requireWait(max);
        requireNotInOwnExec();
        if (node.isClosed() || !node.isAlive(pid)) {
            return received.poll(); // nothing more can come: no wait (deadNote says why, if it is wanted)
        }
        try {
            return received.poll(Nanos.of(max), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a message", e);
        }
    }

    /** Ends the probe's process normally (after what it has queued); the kit does it after the test. */
    void stop() {
        if (node.isAlive(pid)) {
            Process.send(pid, new Stop());
        }
    }

    @Override
    public String toString() {
        return "TestProbe[" + pid + "]";
    }
}
