package io.loomotp.runtime.internal;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.server.ServerCallbacks;
import io.loomotp.runtime.server.StartOptions;
import io.loomotp.runtime.sys.SysEvent;

/**
 * The debug events of the one loop, rendered: what {@code gen_server.erl}'s {@code print_event/3} writes, made into
 * {@link SysEvent}s and handed to the process's {@link Debug} ({@code sys:handle_debug/4}). Also the safe
 * formatters that reports use, because a failing user formatter must never hide the event or the crash.
 *
 * <p>What it owns: gen_server's wording ({@code got call … from …}, {@code sent … to …, new state …}) and the
 * decision to ask the behaviour for its own words ({@link ServerCallbacks#receivedEvent}, such as a state machine's
 * {@code receive call … in state S}). It is only reached with debug on: the loop tests its {@code debug} field first,
 * so that with debug off nothing here runs and nothing is formatted.
 *
 * <p>Owner only: called on the process's own thread.
 */
final class ServerEvents {
    private ServerEvents() {}

    /** The process as trace lines name it: its registered name (local, global or via), or its pid. */
    static String processName(ProcessImpl self) {
        String n = nameOf(self);
        return n != null ? n : self.toString();
    }

    /**
     * The process's name in reports and trace lines: its local name, else the global or via name its behaviour was
     * started under (OTP's {@code gen:name/1}, which gives {@code Name} of {@code {global, Name}} and of
     * {@code {via, Mod, Name}}), else null.
     */
    static String nameOf(ProcessImpl self) {
        String n = self.registeredName();
        if (n != null || !(self.behaviour() instanceof ServerLoop<?> loop)) {
            return n;
        }
        StartOptions options = loop.options;
        if (options.globalName() != null) {
            return options.globalName();
        }
        return options.via() != null ? String.valueOf(options.via().name()) : null;
    }

    static <S> void received(Debug debug, ProcessImpl self, ServerCallbacks<S> cb, S state, SysEvent.Kind kind,
                             Object message, Pid from) {
        String process = processName(self);
        long now = System.currentTimeMillis();
        String m = format(cb, message);
        SysEvent own = cb.receivedEvent(process, now, kind, message, m, from, state);
        if (own != null) {
            debug.handle(own);
            return;
        }
        String text = switch (kind) {
            case CALL -> "got call " + m + " from " + from;
            case CAST -> "got cast " + m;
            case TIMEOUT -> "got timeout";
            case INFO -> "got " + m;
        };
        debug.handle(new SysEvent.Received(process, now, kind, message, from, text, null));
    }

    static <S> void replied(Debug debug, ProcessImpl self, ServerCallbacks<S> cb, S state, Object reply, Pid to) {
        String r = formatReply(cb, reply);
        if (!cb.tracesNewState()) { // a state machine: gen_statem's {out, Reply, {To, _}}, "send R to P"
            debug.handle(new SysEvent.Replied(processName(self), System.currentTimeMillis(), reply, to, null,
                    "send " + r + " to " + to));
            return;
        }
        String s = formatState(cb, state);
        debug.handle(new SysEvent.Replied(processName(self), System.currentTimeMillis(), reply, to, s,
                "sent " + r + " to " + to + ", new state " + s));
    }

    static <S> void noReply(Debug debug, ProcessImpl self, ServerCallbacks<S> cb, S state) {
        if (!cb.tracesNewState()) {
            return; // the behaviour reports its own transitions
        }
        String s = formatState(cb, state);
        debug.handle(new SysEvent.NoReply(processName(self), System.currentTimeMillis(), s, "new state " + s));
    }

    static <S> void continuing(Debug debug, ProcessImpl self, ServerCallbacks<S> cb, Object continuation) {
        debug.handle(new SysEvent.Other(processName(self), System.currentTimeMillis(), "continue",
                "continue " + format(cb, continuation)));
    }

    static String format(ServerCallbacks<?> cb, Object message) {
        try {
            return cb.formatMessage(message);
        } catch (RuntimeException e) {
            return message + " (formatter failed: " + e + ")";
        }
    }

    static String formatReply(ServerCallbacks<?> cb, Object reply) {
        try {
            return cb.formatReply(reply);
        } catch (RuntimeException e) {
            return reply + " (formatter failed: " + e + ")";
        }
    }

    static <S> String formatState(ServerCallbacks<S> cb, S state) {
        try {
            return cb.formatState(state);
        } catch (RuntimeException e) {
            return "(state formatter failed: " + e + ")";
        }
    }

    static <S> String crashDetail(ServerCallbacks<S> cb, S state) {
        try {
            return state == null ? "" : cb.crashDetail(state);
        } catch (RuntimeException e) {
            return "(crash detail failed: " + e + ")";
        }
    }
}
