package io.loomotp.runtime;

/**
 * The message a monitor delivers, exactly once, when the monitored process ends: Erlang's
 * {@code {'DOWN', Ref, process, Pid, Reason}}. Monitoring a process that is already dead delivers it at once, with
 * reason {@link ExitReason#NOPROC}.
 *
 * @param ref the reference {@link Process#monitor(Pid)} returned
 * @param pid the process that ended
 * @param reason why it ended
 */
public record Down(MonitorRef ref, Pid pid, ExitReason reason) {
    @Override
    public String toString() {
        return "{'DOWN', " + ref + ", process, " + pid + ", " + reason + "}";
    }
}
