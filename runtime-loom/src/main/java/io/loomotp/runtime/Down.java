package io.loomotp.runtime;

/**
 * The message a monitor delivers, exactly once, when the monitored process ends: Erlang's
 * {@code {'DOWN', Ref, process, Object, Reason}}. Monitoring a process that is already dead delivers it at once, with
 * reason {@link ExitReason#NOPROC}.
 *
 * <p>A monitor set on a registered name ({@link Process#monitor(String)}) names what it monitored as Erlang does, by
 * {@code {Name, Node}} in {@link #name}; {@link #pid} is then the process that held the name when the monitor was
 * set, or null if none did (the reason is then {@code noproc}). Erlang's DOWN carries only {@code {Name, Node}}; the
 * pid is given as well because it costs nothing and saves a lookup that could no longer be made.
 *
 * @param ref the reference {@link Process#monitor(Pid)} or {@link Process#monitor(String)} returned
 * @param pid the process that ended; null only for a monitor by name on which nothing was registered
 * @param reason why it ended
 * @param name for a monitor set by name, that name on its node; null for a monitor set on a pid
 */
public record Down(MonitorRef ref, Pid pid, ExitReason reason, RegisteredName name) {

    /** The Down of a monitor set on a pid. */
    public Down(MonitorRef ref, Pid pid, ExitReason reason) {
        this(ref, pid, reason, null);
    }

    @Override
    public String toString() {
        return "{'DOWN', " + ref + ", process, " + (name != null ? name : pid) + ", " + reason + "}";
    }
}
