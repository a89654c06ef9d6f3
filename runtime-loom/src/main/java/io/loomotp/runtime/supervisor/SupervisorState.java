package io.loomotp.runtime.supervisor;

import io.loomotp.AutoShutdown;
import java.util.List;

/**
 * What {@code getState} answers for a supervisor: its flags and its children, as {@code whichChildren} lists them.
 *
 * @param flags strategy and intensity; null while the supervisor is starting
 * @param children its children
 */
public record SupervisorState(SupervisorFlags flags, List<ChildInfo> children) {
    public SupervisorState {
        children = List.copyOf(children);
    }

    /** How many children {@link #toString} names: a dynamic supervisor's thousands would make one unreadable line. */
    private static final int SHOWN = 20;

    /**
     * As an operator reads it ({@code state} at a console): {@code one_for_one, at most 2 restarts in 3600 s;
     * children: frequency <0.4> worker running, ...}, the first 20 children as {@code whichChildren} lists them.
     */
    @Override
    public String toString() {
        if (flags == null) {
            return "starting; no children yet";
        }
        StringBuilder b = new StringBuilder(flags.strategy().name().toLowerCase(java.util.Locale.ROOT))
                .append(", at most ").append(flags.intensity())
                .append(flags.intensity() == 1 ? " restart" : " restarts").append(" in ").append(flags.period().toMillis() % 1000 == 0 ? flags.period().toSeconds() + " s"
                        : flags.period().toMillis() + " ms");
        if (flags.autoShutdown() != AutoShutdown.NEVER) {
            b.append(", auto_shutdown ").append(flags.autoShutdown().name().toLowerCase(java.util.Locale.ROOT));
        }
        b.append("; children:");
        if (children.isEmpty()) {
            return b.append(" none").toString();
        }
        int shown = Math.min(children.size(), SHOWN);
        for (int i = 0; i < shown; i++) {
            ChildInfo c = children.get(i);
            b.append(i == 0 ? " " : ", ").append(c.label()).append(' ')
                    .append(c.pid() == null ? "-" : c.pid().toString()).append(' ')
                    .append(c.type().name().toLowerCase(java.util.Locale.ROOT)).append(' ')
                    .append(c.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (shown < children.size()) {
            b.append(", ... ").append(children.size() - shown).append(" more (whichChildren lists them all)");
        }
        return b.toString();
    }
}
