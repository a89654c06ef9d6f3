package io.loomotp.sys.jmx;

import io.loomotp.runtime.CallTimeoutException;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.NoProcessException;
import io.loomotp.runtime.OtpException;
import io.loomotp.runtime.Pid;
import io.loomotp.sys.ProcessSuspendedException;
import io.loomotp.sys.Recon;
import java.util.function.Supplier;

/**
 * What an operator's words name, and what to tell them when it names nothing. It owns the one way a process is named
 * at the console, in the attach CLI and through JMX: a registered name ({@code freq_overload}), a pid's text
 * ({@code <0.42>}), or a child id as supervisor reports show it ({@code phone[100003]}); and the translation of the
 * runtime's exceptions into one line for a person, with no Java in it and no cause to carry across JMX.
 */
final class Targets {
    private final Node node;

    Targets(Node node) {
        this.node = node;
    }

    /**
     * A process an operator named: the words they used, its pid, and the pid as the operator reads it (on the node the
     * command named: a process of another node is shown as that node's own list shows it).
     */
    record Target(String label, Pid pid, String pidText) {
        Target(String label, Pid pid) {
            this(label, pid, pid.toString());
        }

        @Override
        public String toString() {
            return label.equals(pidText) ? label : label + " (" + pidText + ")";
        }
    }

    /**
     * The live process that {@code words} name.
     *
     * @throws IllegalArgumentException naming what was not found and what is expected
     */
    Target resolve(String words) {
        String w = words == null ? "" : words.strip();
        if (w.isEmpty()) {
            throw new IllegalArgumentException("no process given: name one (list shows the names) or give a pid, "
                    + "such as <0.42>");
        }
        if (w.startsWith("<") || Character.isDigit(w.charAt(0))) {
            Pid p;
            try {
                p = node.pidOf(w);
            } catch (IllegalArgumentException notAPid) {
                throw new IllegalArgumentException("'" + w + "' is no pid: expected <node.serial>, such as <0."
                        + "42>");
            }
            if (p == null) {
                throw new IllegalArgumentException(ownNodeIn(w) ? "no process " + w + " on node " + node.name()
                        + ": it is not alive (list shows the live ones)" : w + " is not a pid of node " + node.name()
                        + ", whose pids read <" + node.id() + ".N>: a pid reads differently on each node, as in "
                        + "Erlang; give it as list shows it on this node (with --node, that node's list), or a name");
            }
            return new Target(p.toString(), p);
        }
        Pid p = node.whereis(w);
        if (p == null) {
            p = Recon.childNamed(node, w);
        }
        if (p == null) {
            throw new IllegalArgumentException("no process named '" + w + "' on node " + node.name()
                    + " (list shows the names)");
        }
        return new Target(w, p);
    }

    /** Whether a pid's text (one {@link Node#pidOf} took) names this node: its number before the dot. */
    private boolean ownNodeIn(String pidText) {
        String t = pidText.startsWith("<") ? pidText.substring(1) : pidText;
        return t.substring(0, t.indexOf('.')).strip().equals(Integer.toString(node.id()));
    }

    /**
     * Runs an operation and answers its text; a failure becomes one line: an {@link IllegalArgumentException} for
     * what the operator gave, an {@link IllegalStateException} for what the process did, neither with a cause.
     */
    static String answer(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (NoProcessException e) {
            throw new IllegalArgumentException("no process " + e.target() + ": it is not alive (list shows the live "
                    + "ones)");
        } catch (CallTimeoutException e) {
            throw new IllegalStateException(e.callee() + " did not answer within " + e.timeout().toSeconds()
                    + " s" + (e.getMessage().contains("runs no behaviour")
                    ? ": it runs no behaviour, and answers no sys requests" : ": it may be busy or stuck (info "
                    + e.callee() + " shows its current function); the request stays in its mailbox, and is carried "
                    + "out if it gets to it"));
        } catch (ProcessSuspendedException e) {
            throw new IllegalStateException(e.pid() + " is suspended: resume it first");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e.getCause() == null ? e : copy(e);
        } catch (OtpException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static RuntimeException copy(RuntimeException e) {
        return e instanceof IllegalArgumentException ? new IllegalArgumentException(e.getMessage())
                : new IllegalStateException(e.getMessage());
    }
}
