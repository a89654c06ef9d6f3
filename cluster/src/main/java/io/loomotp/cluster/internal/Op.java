package io.loomotp.cluster.internal;

/**
 * The frames of the wire protocol, one byte each, followed by their fields (docs/adr/0011-cluster-wire-protocol.md).
 * Every frame from one node to another travels on JGroups' reliable FIFO unicast between the two, so messages and
 * signals between any pair of processes arrive in the order sent.
 */
final class Op {
    private Op() {}

    /** to-serial, from-pid, kind, message. */
    static final byte SEND = 1;
    /** name, from-pid, message: {@code {Name, Node} ! Msg}. */
    static final byte SEND_NAMED = 2;
    /** call-id, to-serial, from-pid, kind, request. */
    static final byte CALL = 3;
    /** call-id, reply. */
    static final byte REPLY = 4;
    /** call-id, code ({@link #NOPROC}, {@link #EXITED}, {@link #ERROR}), then the reason or the error's text. */
    static final byte CALL_FAILED = 5;
    /** from-pid, to-serial. */
    static final byte LINK = 6;
    /** from-pid, to-serial. */
    static final byte UNLINK = 7;
    /** from-pid, to-serial, reason, linked (1) or exit/2 (0). */
    static final byte EXIT = 8;
    /** watcher-pid, ref, target-serial. */
    static final byte MONITOR = 9;
    /** watcher-pid, ref, target-serial. */
    static final byte DEMONITOR = 10;
    /** target-pid, watcher-serial, ref, reason. */
    static final byte DOWN = 11;
    /** text: the receiver refused a frame from this node (a class off its allow-list); logged by the sender. */
    static final byte REFUSED = 12;
    // remote-sys (sys on remote pids): the lines of a remote trace, streamed back to the node that asked for them
    /** relay-id, line: one trace (or log print) line for the asking node's sink. */
    static final byte TRACE_LINE = 13;
    /** relay-id: the remote trace behind a relay ended (switched off or replaced, or its process or asker gone). */
    static final byte TRACE_END = 14;
    // remote-sys (spawn on another node)
    /** spawn-id, spawner-pid, flags (link 1, monitor 2), monitor-ref, spawnable name, argument. */
    static final byte SPAWN = 15;
    /** spawn-id, ok; then the child's pid, or the reason it was not spawned. */
    static final byte SPAWN_REPLY = 16;
    // handshake (docs/adr/0021-node-handshake.md)
    /**
     * view-id, answer (1) or first (0): the sender has installed the view with that id, in which it saw the receiver
     * join, and takes the receiver as up once it has the receiver's own. The first frame of every connection.
     */
    static final byte HELLO = 17;
    // combining writer (docs/adr/0023-combining-writer.md)
    /**
     * frames: each an unsigned varint length and a whole frame of the kinds above (never a HELLO or a BATCH), handled
     * in order as if they had come one by one. Written by {@link Lane} when it sends more than one frame at once.
     */
    static final byte BATCH = 18;
    /** name, from-pid, message: {@code gen_server:cast({Name, Node}, Msg)}, queued as a cast, not a message. */
    static final byte CAST_NAMED = 19;
    /**
     * call-id, name, from-pid, kind, request: {@code gen_server:call({Name, Node}, ...)}, the name looked up where it
     * arrives; a {@link #CALL_FAILED} with {@link #EXITED} is then followed by the pid that held it.
     */
    static final byte CALL_NAMED = 20;
    /**
     * export-id, reply: the reply to a pending call of the receiver that crossed to the sender as a {@code ReplyTo}
     * ({@link Callers}, {@link RemoteCaller}); dropped if that call is no longer pending.
     */
    static final byte CALLER_REPLY = 21;
    /**
     * (no fields): {@code erlang:disconnect_node/1} on the sender; the receiver takes the connection down too, after
     * every frame sent before it (Endpoint.disconnect).
     */
    static final byte DISCONNECT = 22;

    static final byte NOPROC = 0;
    static final byte EXITED = 1;
    static final byte ERROR = 2;
    /** remote-sys: a sys state function threw; then the exception's class name and message. */
    static final byte STATE_FUNCTION = 3;
    /**
     * The reply's class is not on the callee's node's allow-list, so the reply was not sent; then the class's name.
     * (A node older than this code reads the name as an {@link #ERROR}'s text.)
     */
    static final byte NOT_ALLOWED = 4;
}
