package io.loomotp.it.gate;

import io.loomotp.runtime.Pid;
import java.util.ArrayList;
import java.util.List;

/**
 * A counting semaphore, as a callback module of the gate behaviour: up to {@code permits} clients inside at once.
 * All the process, queue and sys work is {@link Gate}'s; this class is only the policy.
 */
public final class Semaphore implements GateCallbacks<Semaphore.Permits> {

    /** The clients inside, and how many may be. */
    public record Permits(int size, List<Pid> holders) {
        public Permits {
            holders = List.copyOf(holders);
        }
    }

    private final int permits;

    public Semaphore(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("a semaphore needs at least one permit: " + permits);
        }
        this.permits = permits;
    }

    @Override
    public Permits init() {
        return new Permits(permits, List.of());
    }

    @Override
    public boolean admits(Permits state) {
        return state.holders().size() < state.size();
    }

    @Override
    public Permits entered(Permits state, Pid client) {
        List<Pid> holders = new ArrayList<>(state.holders());
        holders.add(client);
        return new Permits(state.size(), holders);
    }

    @Override
    public Permits left(Permits state, Pid client) {
        List<Pid> holders = new ArrayList<>(state.holders());
        holders.remove(client);
        return new Permits(state.size(), holders);
    }

    @Override
    public String formatState(Permits state) {
        return state.holders().size() + "/" + state.size() + " " + state.holders();
    }
}
