package io.loomotp.runtime.application;

import java.util.Objects;

/**
 * One start phase of an application: an entry of OTP's {@code start_phases} key, {@code {Phase, PhaseArgs}}. After
 * the application's top supervisor has started, and before the start returns, {@link Application#startPhase} runs
 * once for each phase, in the order of {@link Application#startPhases()}.
 *
 * @param name the phase's name, passed to {@link Application#startPhase}
 * @param args what the phase is given, passed as it is; null if it needs nothing (OTP's {@code []})
 */
public record StartPhase(String name, Object args) {
    public StartPhase {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a start phase needs a name: StartPhase.of(\"init\"), say");
        }
    }

    /** A phase that needs no arguments. */
    public static StartPhase of(String name) {
        return new StartPhase(name, null);
    }

    /** A phase given {@code args}. */
    public static StartPhase of(String name, Object args) {
        return new StartPhase(name, args);
    }

    @Override
    public String toString() {
        return "{" + name + ", " + (args == null ? "[]" : args) + "}";
    }
}
