package io.loomotp.runtime.internal;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MailboxFullException;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;
import io.loomotp.runtime.RequestId;
import io.loomotp.runtime.RequestIds;
import io.loomotp.runtime.Response;
import io.loomotp.runtime.Timeouts;
import io.loomotp.runtime.remote.PendingCall;
import io.loomotp.runtime.remote.RemotePid;
import io.loomotp.runtime.remote.ReplySink;
import io.loomotp.runtime.remote.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Asynchronous requests: OTP's {@code send_request/2}, {@code receive_response/2}, {@code wait_response/2} and
 * {@code check_response/2} (gen.erl), over the call protocol of {@link Calls}.
 *
 * <p>A request is a {@link CallEnvelope} like a call's, so the server sees an ordinary call (its handler, a deferred
 * {@code From}, a postponed event, the callee's death failing it all work as for a call). What differs is where the
 * outcome goes: nobody waits on the envelope; its one-shot slot hands the outcome to an {@link Outcome}, which queues
 * it in the caller's mailbox as a {@link Response}, as OTP's reply lands in the caller's mailbox. It is queued as a
 * signal's message is: never refused by a bounded mailbox.
 *
 * <p>Abandoning. {@link #receive} with {@code abandon} (OTP's {@code receive_response}) gives the request up when its
 * timeout passes, by setting the slot to abandoned: a reply that comes later loses that race and is dropped, as OTP
 * deactivates the request's alias. If the reply won the race, its response is already in the mailbox or about to be
 * (the completer queues it right after), so it is taken and returned.
 */
public final class Requests {
    private Requests() {}

    /** Makes the public id: {@code RequestId}'s private constructor, handed over by its static initializer. */
    public interface Factory {
        RequestId make(Pid server, Object request, Object handle);
    }

    private static volatile Factory factory;
    private static volatile Function<RequestId, Object> handles;

    /** Called once, by {@code RequestId}'s static initializer. */
    public static void access(Factory make, Function<RequestId, Object> handle) {
        if (factory != null) {
            throw new IllegalStateException("request access is already set");
        }
        handles = handle;
        factory = make;
    }

    private static Factory factory() {
        Factory f = factory;
        if (f == null) {
            try {
                Class.forName(RequestId.class.getName(), true, RequestId.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            f = factory;
        }
        return f;
    }

    /**
     * Sends a request to {@code pid} and returns at once; the outcome comes to the caller's mailbox as a
     * {@link Response}. A dead callee is not an error here: its {@link Response.Failed} comes at once, as OTP's
     * {@code 'DOWN'} with {@code noproc} does.
     *
     * @param kind {@link Envelope#CALL}
     * @param operation the public method's name, for the error when the caller is not a process
     */
    public static RequestId send(Pid pid, byte kind, Object request, String operation) {
        Objects.requireNonNull(pid, "pid must not be null");
        Objects.requireNonNull(request, "request must not be null");
        ProcessImpl self = ProcessImpl.current();
        if (self == null && io.loomotp.runtime.inline.Inline.current() != null) {
            // a handler run inline by the test kit's synchronous harness: recorded, not sent
            RequestId id = factory().make(pid, request, null);
            io.loomotp.runtime.inline.Inline.current().request(pid, request, id);
            return id;
        }
        if (self == null) {
            throw new IllegalStateException(operation + " must be called from a process, not from thread "
                    + Thread.currentThread() + ": the response comes to the caller's mailbox (use a call instead)");
        }
        if (self.suppressesEffects()) {
            throw self.unwind();
        }
        if (pid instanceof RemotePid remote) {
            return remote(remote, kind, request, self);
        }
        if (!(pid instanceof ProcessImpl callee)) {
            throw ProcessImpl.notLocal(pid);
        }
        if (callee.node != self.node && CrossNode.seenFrom(self.node, callee) instanceof RemotePid remote) {
            return remote(remote, kind, request, self); // see CrossNode
        }
        NodeRuntime node = callee.node();
        if (node == null || callee == node.system()) {
            throw new IllegalArgumentException("cannot send a request to " + pid + ": it is the system pid of its node");
        }
        Outcome outcome = new Outcome(self);
        RequestId id = factory().make(pid, request, outcome);
        CallEnvelope call = new CallEnvelope(kind, request, self, callee, outcome);
        outcome.bind(id, call, null);
        if (!callee.isAlive()) {
            call.fail(new NoProcessException(pid, "request " + request));
            return id;
        }
        try {
            callee.deliver(call);
        } catch (MailboxFullException refused) {
            return id; // deliver failed the request first: its response says so
        }
        self.countOut();
        if (callee.isExiting()) {
            call.fail(new ProcessExitException(callee, callee.exitReason()));
        }
        return id;
    }

    private static RequestId remote(RemotePid to, byte kind, Object request, ProcessImpl self) {
        Outcome outcome = new Outcome(self);
        RequestId id = factory().make(to, request, outcome);
        // as a remote call's slot: the callee field is this node's system process (RemoteSignals.call)
        CallEnvelope slot = new CallEnvelope(kind, request, self, self.node().system(), outcome);
        PendingCall pending = new PendingCall(slot, self, to);
        Transport transport = to.node().transport();
        outcome.bind(id, slot, () -> transport.callEnded(pending));
        transport.call(self, to, kind, request, pending);
        self.countOut();
        return id;
    }

    /**
     * Waits up to {@code timeout} for the response to {@code id} and returns its reply, or throws its failure. The
     * other messages stay in the mailbox, in order.
     *
     * @param abandon on a timeout, give the request up (OTP's {@code receive_response}: a later reply is dropped);
     *     otherwise it stays pending and may be waited for again (OTP's {@code wait_response})
     * @throws CallTimeoutException if no response came in time
     * @throws IllegalStateException if the caller is not the process that sent the request, or the response was
     *     already taken
     */
    public static Object receive(RequestId id, Duration timeout, boolean abandon, String operation) {
        Objects.requireNonNull(id, "request id must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null: use Timeouts.INFINITY");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        ProcessImpl self = ProcessImpl.currentOrThrow(operation);
        Outcome outcome = outcome(id, operation);
        if (outcome.caller != self) {
            throw new IllegalStateException(operation + ": " + id + " was sent by " + outcome.caller
                    + ", and only that process receives its response, not " + self);
        }
        if (outcome.abandoned) {
            // given up by an earlier receive_response that timed out: OTP's waits out the timeout again for a reply
            // that can no longer come, and says timeout; this says it at once
            throw new CallTimeoutException(id.server(), id.request(), timeout);
        }
        if (outcome.taken) {
            throw new IllegalStateException(operation + ": the response to " + id + " was already taken");
        }
        Duration wait = timeout.compareTo(Timeouts.INFINITY) >= 0 ? null : timeout;
        Object m = io.loomotp.runtime.Process.receive(x -> x instanceof Response r && r.id() == id, wait);
        if (m == null) {
            if (!abandon) {
                throw new CallTimeoutException(id.server(), id.request(), timeout);
            }
            if (outcome.call.abandon()) {
                outcome.ended();
                outcome.taken = true;
                outcome.abandoned = true;
                throw new CallTimeoutException(id.server(), id.request(), timeout);
            }
            // the outcome won the race: its response is in the mailbox, or about to be, unless a receive of this
            // process's own took it meanwhile (a flush): then the request has timed out, as OTP's receive_response
            outcome.awaitDelivered();
            m = io.loomotp.runtime.Process.receive(x -> x instanceof Response r && r.id() == id, Duration.ZERO);
            if (m == null) {
                outcome.taken = true;
                outcome.abandoned = true;
                throw new CallTimeoutException(id.server(), id.request(), timeout);
            }
        }
        outcome.taken = true;
        return value((Response) m);
    }

    /**
     * Waits up to {@code timeout} for a response to any request of {@code ids}: OTP 25's {@code receive_response/3}
     * ({@code abandon}) and {@code wait_response/3}. Returns it with its request's label, which {@code delete} takes
     * out of the collection; null if the collection is empty ({@code no_request}).
     *
     * <p>On a timeout with {@code abandon}, every request of the collection is given up. One whose outcome won that
     * race has its response queued already, or about to be: the first such is taken and returned instead.
     *
     * @throws CallTimeoutException if no response came in time
     * @throws IllegalStateException if a request of the collection was sent by another process
     */
    public static <L> RequestIds.Labelled<L> receive(RequestIds<L> ids, Duration timeout, boolean delete,
                                                     boolean abandon, String operation) {
        Objects.requireNonNull(ids, "request ids must not be null");
        Objects.requireNonNull(timeout, "timeout must not be null: use Timeouts.INFINITY");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        ProcessImpl self = ProcessImpl.currentOrThrow(operation);
        if (ids.isEmpty()) {
            return null;
        }
        for (RequestId id : ids.toMap().keySet()) {
            Outcome o = outcome(id, operation);
            if (o.caller != self) {
                throw new IllegalStateException(operation + ": " + id + " was sent by " + o.caller
                        + ", and only that process receives its response, not " + self);
            }
        }
        Duration wait = timeout.compareTo(Timeouts.INFINITY) >= 0 ? null : timeout;
        Object m = io.loomotp.runtime.Process.receive(x -> x instanceof Response r && ids.contains(r.id()), wait);
        if (m == null) {
            if (!abandon) {
                throw new CallTimeoutException("a response to any of " + ids.size() + " requests", timeout);
            }
            java.util.Set<RequestId> won = new java.util.HashSet<>();
            for (RequestId id : ids.toMap().keySet()) {
                Outcome o = (Outcome) handles.apply(id);
                if (o.call.abandon()) {
                    o.ended();
                    o.taken = true;
                    o.abandoned = true;
                } else if (!o.taken) {
                    o.awaitDelivered();
                    won.add(id);
                }
            }
            // those that won the race have their responses in the mailbox, unless a receive of this process's own
            // took them: then none is left, and the wait has timed out
            m = won.isEmpty() ? null
                    : io.loomotp.runtime.Process.receive(x -> x instanceof Response r && won.contains(r.id()),
                            Duration.ZERO);
            if (m == null) {
                throw new CallTimeoutException("a response to any of " + ids.size() + " requests", timeout);
            }
        }
        return labelled((Response) m, ids, delete);
    }

    /** OTP 25's {@code check_response/3}: the response and its label if {@code message} answers one of them. */
    public static <L> RequestIds.Labelled<L> check(Object message, RequestIds<L> ids, boolean delete) {
        Objects.requireNonNull(ids, "request ids must not be null");
        if (message instanceof Response r && ids.contains(r.id())) {
            return labelled(r, ids, delete);
        }
        return null;
    }

    /** The outcome of a request a process sent; a request a test harness recorded has none to wait on. */
    private static Outcome outcome(RequestId id, String operation) {
        if (handles.apply(id) instanceof Outcome o) {
            return o;
        }
        throw new IllegalStateException(operation + ": " + id + " was recorded by a test harness, not sent: hand "
                + "its response to the behaviour as a message (harness.info(new Response.Reply(id, value)))");
    }

    private static <L> RequestIds.Labelled<L> labelled(Response r, RequestIds<L> ids, boolean delete) {
        if (handles.apply(r.id()) instanceof Outcome o) { // none for a request recorded by a test harness
            o.taken = true;
        }
        L label = ids.label(r.id());
        if (delete) {
            ids.remove(r.id());
        }
        return new RequestIds.Labelled<>(r, label);
    }

    /** The reply of a response, or its failure thrown afresh, so that its stack trace is the caller's. */
    static Object value(Response r) {
        if (r instanceof Response.Failed(RequestId ignored, RuntimeException e)) {
            throw Calls.rethrow(e);
        }
        return ((Response.Reply) r).value();
    }

    /** OTP's {@code check_response/2}: the response if {@code message} answers {@code id}, else null. */
    public static Response check(Object message, RequestId id) {
        Objects.requireNonNull(id, "request id must not be null");
        if (message instanceof Response r && r.id() == id) {
            if (handles.apply(id) instanceof Outcome o) { // none for a request recorded by a test harness
                o.taken = true;
            }
            return r;
        }
        return null;
    }

    /**
     * Where a request's outcome goes: a {@link Response} queued in its caller's mailbox. Called once, by whoever
     * completed the slot (the server's reply, its death, a lost connection), on that thread.
     */
    static final class Outcome implements ReplySink {
        final ProcessImpl caller;
        private RequestId id;
        CallEnvelope call;
        private Runnable onEnd;
        /** Owner only: the caller has taken the response, or given the request up. */
        boolean taken;
        /** Owner only: given up by a receive that timed out; a later receive of it times out at once. */
        boolean abandoned;
        /** Set by the replier once the response is in the caller's mailbox. */
        private volatile boolean delivered;

        Outcome(ProcessImpl caller) {
            this.caller = caller;
        }

        /** Completes the set-up; before the envelope is sent, so before any outcome. */
        void bind(RequestId id, CallEnvelope call, Runnable onEnd) {
            this.id = id;
            this.call = call;
            this.onEnd = onEnd;
        }

        /** Lets the transport forget a remote request; nothing for a local one. */
        void ended() {
            if (onEnd != null) {
                onEnd.run();
            }
        }

        @Override
        public void reply(Object value) {
            ended();
            caller.deliverSignal(new Response.Reply(id, value));
            delivered = true;
        }

        @Override
        public void fail(ExitReason reason, RuntimeException failure) {
            ended();
            caller.deliverSignal(new Response.Failed(id, failure));
            delivered = true;
        }

        /**
         * Owner only, after its abandon lost the race to an outcome: waits until that outcome's response is in the
         * mailbox. The replier is between winning the call's completion and the delivery, a few instructions; the
         * wait is bounded all the same (5 s), as a replier's thread may be descheduled.
         */
        void awaitDelivered() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (int spins = 0; !delivered && System.nanoTime() < deadline; spins++) {
                if (spins < 1_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }
}
