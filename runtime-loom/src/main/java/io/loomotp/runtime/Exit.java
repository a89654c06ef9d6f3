package io.loomotp.runtime;

/**
 * The message a process that traps exits receives in place of an exit signal: Erlang's
 * {@code {'EXIT', Pid, Reason}}.
 *
 * @param from the process that sent the signal, or that died while linked
 * @param reason the reason it carried
 */
public record Exit(Pid from, ExitReason reason) {
    @Override
    public String toString() {
        return "{'EXIT', " + from + ", " + reason + "}";
    }
}
