package io.loomotp.telecom;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.ProcessBody;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A simulated phone (the book's {@code phone.erl}), a process of its own: it gets a controller from the phones'
 * supervisor, connects to it, and, as its user would, makes calls to random numbers (now and then a number that does
 * not exist, or its own), answers most calls and rejects some, talks, and hangs up. It counts every outcome in the
 * shared {@link Stats}. When its controller dies it finds the new one (or asks for one), as a phone re-attaches to
 * the network.
 */
final class SimPhone implements ProcessBody {
    private enum Mode { IDLE, DIALING, RINGING, TALKING }

    /** Ends a phone's talk. */
    private record HangUpNow() {}

    private final Load load;
    private final String number;
    private final List<String> directory;
    private PhoneControllerRef controller;
    private MonitorRef watch;
    private Mode mode = Mode.IDLE;
    private boolean caller;
    private long outcomeBy;
    private long dialledAt;
    private long nextCall;

    SimPhone(Load load, String number, List<String> directory) {
        this.load = load;
        this.number = number;
        this.directory = directory;
    }

    @Override
    public void run() {
        Node node = Process.node();
        attach(node);
        nextCall = System.nanoTime() + think();
        for (;;) {
            if (load.stopping() && mode == Mode.IDLE) {
                if (controller != null) {
                    controller.disconnect();
                }
                load.phoneDone();
                return;
            }
            long wait = switch (mode) {
                case IDLE -> nextCall - System.nanoTime();
                case DIALING -> outcomeBy - System.nanoTime();
                default -> Long.MAX_VALUE;
            };
            Object m = wait == Long.MAX_VALUE ? Process.receive(Duration.ofSeconds(1))
                    : Process.receive(Duration.ofNanos(Math.max(0, wait)));
            if (m == null) {
                if (mode == Mode.IDLE && !load.stopping() && System.nanoTime() >= nextCall) {
                    dial();
                    nextCall = System.nanoTime() + think();
                } else if (mode == Mode.DIALING && System.nanoTime() >= outcomeBy) {
                    load.stats().lost.incrementAndGet();
                    mode = Mode.IDLE;
                }
                continue;
            }
            handle(node, m);
        }
    }

    private void handle(Node node, Object m) {
        Stats s = load.stats();
        switch (m) {
            case PhoneReply.Inbound in -> {
                if (mode != Mode.IDLE || load.stopping() || ThreadLocalRandom.current().nextInt(10) < 2) {
                    controller.reject();
                } else {
                    controller.accept();
                    mode = Mode.RINGING;
                }
            }
            case PhoneReply.Connected c -> {
                mode = Mode.TALKING; // we answered: the caller hangs up
                caller = false;
            }
            case PhoneReply.Accepted a -> {
                if (mode == Mode.DIALING) {
                    s.setUpLatency.record(System.nanoTime() - dialledAt);
                    s.setUp.incrementAndGet();
                    mode = Mode.TALKING;
                    caller = true;
                    Process.node().sendAfter(talk(), Process.self(), new HangUpNow());
                }
            }
            case HangUpNow h -> {
                if (mode == Mode.TALKING && caller) {
                    controller.hangup();
                    s.completed.incrementAndGet();
                    mode = Mode.IDLE;
                }
            }
            case PhoneReply.Rejected r -> outcome(s.rejected);
            case PhoneReply.Busy b -> {
                if (b.overload() && mode == Mode.DIALING) {
                    s.busyOverload.incrementAndGet(); // the user hears busy, as for any other busy,
                    nextCall = Math.max(nextCall, System.nanoTime() + b.waitMillis() * 1_000_000L); // the phone waits
                }
                outcome(s.busy);
            }
            case PhoneReply.Invalid i -> outcome(s.invalid);
            case PhoneReply.NoAnswer n -> outcome(s.noAnswer);
            case PhoneReply.NoFrequency n -> {
                if (mode == Mode.DIALING) {
                    outcome(s.noFrequency);
                } else {
                    mode = Mode.IDLE; // we answered, but no frequency was free
                }
            }
            case PhoneReply.Hangup h -> {
                if (mode == Mode.DIALING) {
                    outcome(s.hungUp);
                } else {
                    if (mode == Mode.TALKING && caller) {
                        s.completed.incrementAndGet();
                    }
                    mode = Mode.IDLE;
                }
            }
            case Down d when watch != null && d.ref().equals(watch) -> {
                if (mode == Mode.DIALING) {
                    s.dropped.incrementAndGet();
                } else if (mode == Mode.TALKING && caller) {
                    s.cut.incrementAndGet(); // counted by the caller only, as set up and completed are
                }
                mode = Mode.IDLE;
                s.reconnects.incrementAndGet();
                controller = null;
                attach(node);
            }
            default -> { }
        }
    }

    private void outcome(java.util.concurrent.atomic.AtomicLong counter) {
        if (mode == Mode.DIALING) {
            counter.incrementAndGet();
            mode = Mode.IDLE;
        }
    }

    private void dial() {
        if (controller == null) {
            return;
        }
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int dice = r.nextInt(100);
        String to = dice == 0 ? "999" + number : dice == 1 ? number : directory.get(r.nextInt(directory.size()));
        load.stats().attempts.incrementAndGet();
        mode = Mode.DIALING;
        dialledAt = System.nanoTime();
        outcomeBy = System.nanoTime() + load.config().answerTimeout().toNanos() + Duration.ofSeconds(5).toNanos();
        controller.outbound(to);
    }

    /** Finds this number's controller (a restarted one is in the HLR), or asks the phones' supervisor for one. */
    private void attach(Node node) {
        for (int tries = 0; controller == null && !load.stopping(); tries++) {
            if (load.finder() != null) { // a phone on another node: bsc's switchboard gives it its controller
                Pid found = load.finder().apply(number);
                if (found != null) {
                    controller = PhoneControllerRef.of(found);
                    break;
                }
                Process.receive(x -> x instanceof HangUpNow, Duration.ofMillis(20 + 10L * Math.min(tries, 20)));
                continue;
            }
            Pid known = load.hlr().lookupId(number);
            if (known != null && node.isAlive(known)) {
                controller = PhoneControllerRef.of(known);
                break;
            }
            PhonesRef phones = PhonesRef.whereis(node);
            if (phones != null && tries > 2) {
                try {
                    controller = phones.phone(number); // null if the supervisor's restart of it came first
                    if (controller != null) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // the supervisor is restarting: look again
                }
            }
            Process.receive(x -> x instanceof HangUpNow, Duration.ofMillis(20 + 10L * Math.min(tries, 20)));
        }
        if (controller != null) {
            watch = Process.monitor(controller.pid());
            controller.connect(Process.self());
        }
    }

    private long think() {
        // exponential think time with mean phones / calls-per-second seconds: the whole load is the configured rate
        double mean = (double) load.config().phones() / Math.max(1, load.config().callsPerSecond());
        double u = ThreadLocalRandom.current().nextDouble(1e-9, 1.0);
        return (long) (-Math.log(u) * mean * 1e9);
    }

    private Duration talk() {
        long mean = load.config().talkTime().toMillis();
        return Duration.ofMillis(mean / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, mean)));
    }
}
