package io.loomotp.telecom;

import io.loomotp.runtime.Pid;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The home location register: which controller serves a number, and the number a controller serves. As the book's
 * HLR is an ETS table owned by the phones' supervisor, this table is made for one phones supervisor and dies with it:
 * its restart makes a new, empty one (see {@code BscModule}).
 */
public final class Hlr {
    private final Map<String, Pid> byNumber = new ConcurrentHashMap<>();
    private final Map<Pid, String> byPid = new ConcurrentHashMap<>();

    /** Attaches a controller to its number, replacing the one before (a restarted controller). */
    public void attach(String number, Pid controller) {
        Pid old = byNumber.put(number, controller);
        if (old != null && !old.equals(controller)) {
            byPid.remove(old);
        }
        byPid.put(controller, number);
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
