package io.loomotp.cluster;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import org.slf4j.LoggerFactory;

/**
 * How a clash of one global name between two processes is settled when two parts of a cluster that registered it
 * separately meet again (a healed partition): OTP's resolve function {@code Method(Name, Pid1, Pid2) -> Pid | none}
 * of {@code global:register_name/3}.
 *
 * <p>It runs once, in the global name server of the node of one of the two processes (the one whose node name sorts
 * first), and may act on either process (kill it, tell it). It answers the pid that keeps the name everywhere, or null
 * for neither: the other registration (both, for null) is removed on every node. An exception it throws counts as
 * null, as OTP's {@code catch Method(...)} does.
 */
@FunctionalInterface
public interface NameResolver {
    /** Settles a clash of {@code name} between {@code pid1} and {@code pid2}: the winner, or null for neither. */
    Pid resolve(String name, Pid pid1, Pid pid2);

    /**
     * OTP's default, {@code global:random_exit_name/3}: despite its name not random, but OTP's {@code minmax}: the
     * process on the node whose name sorts first keeps the name, the other is killed ({@code kill}, so monitors see
     * {@code killed}) and the kill is logged with the name.
     */
    NameResolver RANDOM_EXIT_NAME = (name, pid1, pid2) -> {
        Pid min = Global.nodeName(pid1).compareTo(Global.nodeName(pid2)) <= 0 ? pid1 : pid2;
        Pid max = min == pid1 ? pid2 : pid1;
        LoggerFactory.getLogger("io.loomotp.cluster").info("global: name conflict, terminating {} ({} keeps it)",
                new GlobalNameConflict(name, max), min);
        Process.exit(max, io.loomotp.runtime.ExitReason.KILL);
        return min;
    };

    /**
     * OTP's {@code global:random_notify_name/3}: the process on the node whose name sorts first keeps the name, the
     * other is sent {@link GlobalNameConflict} (with no other pid) and left running, without the name.
     */
    NameResolver RANDOM_NOTIFY_NAME = (name, pid1, pid2) -> {
        Pid min = Global.nodeName(pid1).compareTo(Global.nodeName(pid2)) <= 0 ? pid1 : pid2;
        Pid max = min == pid1 ? pid2 : pid1;
        Process.send(max, new GlobalNameConflict(name, null));
        return min;
    };

    /**
     * OTP's {@code global:notify_all_name/3}: both processes lose the name and are each sent {@link GlobalNameConflict}
     * naming the other.
     */
    NameResolver NOTIFY_ALL_NAME = (name, pid1, pid2) -> {
        Process.send(pid1, new GlobalNameConflict(name, pid2));
        Process.send(pid2, new GlobalNameConflict(name, pid1));
        return null;
    };
}
