package io.loomotp.cluster;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessExitException;

/**
 * The process applying an rpc's function ({@link Cluster#rpc}) ended without an answer, and how: {@link #raised()}
 * tells erpc's two exits apart. True: the function itself ended its process ({@code throw Process.exit(reason)},
 * Erlang's {@code exit/1}), where {@code erpc:call} exits {@code {exception, Reason}}. False: an exit signal from
 * another process ended it (an operator's kill, a link), where {@code erpc:call} exits {@code {signal, Reason}}. A
 * function that threw an exception is neither: that is a {@link RemoteCrashException} ({@code error({exception,
 * Reason, Stack})}).
 *
 * <p>A {@link ProcessExitException}, which rpc threw before it said which: code that catches that catches this.
 */
public final class RemoteExitException extends ProcessExitException {
    private static final long serialVersionUID = 1L;
    private final boolean raised;
    private final String node;

    public RemoteExitException(Pid pid, ExitReason reason, boolean raised, String node, String message) {
        super(pid, reason, message);
        this.raised = raised;
        this.node = node;
    }

    /**
     * True if the function ended its own process ({@code Process.exit(reason)}: erpc's {@code {exception, Reason}});
     * false if an exit signal ended it (erpc's {@code {signal, Reason}}). A node of an earlier version, which did not
     * say, answers false.
     */
    public boolean raised() {
        return raised;
    }

    /** The node the function was applied on. */
    public String node() {
        return node;
    }
}
