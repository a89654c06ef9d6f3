package io.loomotp.sys.jmx;

/**
 * A node, seen from JMX: registered as {@code io.loomotp:type=Node,name=<node>} by {@code TracingSys.install}. jconsole,
 * any JMX client, and the attach CLI use it. Operations take processes by registered name or pid text
 * ({@code <0.42>}), or by the child id a supervisor knows them by, and answer text, as the CLI prints it. A mistake
 * (a name nobody holds, a bad argument) is an {@link IllegalArgumentException}, and a process that could not answer an
 * {@link IllegalStateException}, each with one line for a person and no cause, checked before anything is done.
 *
 * <p>Trace lines go to a <em>session</em>: a client opens one, names it in {@code trace}, and polls it. A session
 * that is not polled for {@link #getSessionLeaseMillis()} is closed, and its traces are switched off: a terminal that
 * goes away leaves the node as it found it.
 */
public interface NodeMXBean {
    String getNodeName();

    int getProcessCount();

    long getSessionLeaseMillis();

    void setSessionLeaseMillis(long millis);

    /** The process that {@code process} names, as {@code name (<0.42>)}: how a client checks a name first. */
    String resolve(String process);

    /** Every process: pid, name, behaviour, status, mailbox length, messages in. */
    String list();

    /**
     * The names (as {@code list} shows them) and then the pids of the live processes: what a shell completes a NAME
     * from.
     */
    String[] names();

    /** The supervision trees. */
    String tree();

    /** The top {@code n} processes by {@code mailbox}, {@code messages}, {@code handler-time} or {@code memory}. */
    String top(String by, int n);

    /**
     * The {@code n} processes whose {@code by} grew most during the next {@code windowMillis} (recon's
     * {@code proc_window}: the processes busy now, not those busy since they started); waits for the window.
     */
    String topWindow(String by, int n, long windowMillis);

    /** recon's info of one process. */
    String info(String process);

    String state(String process);

    String status(String process);

    /** The statistics of a process; switches them on first if they are off, and says so. */
    String stats(String process);

    /** Switches a process's statistics off: {@code sys:statistics(Name, false)}. */
    String statsOff(String process);

    String suspend(String process);

    String resume(String process);

    /** Kills a process: {@code exit(Pid, kill)}, which it cannot trap. */
    String kill(String process);

    /** Sends an exit signal: {@code normal}, {@code shutdown}, {@code kill}, or any other word as a custom reason. */
    String exit(String process, String reason);

    /**
     * The nodes of this node's cluster, one a line, this node first (Erlang's {@code node()} and {@code nodes()}), or
     * the one line {@code this node is not in a cluster}.
     */
    String nodes();

    /**
     * Runs a command on node {@code nodeName} of this node's cluster, and answers what that node's tools answer: its
     * words as the console's, the arguments in order ({@code [top, messages, 5]}, {@code [kill, freq]}, {@code [exit,
     * freq, shutdown]}): {@code list}, {@code tree}, {@code alarms}, {@code top BY N}, and {@code info}, {@code
     * state}, {@code status}, {@code stats}, {@code suspend}, {@code resume}, {@code kill} or {@code exit} of a
     * process that node names.
     */
    String onNode(String nodeName, String[] command);

    /**
     * {@code top} across the cluster: the {@code n} processes with the most of {@code by} on every node, this one
     * included, with the node of each; a node that does not answer is named in a last line.
     */
    String topCluster(String by, int n);

    /** The alarms set in every alarm handler of the node (OTP's {@code alarm_handler:get_alarms()}). */
    String alarms();

    /** The node's ETS tables, a line each: name, type, access, owner, size (OTP's {@code ets:i()}). */
    String tables();

    /**
     * The node and its JVM at a glance, Erlang in Anger's first look ({@code erlang:memory()},
     * {@code erlang:system_info(process_count)}, {@code recon:node_stats}): processes and what waits in their mailboxes,
     * carriers, heap and collections, threads, CPU.
     */
    String system();

    /** {@code on}, {@code off}, or {@code print} (to the session). */
    String log(String process, String action, long session);

    /** Switches a process's trace on (its lines to the session) or off. */
    String trace(String process, boolean on, long session);

    /**
     * Switches the trace of a process of node {@code nodeName} of this node's cluster on (its lines streamed back to
     * the session here) or off; the process is named as that node's console names it.
     */
    String traceOnNode(String nodeName, String process, boolean on, long session);

    /**
     * Starts a rate-limited trace (see {@code Tracer}): the behaviour class name (empty for all), a message type's class
     * name (empty for any), a handler (empty for any), whether replies are traced, and a limit: {@code count} lines,
     * or at most {@code perSecond} lines a second (0 for no such limit; one of the two is needed for a pattern that
     * would trace everything).
     */
    String traceCalls(String behaviour, String messageType, String handler, boolean replies, long count,
                      long perSecond, long session);

    /**
     * Stops the rate-limited trace, whichever session started it, and says what it stopped (its pattern, limit,
     * processes and lines), or that none was running: as {@code recon_trace:clear()}, not a mistake either way.
     */
    String clearTrace();

    /**
     * Stops the rate-limited trace this session started, if it still runs: one that another session or the observer
     * has replaced since is theirs, and left running.
     */
    String stopTrace(long session);

    /** Opens a session for trace lines; returns its id. */
    long openSession();

    /** The lines the session has received since the last poll; keeps the session alive. */
    String[] poll(long session);

    /** Closes a session and switches off the traces it asked for. */
    void closeSession(long session);
}
