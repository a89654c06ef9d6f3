package io.loomotp.telecom;

import io.loomotp.runtime.Pid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The home location register: which controller serves a number, and the number a controller serves. As the book's
 * HLR is an ETS table owned by the phones' supervisor, this table is made for one phones supervisor and dies with it:
 * its restart makes a new, empty one (see {@code BscModule}).
 */
public final class Hlr {
    private final Map<String, Pid> byNumber = new ConcurrentHashMap<>();
    private final Map<Pid, String> byPid = new ConcurrentHashMap<>();

    /**
     * Attaches a controller to its number, replacing the one before if that one is dead (the controller it restarts);
     * false, attaching nothing, if another live controller serves the number. A number has one controller: a phone
     * that asked the phones' supervisor for a controller while the supervisor was restarting its killed one gets
     * none, and finds the restarted one here.
     */
    public boolean attach(String number, Pid controller, Predicate<Pid> alive) {
        Pid[] replaced = {null};
        Pid now = byNumber.compute(number, (n, current) -> {
            if (current == null || current.equals(controller) || !alive.test(current)) {
                replaced[0] = current;
                return controller;
            }
            return current;
        });
        if (!now.equals(controller)) {
            return false;
        }
        if (replaced[0] != null && !replaced[0].equals(controller)) {
            byPid.remove(replaced[0]);
        }
        byPid.put(controller, number);
        return true;
    }

    /** Detaches a controller, if it is still the one of its number. */
    public void detach(Pid controller) {
        String number = byPid.remove(controller);
        if (number != null) {
            byNumber.remove(number, controller);
        }
    }

    public Pid lookupId(String number) {
        return byNumber.get(number);
    }

    public String lookupNumber(Pid controller) {
        return byPid.get(controller);
    }

    /** Every number and its controller. */
    public Map<String, Pid> numbers() {
        return Map.copyOf(byNumber);
    }

    public int size() {
        return byNumber.size();
    }
}
