package io.loomotp.runtime.proc;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.SystemMessage;
import io.loomotp.runtime.internal.CallEnvelope;
import io.loomotp.runtime.internal.Debug;
import io.loomotp.runtime.internal.ExitUnwind;
import io.loomotp.runtime.internal.SystemProcess;
import io.loomotp.runtime.sys.DebugOptions;
import io.loomotp.runtime.sys.SysEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The debug state of a special process: OTP's {@code Debug} value, which the process threads through its own loop.
 * It is what {@code sys:debug_options/1} makes, what {@code sys:handle_debug/4} feeds with the process's events, and
 * what {@code sys:handle_system_msg/6} changes when an operator switches trace, log, statistics or a debug function
 * on or off.
 *
 * <pre>{@code
 * SysDebug debug = SysDebug.options(options);         // Debug = sys:debug_options(Opts)
 * ...
 * Object m = Process.receive();
 * switch (m) {
 *     case Wait w -> {
 *         debug.handleDebug(FORMAT, w);                 // sys:handle_debug(Debug, fun debug/3, Name, Event)
 *         ...
 *     }
 *     case SystemMessage sys -> state = debug.handleSystemMessage(sys, this, state);   // sys:handle_system_msg
 *     ...
 * }
 * }</pre>
 *
 * <p>Unlike Erlang's immutable list, this object is changed in place by {@link #handleSystemMessage}, so the process
 * keeps one reference for its whole life. With nothing switched on, {@link #handleDebug} costs one null check and
 * formats nothing.
 *
 * <p>Owner only: a {@code SysDebug} belongs to the process that made it, and only that process may call it.
 */
public final class SysDebug {
    private final Special special;
    private Debug debug;

    private SysDebug(Special special, Debug debug) {
        this.special = special;
        this.debug = debug;
    }

    /**
     * Makes the calling process's debug state from start options: {@code sys:debug_options/1}. Statistics, when
     * asked for, count from now.
     *
     * @throws IllegalStateException if the caller is not a process, or runs a behaviour (whose loop has its own)
     * @throws UncheckedIOException if the log file cannot be opened
     */
    public static SysDebug options(DebugOptions options) {
        Objects.requireNonNull(options, "options");
        Special special = Special.current("SysDebug.options");
        try {
            return new SysDebug(special, special.sys.debugOptions(options));
        } catch (IOException e) {
            throw new UncheckedIOException("log_to_file " + options.logFile() + ": " + e, e);
        }
    }

    /**
     * True if an event would go anywhere (a trace, a log, a log file or a debug function is on): lets a process skip
     * building an event that costs something to make.
     */
    public boolean isOn() {
        return debug != null;
    }

    /**
     * Reports one of the process's own events: {@code sys:handle_debug/4}. When a trace, log, log file or debug
     * function is on, the event is rendered with {@code formatter} into a line such as {@code *DBG* printer wait
     * <0.40>} and handed to each; a debug function receives a {@link SysEvent.UserEvent} holding the event itself.
     * With nothing on, it returns at once without calling the formatter.
     *
     * @param formatter renders the event, without the process's name (OTP's format fun); a formatter that throws is
     *     rendered as such, never propagated
     */
    public <E> void handleDebug(Function<? super E, String> formatter, E event) {
        Debug d = debug;
        if (d != null) {
            String text;
            try {
                text = formatter.apply(event);
            } catch (RuntimeException e) {
                text = event + " (formatter failed: " + e + ")";
            }
            String name = special.self.registeredName();
            d.handle(new SysEvent.UserEvent(name != null ? name : special.self.toString(), System.currentTimeMillis(),
                    event, text));
        }
    }

    /**
     * Answers a system message that the process received in its own loop: {@code sys:handle_system_msg/6}. Every
     * request of the sys protocol is answered here: get and replace state, status, suspend and resume, statistics,
     * trace, log, log to file, install and remove, no debug, terminate.
     *
     * <p>It returns the state to go on with (OTP's {@code system_continue/3}): the same state, or what
     * {@code replaceState} made of it; while the process is suspended it does not return, and answers system messages
     * only, so its clients wait. On {@code sys:terminate}, or when the parent's exit signal arrives while it is
     * suspended and traps exits, it calls {@link SystemCallbacks#systemTerminate} and ends the process with the
     * reason (OTP's {@code system_terminate/4}): it does not return.
     *
     * @param message the system message, as {@code Process.receive} gave it
     * @param callbacks what the process tells sys about itself; often the process's own object
     * @param state the process's loop data (OTP's {@code Misc})
     * @return the state to continue with
     * @throws IllegalArgumentException if the message did not come from the sys protocol
     */
    public <S> S handleSystemMessage(SystemMessage message, SystemCallbacks<S> callbacks, S state) {
        Objects.requireNonNull(callbacks, "callbacks");
        if (!(message.from() instanceof CallEnvelope call) || call.kind != io.loomotp.runtime.internal.Envelope.SYSTEM) {
            throw new IllegalArgumentException("not a system message of the sys protocol: " + message);
        }
        special.describedBy(callbacks);
        Target<S> target = new Target<>(special, callbacks, state);
        debug = special.sys.handle(call, target, debug);
        return target.state;
    }

    /** The process's callbacks and state, as the sys part sees them while it answers one message. */
    private static final class Target<S> implements SystemProcess {
        private final Special special;
        private final SystemCallbacks<S> callbacks;
        S state;

        Target(Special special, SystemCallbacks<S> callbacks, S state) {
            this.special = special;
            this.callbacks = callbacks;
            this.state = state;
        }

        @Override
        public String behaviourName() {
            return callbacks.behaviourName();
        }

        @Override
        public Class<?> module() {
            return callbacks.module();
        }

        @Override
        public Object systemGetState() {
            return callbacks.systemGetState(state);
        }

        @Override
        public Object systemReplaceState(Function<Object, Object> function) {
            // the answer is the new state itself, as OTP's sys:replace_state answers the NState that
            // system_replace_state returns: it never calls system_get_state, whose failure would say that a state
            // already replaced was not
            state = callbacks.systemReplaceState(function, state);
            return state;
        }

        @Override
        public Object systemInspectState(Function<Object, Object> function) {
            return function.apply(state);
        }

        @Override
        public String formatStatus() {
            try {
                return callbacks.formatState(state);
            } catch (RuntimeException e) {
                return "(state formatter failed: " + e + ")";
            }
        }

        @Override
        public Map<String, String> statusExtra() {
            return callbacks.statusExtra(state);
        }

        @Override
        public ExitUnwind systemTerminate(ExitReason reason) {
            if (special.self.isExiting()) {
                return special.self.unwind(); // killed meanwhile: nothing more runs
            }
            try {
                callbacks.systemTerminate(reason, state);
            } catch (ExitUnwind u) {
                return u;
            } catch (Throwable t) {
                return new ExitUnwind(ExitReason.crash(t), false);
            }
            return new ExitUnwind(reason, false);
        }
    }
}
