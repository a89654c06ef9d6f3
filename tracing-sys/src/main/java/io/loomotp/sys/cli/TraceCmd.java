package io.loomotp.sys.cli;

import io.loomotp.sys.jmx.NodeMXBean;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trace}: one process's sys trace ({@code trace NAME on|off}), a rate-limited trace over many processes in the
 * style of {@code recon_trace} ({@code trace --behaviour CLASS ... --count N}), or the end of that ({@code trace
 * clear}). Its lines go to the shell's session: a terminal follows them, a console prints them as they come. Which of
 * the three is meant, and whether it is complete, is decided before anything is switched on.
 */
@Command(name = "trace", description = {"trace NAME on|off [--for DURATION] [--node NODE]: a process's trace, its "
        + "lines here, also of a process of another node of the cluster",
    "trace --behaviour CLASS|all [--message CLASS] [--handler NAME] [--replies] --count N|--rate N [--for DURATION]: "
        + "a rate-limited trace over many processes, which stops itself at its limit",
    "trace clear: stops the rate-limited trace"},
        customSynopsis = {"trace NAME on|off [--for DURATION] [--node NODE]",
            "       trace --behaviour CLASS|all [--message CLASS] [--handler NAME] [--replies] --count N|--rate N "
                + "[--for DURATION]",
            "       trace clear"})
final class TraceCmd extends Commands.Cmd {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", converter = Arguments.ProcessName.class,
            description = "a registered name, a child id, a pid, "
            + "or 'clear'")
    String process;

    @Parameters(index = "1", arity = "0..1", paramLabel = "on|off", converter = Arguments.OnOff.class,
            description = "on or off")
    String on;

    @Option(names = "--for", paramLabel = "DURATION", converter = Arguments.Span.class,
            description = "switch it off after this long, such as 30s (default: when you stop it)")
    Duration limit;

    @Option(names = "--behaviour", paramLabel = "CLASS", description = "the behaviour class to trace, fully "
            + "qualified ('all' for every behaviour)")
    String behaviour;

    @Option(names = "--message", paramLabel = "CLASS", description = "the message type to trace")
    String message;

    @Option(names = "--handler", paramLabel = "NAME", description = "the handler to trace")
    String handler;

    @Option(names = "--replies", description = "trace replies too")
    boolean replies;

    @Option(names = "--count", paramLabel = "N", converter = Arguments.Count.class,
            description = "stop after this many lines")
    Long count;

    @Option(names = "--rate", paramLabel = "N", converter = Arguments.Count.class,
            description = "stop if more lines than this come in a second")
    Long rate;

    @Option(names = "--node", paramLabel = "NODE", description = "with a NAME: the process is one of this node of "
            + "the cluster (nodes lists them); its lines come here")
    String onNode;

    TraceCmd(Shell shell) {
        super(shell);
    }

    private boolean pattern() {
        return behaviour != null || message != null || handler != null || replies;
    }

    @Override
    public Integer call() {
        check();
        return super.call();
    }

    /** Answers as it goes: the first line, then what follows it; returns nothing more to print. */
    @Override
    String run(NodeMXBean node) {
        if ("clear".equals(process)) {
            return node.clearTrace();
        }
        if (!pattern() && on.equals("off")) {
            return trace(node, false, 0);
        }
        long session = shell.session();
        if (pattern()) {
            shell.answer(node.traceCalls(behaviour.equals("all") ? "" : behaviour, message == null ? ""
                    : message, handler == null ? "" : handler, replies, count == null ? 0 : count,
                    rate == null ? 0 : rate, session));
            // at its end, this command's own trace stops: one that replaced it meanwhile is another's
            shell.follow(limit, line -> line.contains(": tracing off ("), () -> node.stopTrace(session));
        } else {
            shell.answer(trace(node, true, session));
            shell.follow(limit, line -> false, () -> trace(node, false, session));
        }
        return "";
    }

    private String trace(NodeMXBean node, boolean switchOn, long session) {
        return onNode == null ? node.trace(process, switchOn, session)
                : node.traceOnNode(onNode, process, switchOn, session);
    }

    /** Which trace is meant, and is it complete: checked before anything is switched on. */
    private void check() {
        if ("clear".equals(process)) {
            if (on != null || pattern() || limit != null || count != null || rate != null || onNode != null) {
                throw wrong("trace clear takes nothing more");
            }
        } else if (pattern()) {
            if (onNode != null) {
                throw wrong("--node names the node of a NAME's trace; a pattern traces this node's processes");
            }
            if (process != null) {
                throw wrong("unexpected '" + process + "': a pattern (--behaviour, --message, --handler, --replies) "
                        + "takes no NAME; trace NAME on|off traces one process");
            }
            if (behaviour == null) {
                throw wrong("a pattern needs --behaviour CLASS (or --behaviour all)");
            }
            if (count == null && rate == null) {
                throw wrong("a pattern needs a limit: --count N or --rate N");
            }
            if (count != null && rate != null) {
                throw wrong("--count or --rate, not both");
            }
        } else {
            if (process == null) {
                throw wrong("trace what? a NAME and on|off, a pattern (--behaviour ... --count N), or clear");
            }
            if (on == null) {
                throw wrong("missing on|off after " + process);
            }
            if (count != null || rate != null) {
                throw wrong("--count and --rate limit a pattern; a NAME's trace takes --for DURATION");
            }
            if (on.equals("off") && limit != null) {
                throw wrong("trace " + process + " off takes no --for");
            }
        }
    }
}
