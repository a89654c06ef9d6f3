package io.loomotp.runtime;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of one process, taken from the process table without stopping it: Erlang's {@code process_info/1}.
 * Counters are read racily, so a busy process's figures are estimates that were true a moment ago.
 *
 * @param pid the process
 * @param registeredName its name, or null
 * @param initialCall the class it was started from: the user's behaviour class, or the body's class
 * @param behaviour {@code gen_server}, {@code gen_statem}, {@code supervisor}, {@code gen_event}, or null for a plain
 *     process
 * @param status what it is doing now
 * @param mailboxLength messages waiting
 * @param messagesIn messages it has taken from its mailbox
 * @param messagesOut messages it has sent (sends, casts, calls and replies)
 * @param handlerTime time spent in handlers: the nearest thing to Erlang's reductions
 * @param droppedMessages messages its bounded mailbox refused or dropped
 * @param trapExits whether it traps exits
 * @param links the processes it is linked to, on this node and on others
 * @param monitors the processes it monitors, on this node and on others
 * @param monitoredBy the processes that monitor it, on this node and on others
 * @param parent the process that spawned it, or null for one spawned by a plain thread
 * @param ancestors its parent, its parent's parent, and so on
 * @param stack the current stack of its virtual thread, innermost frame first; empty for a behaviour idle at its
 *     loop's top, which has no thread
 */
public record ProcessInfo(Pid pid, String registeredName, String initialCall, String behaviour, ProcessStatus status,
                          int mailboxLength, long messagesIn, long messagesOut, Duration handlerTime,
                          long droppedMessages, boolean trapExits, List<Pid> links, List<Pid> monitors,
                          List<Pid> monitoredBy, Pid parent, List<Pid> ancestors, List<StackTraceElement> stack) {

    /**
     * What recon calls the process's current function: the innermost frame of the program's own code; for a
     * behaviour waiting for a message on a thread of its own, the loop's frame (as {@code gen_server:loop/7} in
     * Erlang); null if the stack is empty, which is the usual case of an idle behaviour: one waiting at its loop's top
     * has no thread, hence no stack (docs/concepts.md, "An idle behaviour has no thread"), where Erlang would show
     * {@code gen_server:loop/7}. The operator's tools print {@code -} for it.
     */
    public StackTraceElement currentFunction() {
        StackTraceElement loop = null;
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (isRuntime(c)) {
                if (loop == null && c.endsWith("Loop")) {
                    loop = e;
                }
            } else if (!c.startsWith("java.") && !c.startsWith("jdk.") && !c.startsWith("sun.")) {
                return e;
            }
        }
        return loop != null ? loop : stack.isEmpty() ? null : stack.get(0);
    }

    private static boolean isRuntime(String className) {
        return className.startsWith("io.loomotp.runtime.internal.")
                || className.startsWith("io.loomotp.runtime.server.")
                || className.startsWith("io.loomotp.runtime.sys.")
                || className.equals("io.loomotp.runtime.Process")
                || className.equals("io.loomotp.runtime.Node");
    }
}
