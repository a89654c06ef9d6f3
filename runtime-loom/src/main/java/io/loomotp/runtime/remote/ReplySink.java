package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;

/**
 * Where the outcome of a call from a remote caller to a local process goes: implemented by the cluster layer, which
 * sends it back. Called once, on the thread that answered (or on the thread that killed the callee).
 */
public interface ReplySink {

    /** The callee replied. */
    void reply(Object value);

    /** The callee ended before it replied ({@code reason}), or the call failed otherwise ({@code failure}). */
    void fail(ExitReason reason, RuntimeException failure);
}
