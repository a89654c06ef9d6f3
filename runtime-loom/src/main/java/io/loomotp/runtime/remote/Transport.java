package io.loomotp.runtime.remote;

import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.Pid;

/**
 * What carries a local process's messages and signals to a process of another node: implemented by the cluster
 * layer, called by the runtime on the sender's thread.
 *
 * <p>Contract. Everything sent from one local process to one remote process must arrive in the order of these calls
 * (messages and signals on one ordered channel). A target node that is not connected is the transport's to answer, by
 * injecting into the local node (through {@link LocalEnd}) what Erlang would: {@code noconnection} exits and downs,
 * {@code noproc} for an incarnation that is gone. {@code from} is always a local pid: a process, or the system pid of
 * the local node for a thread that is not a process.
 */
public interface Transport {

    /** Sends a message ({@link LocalEnd#MESSAGE}) or a cast ({@link LocalEnd#CAST}); dropped if the target is gone. */
    void send(Pid from, RemotePid to, byte kind, Object message);

    /**
     * Starts a call; its outcome is given to {@code call} ({@link PendingCall#reply}, {@link PendingCall#fail}).
     *
     * @throws RuntimeException if the request cannot be sent (not serializable, too large): the caller sees it
     */
    void call(Pid from, RemotePid to, byte kind, Object request, PendingCall call);

    /** The call's caller stopped waiting (reply, failure, timeout or its death): forget it. */
    void callEnded(PendingCall call);

    /**
     * Starts a call to the process registered as {@code call.name()} on {@code call.callee()}'s node, looked up there
     * as the call arrives; its outcome is given to {@code call}, as for {@link #call}.
     */
    void callNamed(Pid from, byte kind, Object request, PendingCall call);

    /** Asks the remote process to link to {@code from}, which has already linked to it locally. */
    void link(Pid from, RemotePid to);

    /** Asks the remote process to remove its link to {@code from}. */
    void unlink(Pid from, RemotePid to);

    /** An exit signal: {@code linked} when it is a dying process's signal along a link, else {@code exit/2}. */
    void exit(Pid from, RemotePid to, ExitReason reason, boolean linked);

    /** Asks the remote process to be monitored by {@code watcher} under reference number {@code ref}. */
    void monitor(Pid watcher, RemotePid target, long ref);

    /** Removes a monitor made by {@link #monitor}. */
    void demonitor(Pid watcher, RemotePid target, long ref);

    /** A local monitored process ended: the remote watcher gets its {@code Down}. */
    void down(Pid target, RemotePid watcher, long ref, ExitReason reason);
}
