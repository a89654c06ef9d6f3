package io.loomotp.telecom;

import io.loomotp.Call;
import io.loomotp.Server;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.Process;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.sys.Sys;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cluster mode's door for phones on other nodes: one per running {@code bsc} instance, registered as the global
 * name {@code switchboard@<node>} (docs/telecom.md, "Cluster mode"). A remote phone asks it for its controller (the
 * one in the HLR, or a new child of {@code phones}); requests are served one at a time, so a number never gets two
 * controllers. It also answers the end-to-end audit of issue 8's invariants, which reads tables local to this node.
 */
@Server
public final class Switchboard {
    /** The global name of the instance on {@code node}. */
    public static String globalName(String node) {
        return "switchboard@" + node;
    }

    /**
     * Issue 8's invariants, read on the node that runs {@code bsc}.
     *
     * @param frequenciesInUse allocated frequencies
     * @param frequenciesFree free frequencies
     * @param poolSize the configured pool
     * @param controllers live phone controllers
     * @param idleControllers of those, how many are {@code Idle}
     * @param hlrMatches whether the HLR's controllers are exactly the live ones
     */
    public record Audit(int frequenciesInUse, int frequenciesFree, int poolSize, int controllers,
                        int idleControllers, boolean hlrMatches) {}

    private final BscComponent component;

    Switchboard(BscComponent component) {
        this.component = component;
    }

    /** The controller of {@code number}: an empty list if the phones' supervisor is not there now (ask again). */
    @Call
    List<Pid> controller(String number) {
        Pid known = component.hlr().current().lookupId(number);
        if (known != null && Process.node().isAlive(known)) {
            return List.of(known);
        }
        PhonesRef phones = PhonesRef.whereis(Process.node());
        if (phones == null) {
            return List.of();
        }
        try {
            PhoneControllerRef c = phones.phone(number);
            return c == null ? List.of() : List.of(c.pid());
        } catch (RuntimeException restarting) {
            return List.of(); // the supervisor is restarting: the phone asks again
        }
    }

    @Call
    Audit audit() {
        FrequencyRef frequency = FrequencyRef.whereis(Process.node());
        Set<Pid> live = new HashSet<>();
        int idle = 0;
        for (ChildInfo c : PhonesRef.whereis(Process.node()).whichChildren()) {
            if (c.pid() != null) {
                live.add(c.pid());
                if (((MachineState) Sys.getState(c.pid())).state() instanceof PhoneController.Idle) {
                    idle++;
                }
            }
        }
        Set<Pid> inHlr = new HashSet<>(component.hlr().current().numbers().values());
        return new Audit(frequency.inUse(), frequency.available(), component.config().frequencies().size(),
                live.size(), idle, inHlr.equals(live));
    }
}
