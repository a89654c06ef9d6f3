package io.loomotp.runtime.server;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.From;
import io.loomotp.runtime.Process;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A hand-written callback module, the counterpart of {@code gen_server_SUITE}'s own: its requests exercise every way
 * a handler can answer, fail, stop or defer.
 */
final class TestServer implements ServerCallbacks<TestServer.State> {
    static final TestServer CALLBACKS = new TestServer();

    /** The server's mutable state: only its own process touches it. */
    static final class State {
        final String mode;
        int count;
        final List<Object> infos = new ArrayList<>();
        From deferred;
        CompletableFuture<ExitReason> terminated;
        /** The thread init ran on, for a test to wait until it has ended. */
        final CompletableFuture<Thread> initThread = new CompletableFuture<>();
        /** Every info message, for a test to read without sending the server anything (which would reset timeouts). */
        final java.util.concurrent.BlockingQueue<Object> infoLog = new java.util.concurrent.LinkedBlockingQueue<>();

        State(String mode) {
            this.mode = mode;
        }

        State(String mode, CompletableFuture<ExitReason> terminated) {
            this.mode = mode;
            this.terminated = terminated;
        }

        @Override
        public String toString() {
            return "State[mode=" + mode + ", count=" + count + "]";
        }
    }

    record Delayed(Duration d) {}

    record Inc(int by) {}

    record Answer(Object value) {}

    /** A call the handler makes to another server and waits for: a handler blocked in a call of its own. */
    record Relay(io.loomotp.runtime.Pid other, Object request) {}

    @Override
    public InitResult init(State s) throws Exception {
        return switch (s.mode) {
            case "ignore" -> InitResult.ignore();
            case "stop" -> InitResult.stop(ExitReason.custom("stopped"));
            case "error" -> InitResult.error(ExitReason.custom("port_in_use"));
            case "handler-stop" -> {
                Handler.stop(ExitReason.custom("from_init"));
                yield InitResult.ok();
            }
            case "crash" -> throw new IllegalStateException("init crashed");
            case "sleep" -> {
                Process.sleep(Duration.ofSeconds(30));
                yield InitResult.ok();
            }
            case "thread-sleep" -> { // a blocking JDK call, which a kill interrupts
                s.initThread.complete(Thread.currentThread());
                Thread.sleep(30_000);
                yield InitResult.ok();
            }
            case "timeout" -> InitResult.ok(Duration.ofMillis(20));
            case "trap" -> {
                Process.trapExits(true);
                yield InitResult.ok();
            }
            default -> InitResult.ok();
        };
    }

    @Override
    public Object handleCall(State s, Object request, From from) throws Exception {
        if (request instanceof Delayed d) {
            Process.sleep(d.d());
            return "delayed";
        }
        if (request instanceof Relay r) {
            return GenServer.call(r.other(), r.request(), Duration.ofSeconds(30));
        }
        return switch ((String) request) {
            case "started_p" -> "ok";
            case "get" -> s.count;
            case "stop" -> {
                Handler.stop(ExitReason.custom("stopped"));
                yield "ok";
            }
            case "crash" -> throw new IllegalStateException("crashed");
            case "checked" -> throw new java.io.IOException("checked crash");
            case "shutdown_reason" -> throw Process.exit(ExitReason.shutdown("reason"));
            case "defer" -> {
                s.deferred = from;
                yield NO_REPLY;
            }
            case "idle" -> {
                Handler.idleTimeout(Duration.ofMillis(10));
                yield "ok";
            }
            case "idle_then_infinity" -> { // OTP's infinity: no timeout, and none of the earlier request
                Handler.idleTimeout(Duration.ofMillis(10));
                Handler.idleTimeout(io.loomotp.runtime.Timeouts.INFINITY);
                yield "ok";
            }
            case "hibernate" -> {
                Handler.hibernate();
                yield "ok";
            }
            case "receive_then_crash" -> { // a receive inside the handler takes a message, then the server dies
                Process.send(Process.self(), "go");
                Process.receive(m -> m.equals("go"));
                throw new IllegalStateException("crash after a receive");
            }
            case "receive_then_wait" -> { // a receive that takes a message, then a wait the test ends with a kill
                Process.send(Process.self(), "go");
                Process.receive(m -> m.equals("go"));
                Process.receive(m -> m.equals("never"));
                yield "unreachable";
            }
            case "infos" -> List.copyOf(s.infos);
            case "null" -> null;
            default -> throw new IllegalArgumentException("unexpected call " + request);
        };
    }

    @Override
    public void handleCast(State s, Object message) {
        switch (message) {
            case Inc inc -> s.count += inc.by();
            case Answer a -> s.deferred.reply(a.value());
            case String str when str.equals("crash") -> throw new IllegalStateException("cast crashed");
            default -> throw new IllegalArgumentException("unexpected cast " + message);
        }
    }

    @Override
    public boolean handleInfo(State s, Object message) {
        if (message instanceof Integer || message instanceof IdleTimeout || message instanceof io.loomotp.runtime.Exit) {
            s.infos.add(message);
            s.infoLog.add(message);
            return true;
        }
        return false;
    }

    @Override
    public void terminate(State s, ExitReason reason) {
        if (s.terminated != null) {
            s.terminated.complete(reason);
        }
        if ("bad_terminate".equals(s.mode)) {
            throw new IllegalStateException("terminate crashed");
        }
    }

    @Override
    public Class<?> module() {
        return TestServer.class;
    }

    @Override
    public String formatState(State s) {
        return "{formatted, " + s.count + "}";
    }

    @Override
    public boolean acceptsState(Object candidate) {
        return candidate instanceof State;
    }
}
