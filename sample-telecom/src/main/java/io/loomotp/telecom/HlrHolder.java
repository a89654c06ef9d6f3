package io.loomotp.telecom;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Which HLR table is the live one. Each phones supervisor gets a fresh table when it is made (see {@link BscModule}),
 * as the book's {@code phone_sup} creates its ETS table in its init; the simulator and the console read the current
 * one here.
 */
@Singleton
public final class HlrHolder {
    private volatile Hlr current = new Hlr();

    @Inject
    public HlrHolder() {}

    /** A new, empty table, which becomes the current one. */
    Hlr fresh() {
        Hlr h = new Hlr();
        current = h;
        return h;
    }

    public Hlr current() {
        return current;
    }
}
