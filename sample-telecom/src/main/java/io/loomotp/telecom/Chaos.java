package io.loomotp.telecom;

import io.loomotp.runtime.Down;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.runtime.supervisor.SupervisorState;
import io.loomotp.sys.Sys;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The sample's chaos monkey: at a chosen rate, it kills a random phone controller, the frequency server or the
 * overload manager ({@code freq_overload}, an event manager), so that an operator watches the supervisors repair the
 * tree while the phones go on calling ({@code bin/bsc --chaos 2/s}, or {@code chaos 2/s} at the console).
 *
 * <p>It is not suicidal, as dLuna's {@code chaos_monkey} for Erlang "respects restart thresholds of top level
 * supervisors": before each kill it asks the victim's supervisor ({@code sys:get_status}) how many restarts it made
 * within its period, and kills only if one more stays within its intensity. The book's tree allows few: {@code phones}
 * 10 an hour, {@code bsc} 2. So a phone controller is killed while {@code phones} has room; once {@code phones} has
 * none, a kill makes it give up, which {@code bsc} repairs by starting a fresh {@code phones} (all its controllers
 * anew), and that is allowed while {@code bsc} has room, as killing {@code frequency} or {@code freq_overload} is.
 * Past that, the monkey holds back (and counts it) until restarts leave the period: {@code bsc}, the application's top
 * supervisor, never gives up because of it, and the node keeps running. A failure of the system's own, at the moment
 * the monkey spent the last restart, still escalates, as it would have without the monkey.
 *
 * <p>The monkey is a process of the node ({@code chaos}), ticking at the rate; {@link #rate(Rate)} changes or stops
 * it from any thread. Its counts stay across stops, for the run's summary.
 */
public final class Chaos implements AutoCloseable {
    /** What the monkey kills. */
    public enum Victim { CONTROLLER, FREQUENCY, FREQ_OVERLOAD }

    /** Kills a second; the text an operator types is {@code 2/s}, {@code 30/m} or {@code 1/h}. */
    public record Rate(double perSecond, String text) {
        /** The most the monkey does: more would only be held back. */
        static final double MAX_PER_SECOND = 100;

        /**
         * Reads {@code N/s}, {@code N/m} or {@code N/h}, N a number above 0 (decimals allowed).
         *
         * @throws IllegalArgumentException saying what was typed and what is expected
         */
        public static Rate parse(String text) {
            String[] parts = text.split("/", -1);
            double n = -1;
            long per = 0;
            if (parts.length == 2 && parts[0].matches("\\d+(\\.\\d+)?")) {
                n = Double.parseDouble(parts[0]);
                per = switch (parts[1]) {
                    case "s" -> 1;
                    case "m" -> 60;
                    case "h" -> 3600;
                    default -> 0;
                };
            }
            if (per == 0 || !(n > 0)) {
                throw new IllegalArgumentException("'" + text + "' is no rate: expected kills a second, a minute or "
                        + "an hour, more than 0, such as 2/s, 30/m or 1/h");
            }
            if (n / per > MAX_PER_SECOND) {
                throw new IllegalArgumentException("'" + text + "' is too fast: expected 100/s at most, such as 2/s");
            }
            return new Rate(n / per, text);
        }

        Duration interval() {
            return Duration.ofNanos((long) (1e9 / perSecond));
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What the monkey did so far: kills by victim, and the ticks it held back to keep the tree within its limits. */
    public record Counts(long controllers, long frequency, long freqOverload, long heldBack) {
        public long killed() {
            return controllers + frequency + freqOverload;
        }

        @Override
        public String toString() {
            return killed() + " killed (" + controllers + " phone controllers, " + frequency + " frequency, "
                    + freqOverload + " freq_overload), " + heldBack + " held back to stay within the restart "
                    + "intensities";
        }
    }

    private record NewRate() {}

    private final Node node;
    private final AtomicLong[] kills = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final AtomicLong heldBack = new AtomicLong();
    private volatile Rate rate;
    private Pid monkey;

    private Chaos(Node node) {
        this.node = node;
    }

    /** A monkey for this node, not running yet. */
    public static Chaos on(Node node) {
        return new Chaos(node);
    }

    /** Starts the monkey at this rate, changes its rate, or (null) stops it. */
    public synchronized void rate(Rate newRate) {
        rate = newRate;
        if (newRate == null) {
            if (monkey != null) {
                node.exit(monkey, ExitReason.SHUTDOWN);
                monkey = null;
            }
        } else if (monkey == null) {
            monkey = node.spawn(this::run);
        } else {
            node.send(monkey, new NewRate());
        }
    }

    /** The rate now; null when off. */
    public Rate rate() {
        return rate;
    }

    public Counts counts() {
        return new Counts(kills[0].get(), kills[1].get(), kills[2].get(), heldBack.get());
    }

    /** Stops the monkey. */
    @Override
    public void close() {
        rate(null);
    }

    private void run() {
        try {
            Process.register("chaos"); // to be seen by name in tree, top and the observer
        } catch (RuntimeException previousMonkeyStillLeaving) {
            // unnamed then: it kills all the same
        }
        RandomGenerator random = ThreadLocalRandom.current();
        long next = System.nanoTime();
        for (;;) {
            Rate r = rate;
            if (r == null) {
                return;
            }
            long interval = r.interval().toNanos();
            Object m = Process.receive(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
            if (m instanceof NewRate) {
                Rate now = rate;
                next = System.nanoTime() + (now == null ? 0 : now.interval().toNanos());
                continue;
            }
            if (m != null) {
                continue; // nothing else is sent to it
            }
            // mostly controllers, which are many; now and then the servers whose restarts restart much more
            double dice = random.nextDouble();
            Victim first = dice < 0.8 ? Victim.CONTROLLER : dice < 0.9 ? Victim.FREQUENCY : Victim.FREQ_OVERLOAD;
            Outcome o = kill(node, first, random);
            if (o != Outcome.KILLED && first != Victim.CONTROLLER) {
                o = kill(node, Victim.CONTROLLER, random);
            }
            if (o == Outcome.HELD_BACK) {
                heldBack.incrementAndGet();
            }
            next = Math.max(next + interval, System.nanoTime()); // no burst to catch up after a slow kill
        }
    }

    /** What one try to kill came to. */
    enum Outcome { KILLED, NO_VICTIM_NOW, HELD_BACK }

    /**
     * Kills one victim of this kind if that keeps every supervisor within its restart intensity, and waits until its
     * supervisor has seen it (so that the next kill counts this one's restart). Called from a process.
     */
    Outcome kill(Node node, Victim victim, RandomGenerator random) {
        Pid bsc = node.whereis("bsc");
        Pid phones = node.whereis("phones");
        Pid pid = pick(node, victim, random);
        if (pid == null || bsc == null || phones == null) {
            return Outcome.NO_VICTIM_NOW; // being restarted
        }
        boolean escalates = victim == Victim.CONTROLLER && !hasRoom(phones);
        if ((victim != Victim.CONTROLLER || escalates) && !hasRoom(bsc)) {
            return Outcome.HELD_BACK;
        }
        var watchPhones = escalates ? Process.monitor(phones) : null;
        node.exit(pid, ExitReason.KILL);
        kills[victim.ordinal()].incrementAndGet();
        if (watchPhones != null) {
            // phones gives up and exits; bsc restarts it once it sees that exit, which comes before our call below
            Process.receive(msg -> msg instanceof Down d && d.ref().equals(watchPhones), Duration.ofSeconds(10));
        }
        hasRoom(victim == Victim.CONTROLLER && !escalates ? phones : bsc); // a sys call, after the exit signal
        return Outcome.KILLED;
    }

    /**
     * A live victim of this kind: a random phone controller (a child of {@code phones}), or the registered
     * {@code frequency} or {@code freq_overload}; null if there is none now (its supervisor is restarting it).
     */
    public static Pid pick(Node node, Victim victim, RandomGenerator random) {
        return switch (victim) {
            case CONTROLLER -> {
                PhonesRef phones = PhonesRef.whereis(node);
                List<Pid> live;
                try {
                    live = phones == null ? List.of() : phones.whichChildren().stream().map(ChildInfo::pid)
                            .filter(p -> p != null).toList();
                } catch (RuntimeException restarting) {
                    live = List.of();
                }
                yield live.isEmpty() ? null : live.get(random.nextInt(live.size()));
            }
            case FREQUENCY -> node.whereis("frequency");
            case FREQ_OVERLOAD -> node.whereis(FreqOverload.NAME);
        };
    }

    /** Whether one more restart keeps this supervisor within its intensity (false if it does not answer). */
    static boolean hasRoom(Pid supervisor) {
        try {
            int used = Integer.parseInt(Sys.getStatus(supervisor).extra().getOrDefault("restarts_in_period", "0"));
            SupervisorState state = (SupervisorState) Sys.getState(supervisor);
            return state.flags() != null && used < state.flags().intensity();
        } catch (RuntimeException restartingOrGone) {
            return false;
        }
    }
}
