package io.loomotp.sys;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessInfo;
import io.loomotp.runtime.ProcessStatus;
import java.time.Duration;
import java.util.List;

/**
 * {@code recon:info/1}: one process, its facts grouped as recon groups them.
 *
 * @param meta who it is
 * @param signals whom it is tied to
 * @param location where it is in its code
 * @param memory what it holds
 * @param work what it has done
 */
public record ProcessReport(Meta meta, Signals signals, Location location, Memory memory, Work work) {

    /** Who: name, initial call (its class), behaviour, status, parent and ancestors. */
    public record Meta(Pid pid, String registeredName, String initialCall, String behaviour, ProcessStatus status,
                       Pid parent, List<Pid> ancestors) {}

    /** Ties: links, monitors both ways, and whether it traps exits. */
    public record Signals(List<Pid> links, List<Pid> monitors, List<Pid> monitoredBy, boolean trapExits) {}

    /** Where: its current function (recon's {@code current_function}) and the top of its stack. */
    public record Location(String currentFunction, List<String> stack) {}

    /**
     * What it holds: its mailbox, and an estimate of the heap the runtime spends on it. A virtual thread's state cannot
     * be measured from outside: the estimate counts the process's fixed cost and its queued messages' envelopes, not
     * what its state refers to.
     */
    public record Memory(int mailboxLength, long estimatedBytes) {}

    /** What it has done: messages in and out, handler time, messages dropped. */
    public record Work(long messagesIn, long messagesOut, Duration handlerTime, long droppedMessages) {}

    /** The fixed heap of an idle process (measured: W4/W8 in docs/benchmarks.md), and of one queued message. */
    static final long BASE_BYTES = 430;
    static final long ENVELOPE_BYTES = 24;

    static long estimate(int mailboxLength) {
        return BASE_BYTES + ENVELOPE_BYTES * mailboxLength;
    }

    static ProcessReport of(ProcessInfo i) {
        StackTraceElement current = i.currentFunction();
        List<String> stack = i.stack().stream().limit(12).map(String::valueOf).toList();
        return new ProcessReport(
                new Meta(i.pid(), i.registeredName(), i.initialCall(), i.behaviour(), i.status(), i.parent(),
                        i.ancestors()),
                new Signals(i.links(), i.monitors(), i.monitoredBy(), i.trapExits()),
                new Location(current == null ? null : current.toString(), stack),
                new Memory(i.mailboxLength(), estimate(i.mailboxLength())),
                new Work(i.messagesIn(), i.messagesOut(), i.handlerTime(), i.droppedMessages()));
    }

    @Override
    public String toString() {
        return "meta:\n"
                + "  pid: " + meta.pid() + "\n"
                + "  registered_name: " + shown(meta.registeredName()) + "\n"
                + "  initial_call: " + meta.initialCall() + "\n"
                + "  behaviour: " + meta.behaviour() + "\n"
                + "  status: " + meta.status().name().toLowerCase() + "\n"
                + "  parent: " + shown(meta.parent()) + "\n"
                + "signals:\n"
                + "  links: " + signals.links() + "\n"
                + "  monitors: " + signals.monitors() + "\n"
                + "  monitored_by: " + signals.monitoredBy() + "\n"
                + "  trap_exit: " + signals.trapExits() + "\n"
                + "location:\n"
                + "  current_function: " + shown(location.currentFunction()) + "\n"
                + "memory:\n"
                + "  message_queue_len: " + memory.mailboxLength() + "\n"
                + "  estimated_bytes: " + memory.estimatedBytes() + "\n"
                + "work:\n"
                + "  messages_in: " + work.messagesIn() + "\n"
                + "  messages_out: " + work.messagesOut() + "\n"
                + "  handler_time_ms: " + work.handlerTime().toMillis() + "\n"
                + "  dropped: " + work.droppedMessages();
    }

    /** A value as the CLI and JMX show it: {@code -} for none (an idle behaviour has no current function). */
    private static Object shown(Object value) {
        return value == null ? "-" : value;
    }
}
