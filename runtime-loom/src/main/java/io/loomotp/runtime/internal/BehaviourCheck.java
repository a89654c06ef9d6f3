package io.loomotp.runtime.internal;

import io.loomotp.runtime.Pid;
import java.util.function.Function;

/**
 * Refuses a request meant for one behaviour ({@code Supervisor.startChild}, {@code EventManager.addHandler}) when it is
 * sent to a local process that runs another, or none. OTP's {@code supervisor} and {@code gen_event} call with an
 * infinite timeout: sent to the wrong process, their request waits for ever for an answer that never comes (or gets
 * one of the wrong kind), and on the JVM a stuck caller's thread cannot be killed from outside. A process of another
 * node, one already dead (the call says {@code noproc}) and the caller itself (the call says {@code calling_self}) are
 * left to the call.
 */
public final class BehaviourCheck {
    private BehaviourCheck() {}

    /**
     * @param behaviour OTP's name of the behaviour the request is for: {@code supervisor}, {@code gen_event}
     * @param request the request about to be sent
     * @param describe names the API and its request for the message ({@code Supervisor.startChild}); called only to
     *     refuse, so that a request that passes pays nothing for it
     * @throws IllegalArgumentException if {@code pid} is a live local process running no such behaviour
     */
    public static void require(Pid pid, String behaviour, Object request, Function<Object, String> describe) {
        if (!(pid instanceof ProcessImpl p) || !p.isAlive() || p == ProcessImpl.current()) {
            return;
        }
        BehaviourInfo b = p.behaviour();
        if (b == null || !behaviour.equals(b.behaviourName())) {
            throw new IllegalArgumentException(describe.apply(request) + ": " + pid + " is no " + behaviour
                    + ": it runs "
                    + (b == null ? "no behaviour (a plain process)" : b.behaviourName() + " " + b.module().getName())
                    + ", which would never answer this request (give the pid of a " + behaviour + ")");
        }
    }
}
