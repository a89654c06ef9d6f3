package io.loomotp.runtime;

/**
 * The caller of one pending call, and the one-shot slot its reply goes to.
 *
 * <p>A handler that declares a {@code ReplyTo<T>} (or {@link From}) parameter can answer later: keep the
 * {@code ReplyTo}, return without replying, and call {@link #reply(Object)} when the answer is known, from the same
 * process or from any other thread. In a cluster it is a term, as OTP's {@code From}: it may be sent to a process of
 * another node, which answers the call (docs/distribution.md says what {@code reply} can know there). Only the first
 * reply counts. A reply that comes after the caller has stopped
 * waiting (it timed out, or died) is discarded by the runtime: it never reaches the caller's mailbox.
 *
 * <p>Implementations are thread-safe. The runtime supplies them; user code never implements this interface.
 *
 * @param <T> the type of the reply
 */
public interface ReplyTo<T> {

    /**
     * The calling process. For a caller that is not a process (a plain thread, such as {@code main} or a test), this
     * is its node's system pid, {@code <N.0>}, which is never linked, monitored or stopped.
     */
    Pid pid();

    /**
     * Answers the call.
     *
     * @return true if the caller was still waiting and gets this value; false if the call was already answered, or
     *     the caller stopped waiting, in which case the value is discarded
     */
    boolean reply(T value);

    /** True while the caller is still waiting for a reply. */
    boolean isPending();
}
