package io.loomotp.runtime.supervisor;

import io.loomotp.runtime.Exit;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Children a test steers by message, as {@code supervisor_SUITE}'s {@code supervisor_1} workers: {@code "crash"}
 * throws, {@code "normal"} returns, {@code "shutdown"} exits with {@code shutdown}. A stubborn child traps exits and
 * ignores the supervisor's {@code shutdown} until it gets {@code "go"}.
 */
final class Kids {
    /** Every start, as {@code id} in order, across all children of a test. */
    final List<String> starts = new CopyOnWriteArrayList<>();
    /** How many stubborn children have seen the shutdown signal. */
    final AtomicInteger shutdownsSeen = new AtomicInteger();
    final CountDownLatch firstShutdownSeen = new CountDownLatch(1);

    /** A start function for an ordinary child. */
    ChildStart plain(String id) {
        return args -> spawn(id, false);
    }

    /** A start function for a child that traps exits and leaves only on {@code "go"}. */
    ChildStart stubborn(String id) {
        return args -> spawn(id, true);
    }

    Pid spawn(String id, boolean stubborn) {
        starts.add(id);
        // a stubborn kid traps exits from its spawn on, not from its first statement: a shutdown that came before its
        // thread ran would otherwise end it (simple_one_for_one_killsThoseLeftAfterTheShutdownTime saw one report of
        // two, once, on a loaded machine)
        return Process.spawnLink(() -> {
            for (;;) {
                Object m = Process.receive();
                switch (m) {
                    case String s when s.equals("crash") -> throw new IllegalStateException(id + " crashed on purpose");
                    case String s when s.equals("normal") -> {
                        return;
                    }
                    case String s when s.equals("shutdown") || s.equals("go") -> throw Process.exit(ExitReason.SHUTDOWN);
                    case Exit e when e.reason() instanceof ExitReason.Shutdown -> {
                        shutdownsSeen.incrementAndGet();
                        firstShutdownSeen.countDown();
                    }
                    default -> { }
                }
            }
        }, io.loomotp.runtime.SpawnOptions.defaults().withTrapExits(stubborn));
    }
}
