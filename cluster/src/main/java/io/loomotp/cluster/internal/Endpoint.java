package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.Spawnable;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.Node;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ProcessBody;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.RemoteNode;
import io.loomotp.runtime.remote.RemotePid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.AUTH;
import org.jgroups.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local node's membership of a cluster: its JGroups channel, the nodes it sees up and the route to each, and its
 * node monitors. It turns what the channel delivers into injections through {@link LocalEnd} ({@link Inbound}); the
 * runtime's outbound operations on remote pids ({@link io.loomotp.runtime.remote.Transport}) are {@link Outbound}'s,
 * which sends its frames through {@link #transmit}.
 *
 * <p>Incarnations. A node's JGroups address is a plain {@link UUID} whose high bits are the node's creation, so a view
 * says which incarnations are there; the node's name comes with its hello. (Until 2026-12 it was an
 * {@code ExtendedUUID} that carried the name in a key-value map, parsed again from every message, 11-15% of the
 * busiest reader's time in W10: docs/adr/0021-node-handshake.md, amendment.) A pid whose incarnation is not up is
 * either <em>gone</em> (its node's name is up in another incarnation, or is this node's: it restarted) and answers
 * {@code noproc}, or <em>unreachable</em> and answers {@code noconnection}.
 *
 * <p>Handshake (docs/adr/0021-node-handshake.md). A member that a view brings in is <em>pending</em> until it has said
 * {@link Op#HELLO}: each side sends its hello once it has installed the view, and takes the other as up (routes to it,
 * tells {@code NodeUp}) only on the other's. So, as after Erlang's handshake, when one side sees {@code NodeUp} the
 * other has installed the view too, and a frame sent at once is neither dropped for want of a route nor undone by the
 * other side's merge. A hello that arrives before its view waits for it, and the frames behind it wait too; frames
 * from a node that is not up (an old connection's stragglers) are dropped, as Erlang drops nothing after
 * {@code nodedown} only because the connection is gone.
 *
 * <p>Node loss. A view without a member (after FD_SOCK2 or FD_ALL3 and VERIFY_SUSPECT2) takes it out of the up set
 * first, then fails the calls in flight to it, then tells the runtime ({@link LocalEnd#nodeDown}) and the node
 * monitors. Every outbound operation checks the up set again after it is recorded, so that one racing with the loss is
 * answered once, by one side or the other.
 *
 * <p>Why one unit (about 960 lines): the up set, the pending members of the handshake and the routes to each node
 * change together under one view or one hello, under this object's lock, and the loss ordering above depends on them
 * being read and written in one place. What does not share that state lives apart: the outbound operations and the
 * calls in flight in {@link Outbound} (which keeps the "recorded, then checked against the up set again" side of the
 * loss protocol), frame decoding in {@link Inbound}, slow deliveries and hellos that wait for their view in
 * {@link Backlog}, the per-node traffic counts in {@link Traffic}, the batching of outbound frames in {@link Lane}, the
 * node monitors in {@link NodeWatchers}, remote spawns in {@link RemoteSpawn} and the sys protocol in
 * {@link RemoteSys}. A further split would take membership (views, hellos, joined/up/lost, superseded incarnations,
 * and since 2026-12-05 the joining node's held hellos and the disconnected set of {@link #disconnect}) into a class of
 * its own that owns the lock, leaving this one the channel, the routes and the receive path. Membership grew again
 * with disconnect and reconnect (about 90 lines), which are hello handling under the same lock; the split was not made
 * in the same stop as they were, so that one change at a time is measured against the multi-JVM tests. It is the
 * next change to this class. The pending callers that cross nodes have their own table ({@link Callers}).
 */
public final class Endpoint implements Receiver {
    static final Logger LOG = LoggerFactory.getLogger("io.loomotp.cluster");

    /**
     * A node connected here: its incarnation, its address, and what a frame to it goes through, looked up once when it
     * is made rather than at every frame: its traffic counters and its lane (null if frames are not combined).
     */
    record Member(RemoteNode node, Address address, Traffic.Counts counts, Lane lane) {}

    final Node node;
    final LocalEnd local;
    final Codec codec;
    private final ClusterConfig config;
    private final RemoteNode self;
    private final JChannel channel;
    private final Inbound inbound;
    final RemoteSys sys = new RemoteSys(this);
    final RemoteSpawn spawns = new RemoteSpawn(this);
    private final ConcurrentHashMap<Long, RemoteNode> incarnations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Member> up = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Address, Member> byAddress = new ConcurrentHashMap<>();
    /** Members of the installed view that have not said hello yet (under this object's lock). */
    private final Set<Address> pending = new java.util.HashSet<>();
    /**
     * Members of the view this node has disconnected from, or that disconnected from it ({@link #disconnect}): not
     * up, and not taken up by a stray hello, until {@link #reconnect} (under this object's lock).
     */
    private final Set<Address> disconnected = new java.util.HashSet<>();
    /** The id of the view installed last (under this object's lock); a hello waits until it reaches the hello's. */
    private long viewId = -1;
    /** Members of the view whose node has come up again in a newer incarnation (under this object's lock). */
    private final Set<Address> superseded = new java.util.HashSet<>();
    private boolean closed;
    /** Whether {@link #connect} is waiting for the first handshakes (under this object's lock). */
    private boolean connecting;
    /** Set (under this object's lock) if, while connecting, a live member said hello with this node's own name. */
    private boolean nameInUse;
    /**
     * While joining, this node holds its hellos to the members that were there before it back until each has said its
     * own (or {@link #HOLD_MILLIS} passed), so that a live member of this node's name refuses it before any other
     * member hears of it (under this object's lock; see {@link #holdHellos}).
     */
    private boolean holding;
    /** The members older than this node in the view, owed a first hello while {@link #holding}. */
    private final Set<Address> held = new java.util.LinkedHashSet<>();
    /** The hellos of {@link #held} members heard while holding: their members are taken up when the hold ends. */
    private final Map<Address, String> heard = new java.util.LinkedHashMap<>();
    /** The runtime's outbound operations, and the calls in flight. */
    final Outbound out = new Outbound(this);
    private final NodeWatchers watchers;
    /** Cluster services told of every view (distributed applications); see {@link #onView}. */
    private final List<Consumer<Map<String, Long>>> viewListeners = new CopyOnWriteArrayList<>();
    /** Per sending node, the frames waiting behind a delivery that may block (absent: deliver on the receive thread). */
    private final ConcurrentHashMap<Address, Backlog> backlogs = new ConcurrentHashMap<>();
    /** Frames and bytes each way, by the other node's name (ClusterNodes.traffic): handshake frames not counted. */
    private final Traffic traffic = new Traffic();
    /** Per other node's address, the combining writer its frames go through (docs/adr/0023-combining-writer.md). */
    private final ConcurrentHashMap<Address, Lane> lanes = new ConcurrentHashMap<>();
    /**
     * Whether frames go through a {@link Lane} (the default), or each is sent at once by its sender as before ADR 0023
     * ({@code -Dloomotp.cluster.combine=false}, kept for measuring one against the other).
     */
    static final boolean COMBINE = !"false".equals(System.getProperty("loomotp.cluster.combine"));
    /**
     * Set while this thread is the channel's receive thread, handing a frame up: it never writes to a socket (its
     * frames go to a lane's writer thread), or, without lanes, its sends bypass flow control.
     */
    private static final ThreadLocal<Boolean> RECEIVING = new ThreadLocal<>();

    public Endpoint(Node node, ClusterConfig config) {
        this.node = node;
        this.watchers = new NodeWatchers(node, config.nodeName(), name -> nodes().contains(name));
        this.config = config;
        this.local = LocalEnd.of(node);
        this.self = new RemoteNode(local.name(), local.creation(), local, out);
        incarnations.put(self.creation(), self);
        lastIncarnation = self;
        this.codec = new Codec(new AllowList(config.allowed(), Codec.runtimeClasses()), config.maxMessageBytes(),
                new Codec.PidDecoder() {
                    @Override
                    public Pid decode(String node, long creation, long serial) {
                        return decodePid(node, creation, serial);
                    }

                    @Override
                    public Pid decodeKnown(long creation, long serial) {
                        return knownPid(creation, serial);
                    }

                    @Override
                    public void wroteLocal(Pid pid) {
                        sentPids.remember(pid);
                    }

                    @Override
                    public Codec.Exported export(ReplyTo<Object> caller) {
                        return new Codec.Exported(self.name(), self.creation(), callers.export(caller));
                    }

                    @Override
                    public ReplyTo<?> caller(String owner, long creation, long id, Pid caller) {
                        if (creation == self.creation()) { // one of this node's, come back: itself, if still here
                            ReplyTo<Object> mine = callers.get(id);
                            return mine != null ? mine : new RemoteCaller(Endpoint.this, owner, creation, id, caller,
                                    true);
                        }
                        return new RemoteCaller(Endpoint.this, owner, creation, id, caller, false);
                    }
                });
        this.inbound = new Inbound(this);
        try {
            this.channel = Stack.channel(config);
        } catch (Exception e) {
            throw new ClusterException("cannot build the JGroups stack for " + config + ": " + e.getMessage(), e);
        }
        ((AUTH) channel.getProtocolStack().findProtocol(AUTH.class))
                .setAuthToken(new SecretToken(config.secret(), config.clusterName()));
        String name = config.nodeName();
        long creation = local.creation();
        channel.addAddressGenerator(() -> new UUID(creation, new java.security.SecureRandom().nextLong()));
        channel.name(name);
        channel.setReceiver(this);
    }

    /**
     * Joins the cluster; returns once this node is a member and has shaken hands with the members it found (or their
     * hellos have not come within the failure-detection timeout: they come up later, with {@code NodeUp}).
     */
    public void connect() {
        try {
            synchronized (this) {
                connecting = true;
                holding = true;
            }
            channel.connect(config.clusterName());
            holdHellos(Math.min(HOLD_MILLIS, config.failureTimeout().toMillis()));
            awaitHandshakes(Math.max(2_000, config.failureTimeout().toMillis()));
        } catch (SecurityException e) {
            channel.close();
            throw new ClusterException("node " + config.nodeName() + " was refused by cluster "
                    + config.clusterName() + ": " + e.getMessage() + " (is the shared secret the same on every node?)",
                    e);
        } catch (Exception e) {
            channel.close();
            throw new ClusterException("node " + config.nodeName() + " could not join cluster "
                    + config.clusterName() + ": " + e, e);
        }
        boolean refused;
        synchronized (this) {
            connecting = false;
            refused = nameInUse;
        }
        if (refused) {
            close();
            throw new ClusterException("node " + config.nodeName() + " cannot join cluster " + config.clusterName()
                    + ": a live node of that name is a member already; give each node of a cluster a name of its own");
        }
    }

    /**
     * Leaves the cluster: every node it saw is lost to this one, with the usual signals.
     *
     * <p>The channel is closed without this endpoint's lock: a coordinator's leave waits until JGroups' view handler
     * has installed the views in progress, and installing one calls {@link #viewAccepted}, which takes the lock. Held
     * here, it deadlocked a close that met a join or a leave of another member (seen in EncryptionTest).
     */
    public void close() {
        channel.close();
        synchronized (this) {
            closed = true;
            pending.clear();
            for (Member m : List.copyOf(byAddress.values())) {
                lost(m);
            }
            tellViewListeners();
            notifyAll();
        }
    }

    /**
     * How long a joining node waits for every member's hello before it sends its own: a live member answers within
     * moments of the view; a member that does not answer in this time is taken to be an old incarnation that the
     * failure detector has not removed yet.
     */
    private static final long HOLD_MILLIS = 1_000;

    /**
     * The joining node's side of the name check (docs/adr/0021-node-handshake.md, second amendment). The members send
     * their hellos as soon as they install the view that brought this node in, but this node holds its own to the
     * members older than it (JGroups lists a view's members in the order they joined; a live node of this name is one
     * of them) until it has heard each (or {@code millis} passed): if one of them has this node's name, it is refused
     * ({@link #nameInUse}) without ever having said who it is to the others, which would take it for a restart of
     * that member and lose the live one, as epmd refuses a second node of one name before it connects to anyone.
     * Then it sends its hellos, and takes up the members it heard, in that order, so that no frame of this node's
     * reaches a member before its hello.
     */
    private synchronized void holdHellos(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!closed && !nameInUse && !heardAllHeld()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        holding = false;
        if (!closed && !nameInUse) {
            for (Address a : held) {
                sendHello(a, false);
            }
            for (Map.Entry<Address, String> h : heard.entrySet()) {
                if (pending.remove(h.getKey())) {
                    up(member(h.getKey(), h.getValue()));
                }
            }
            tellViewListeners();
            notifyAll();
        }
        held.clear();
        heard.clear();
    }

    private boolean heardAllHeld() {
        for (Address a : held) {
            if (pending.contains(a) && !heard.containsKey(a)) {
                return false;
            }
        }
        return true;
    }

    private synchronized void awaitHandshakes(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!pending.isEmpty() && !closed && !nameInUse) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                LOG.warn("node {}: no hello yet from {}; they come up when it comes", self.name(), pending);
                return;
            }
            wait(left);
        }
    }

    /** This node's incarnation (Erlang's creation), as the other nodes see it in their views. */
    public long creation() {
        return self.creation();
    }

    /**
     * Subscribes a cluster service to membership: {@code listener} is given the nodes up, this one included, by name
     * with their creation, at once and then after every view, on the thread that installs views (it must not block).
     * Added for distributed applications (docs/adr/0016), which decide from the view alone.
     */
    public synchronized void onView(Consumer<Map<String, Long>> listener) {
        viewListeners.add(listener);
        listener.accept(membership());
    }

    private Map<String, Long> membership() {
        Map<String, Long> m = new TreeMap<>();
        m.put(self.name(), self.creation());
        for (Member x : up.values()) {
            m.put(x.node().name(), x.node().creation());
        }
        return Collections.unmodifiableMap(m);
    }

    private void tellViewListeners() {
        Map<String, Long> m = membership();
        for (Consumer<Map<String, Long>> l : viewListeners) {
            try {
                l.accept(m);
            } catch (RuntimeException e) {
                LOG.error("a view listener failed: {}", e.toString());
            }
        }
    }

    /** The JGroups channel: for tests and tools that act on the stack itself (a partition made with DISCARD). */
    public JChannel channel() {
        return channel;
    }

    public String nodeName() {
        return config.nodeName();
    }

    /** The frames and bytes exchanged with each node ever up, by name. */
    public Map<String, io.loomotp.runtime.NodeTraffic> traffic() {
        return traffic.snapshot();
    }

    /** The incarnation of the node up under this name, or null. */
    public RemoteNode connected(String nodeName) {
        Member m = upNamed(nodeName);
        return m != null ? m.node() : null;
    }

    /** The member up under this name, or null. */
    Member upNamed(String nodeName) {
        for (Member m : up.values()) {
            if (m.node().name().equals(nodeName)) {
                return m;
            }
        }
        return null;
    }

    /** The names of the other nodes up, sorted. */
    public List<String> nodes() {
        List<String> names = new ArrayList<>();
        for (Member m : up.values()) {
            names.add(m.node().name());
        }
        names.sort(null);
        return names;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pids and routes

    Pid decodePid(String name, long creation, long serial) {
        Pid known = knownPid(creation, serial);
        return known != null ? known
                : incarnations.computeIfAbsent(creation, c -> new RemoteNode(name, c, local, out)).pid(serial);
    }

    /** The local pids written to other nodes, to read them back as themselves after their processes died. */
    private final SentPids sentPids = new SentPids();
    /** This node's pending callers that have crossed to other nodes, by the id they crossed under. */
    final Callers callers = new Callers();

    /** The incarnation whose pid was read last: most frames a reader reads hold pids of its sender. */
    private RemoteNode lastIncarnation;

    /** The pid of this node or of an incarnation already known here; null for an incarnation not yet known. */
    Pid knownPid(long creation, long serial) {
        if (creation == self.creation()) {
            Pid p = local.process(serial);
            if (p == null) {
                p = sentPids.find(serial); // dead, and still held here: the pid itself, equal to the one kept
            }
            return p != null ? p : self.pid(serial); // a dead local process: every operation answers noproc
        }
        RemoteNode n = lastIncarnation;
        if (n.creation() != creation) {
            n = incarnations.get(creation);
            if (n == null) {
                return null;
            }
            lastIncarnation = n; // incarnations are never forgotten, so a stale one read by another thread is right
        }
        return n.pid(serial);
    }

    RemotePid deadLocal(long serial) {
        return self.pid(serial);
    }

    /** The member a pid's node is up as, or null. */
    Member route(RemotePid to) {
        return up.get(to.node().creation());
    }

    /** Why a pid whose incarnation is not up cannot be reached: noproc if its node restarted, else noconnection. */
    ExitReason unreachable(RemoteNode n) {
        if (n.name().equals(self.name())) {
            return ExitReason.NOPROC;
        }
        for (Member m : up.values()) {
            if (m.node().name().equals(n.name())) {
                return ExitReason.NOPROC;
            }
        }
        return ExitReason.NOCONNECTION;
    }

    byte[] frame(Consumer<Codec.Writer> body, Object payload) {
        return codec.write(body, payload);
    }

    /**
     * Sends a frame, through the node's {@link Lane}: in order with every other frame to that node, possibly in one
     * batch with them. The receive thread never writes (it reads the credits of JGroups' flow control from that node,
     * so waiting there for them could wait forever): its frames, the few answers a frame gets at once (noproc,
     * refusal) and signals of a death the frame caused, go to the lane's writer. Without lanes it sends them itself,
     * bypassing flow control (NO_FC).
     */
    void transmit(Address to, byte[] frame) {
        Member m = byAddress.get(to);
        if (m != null) {
            transmit(m, frame);
        } else if (COMBINE) {
            laneTo(to).send(frame, RECEIVING.get() == null);
        } else {
            write(to, frame, RECEIVING.get() != null);
        }
    }

    /** A frame to a member: through its lane, the same one {@link #transmit(Address, byte[])} takes to its address. */
    void transmit(Member m, byte[] frame) {
        m.counts().sent(frame.length);
        if (m.lane() != null) {
            m.lane().send(frame, RECEIVING.get() == null);
        } else {
            write(m.address(), frame, RECEIVING.get() != null);
        }
    }

    /** The combining writer to {@code to}, made on first use; a lost member's is dropped with it. */
    private Lane laneTo(Address to) {
        Lane lane = lanes.get(to);
        return lane != null ? lane : lanes.computeIfAbsent(to, a -> new Lane(bytes -> write(a, bytes, false)));
    }

    /** The combining writer to the node at {@code to}, or null (none has been sent a frame, or it is lost). */
    Lane lane(Address to) {
        return lanes.get(to);
    }

    /** One JGroups message to a node; failures are the node's loss, signalled by the view. */
    private void write(Address to, byte[] message, boolean noFlowControl) {
        try {
            if (noFlowControl) {
                channel.send(new BytesMessage(to, message).setFlag(Message.Flag.NO_FC));
            } else {
                channel.send(to, message);
            }
        } catch (Exception e) {
            LOG.debug("frame to {} not sent: {}", to, e.toString()); // the node is gone: its loss is signalled
        }
    }

    /**
     * Sends a frame to the node incarnation {@code creation}, if it is up.
     *
     * @return false if it is not (the frame is dropped, as to a node that is gone)
     */
    boolean transmitToIncarnation(long creation, byte[] frame) {
        Member m = up.get(creation);
        if (m == null) {
            return false;
        }
        transmit(m, frame);
        return true;
    }

    /** True if the node incarnation {@code creation} is up here. */
    boolean isUp(long creation) {
        return up.containsKey(creation);
    }

    /** The address of the node up under this name, or null. */
    Address addressOf(String nodeName) {
        Member m = upNamed(nodeName);
        return m != null ? m.address() : null;
    }

    /** Offers a body to other nodes' spawns under a name (see {@link RemoteSpawn}). */
    public void registerSpawnable(String name, Spawnable spawnable) {
        spawns.register(name, spawnable);
    }

    public boolean unregisterSpawnable(String name) {
        return spawns.unregister(name);
    }

    /** The body this node's spawnable {@code name} makes of {@code argument}, to spawn here (see RemoteSpawn). */
    public ProcessBody localSpawnable(String name, Object argument) {
        return spawns.body(name, argument);
    }

    /** Spawns a registered body on another node, linked ({@code spawn_link}) or monitored under {@code ref}. */
    public Pid spawn(Pid spawner, String nodeName, String name, Object argument, boolean link, MonitorRef ref) {
        byte flags = (byte) ((link ? RemoteSpawn.LINK : 0) | (ref != null ? RemoteSpawn.MONITOR : 0));
        return spawns.spawn(spawner, nodeName, name, argument, flags, ref);
    }

    String nameOf(Address a) {
        Member m = byAddress.get(a);
        return m != null ? m.node().name() : String.valueOf(a);
    }

    /** Whether frames from this address are taken: it is up (has said hello in the view installed here). */
    boolean connected(Address a) {
        return byAddress.containsKey(a);
    }

    /**
     * {@code {Name, Node} ! Msg}, or with {@code cast} a cast to {@code {Name, Node}}: see
     * {@link Outbound#sendNamed}.
     */
    public void sendNamed(Pid from, String nodeName, String name, Object message, boolean cast) {
        out.sendNamed(from, nodeName, name, message, cast);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Node monitors

    /** {@code monitor_node(Node, true)}: one NodeDown when it is lost; at once if it is not up now. */
    public void monitorNode(String nodeName, Pid subscriber) {
        watchers.monitorNode(nodeName, subscriber);
    }

    /** {@code monitor_node(Node, false)}: removes one such monitor. */
    public void demonitorNode(String nodeName, Pid subscriber) {
        watchers.demonitorNode(nodeName, subscriber);
    }

    /** {@code net_kernel:monitor_nodes(true)}: NodeUp and NodeDown for every node, until turned off. */
    public void monitorNodes(Pid subscriber, boolean on) {
        watchers.monitorNodes(subscriber, on);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Receiver: the channel's deliveries

    /**
     * A frame from another node, on the channel's receive thread for that node (JGroups' reader, frames in order):
     * handled here, unless it is queued behind a {@link Backlog} or is to a mailbox that may block its senders.
     */
    @Override
    public void receive(Message msg) {
        byte[] bytes = msg.getArray();
        int offset = msg.getOffset();
        int length = msg.getLength();
        Address src = msg.getSrc();
        Incoming in = new Incoming(src);
        RECEIVING.set(Boolean.TRUE);
        try {
            if (length > 0 && bytes[offset] == Op.BATCH) {
                try {
                    Lane.unpack(bytes, offset, length, in);
                } catch (IllegalArgumentException e) {
                    LOG.warn("rest of a batch from node {} dropped: {}", nameOf(src), e.getMessage());
                }
            } else {
                in.frame(bytes, offset, length);
            }
        } finally {
            RECEIVING.remove();
        }
    }

    /**
     * The frames of one message from {@code src}, alone or a batch, handled in the order its node sent them. What it
     * looks up about the sender it looks up once for the batch: the member, once it is up (a hello in the batch can
     * make it so), and its backlog, which only this thread starts.
     */
    private final class Incoming implements Lane.FrameSink {
        private final Address src;
        private Member from;
        private Traffic.Counts counts;
        private Backlog waiting;
        private boolean lookedForBacklog;

        Incoming(Address src) {
            this.src = src;
        }

        @Override
        public void frame(byte[] b, int offset, int length) {
            if (from == null) {
                from = byAddress.get(src);
                counts = from != null ? from.counts() : null; // the node's counts, made with the member
            }
            if (counts != null) { // a node up; a hello, or a straggler of an old connection, is not its traffic
                counts.received(length);
            }
            if (!lookedForBacklog) {
                waiting = backlogs.get(src);
                lookedForBacklog = true;
            }
            if (waiting != null) {
                if (waiting.offer(java.util.Arrays.copyOfRange(b, offset, offset + length))) {
                    return;
                }
                waiting = null; // it has drained and ended: this thread delivers again
            }
            if (!inbound.receive(src, from != null, b, offset, length, false)) {
                Backlog backlog = new Backlog(Endpoint.this, src, java.util.Arrays.copyOfRange(b, offset,
                        offset + length));
                backlogs.put(src, backlog);
                backlog.start();
                waiting = backlog;
            }
        }

    }

    Inbound inbound() {
        return inbound;
    }

    /** Called by a backlog that has drained: frames from its node are handled on the receive thread again. */
    void backlogEnded(Address from, Backlog backlog) {
        backlogs.remove(from, backlog);
    }

    @Override
    public synchronized void viewAccepted(View view) {
        if (closed) {
            return;
        }
        viewId = view.getViewId().getId();
        if (view instanceof MergeView merge) {
            lostByTheOtherSide(merge);
        }
        Set<Address> members = Set.copyOf(view.getMembers());
        for (Member m : List.copyOf(byAddress.values())) {
            if (!members.contains(m.address())) {
                lost(m);
            }
        }
        pending.retainAll(members);
        disconnected.retainAll(members);
        held.retainAll(members);
        heard.keySet().retainAll(members);
        superseded.retainAll(members);
        // A member superseded by a newer node of its name that is gone again, and still in the view, is alive: the
        // newer one was a node refused for taking a name in use (see hello). It is taken back, by a new handshake.
        superseded.removeIf(a -> {
            RemoteNode k = knownIncarnation(a);
            return k != null && up.values().stream().noneMatch(m -> m.node().name().equals(k.name()));
        });
        boolean older = true; // members listed before this node joined before it
        for (Address a : view.getMembers()) {
            if (a.equals(channel.getAddress())) {
                older = false;
            } else if (!byAddress.containsKey(a) && !pending.contains(a) && !superseded.contains(a)) {
                joined(a, older);
            }
        }
        tellViewListeners();
        notifyAll(); // hellos waiting for this view
    }

    /**
     * A node's hello, in the order of its frames. If this node has not installed the hello's view yet, the hello and
     * the frames behind it wait: on the receive thread ({@code mayWait} false) the answer is false, and the caller
     * hands them to a {@link Backlog}, whose thread calls again and waits here (bounded by the failure timeout's
     * double, then the hello is dropped: the view that would have carried it never came).
     *
     * @return false if the hello must wait and this thread may not
     */
    synchronized boolean hello(Address from, long helloView, boolean answer, String name, boolean mayWait) {
        if (viewId < helloView && !closed) {
            if (!mayWait) {
                return false;
            }
            long deadline = System.nanoTime() + Math.max(5_000, 2 * config.failureTimeout().toMillis()) * 1_000_000;
            try {
                while (viewId < helloView && !closed) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        LOG.warn("hello from {} for view {} dropped: this node is still at view {}", from, helloView,
                                viewId);
                        return true;
                    }
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        if (closed) {
            return true;
        }
        Member m;
        if (name == null) {
            LOG.warn("hello from {} without a node name; ignored", from); // not a Loom OTP node's
            return true;
        }
        if (name.equals(self.name())) {
            // A live node with this node's name: only a live node says hello, so it is no old incarnation. As epmd
            // refuses a second node of a name, the one joining gives up (connect throws); a member goes on.
            pending.remove(from);
            superseded.add(from); // never taken up while it stays in the view
            if (connecting) {
                nameInUse = true;
                sendHello(from, true); // only to it, which logs the refusal; the others never hear of this node
                notifyAll();
            } else {
                LOG.warn("node {}: another node named {} tried to join cluster {}; it is refused, and this node goes on",
                        self.name(), name, config.clusterName());
            }
            return true;
        }
        if (holding && held.contains(from) && pending.contains(from)) {
            heard.put(from, name); // taken up when the hold ends, after this node's own hello (holdHellos)
            notifyAll();
            return true;
        }
        if (pending.remove(from)) {
            up(member(from, name));
        } else if (!answer && disconnected.remove(from)) {
            // it reconnects (net_kernel:connect_node): up again here, and told so, which takes this node up there
            up(member(from, name));
            sendHello(from, true);
        } else if ((m = byAddress.get(from)) != null && !answer) {
            // it saw this node join again, so it had lost it: this side missed the loss, and ends that connection now
            lost(m);
            up(m);
            sendHello(from, true);
        } else {
            return true; // an answer to a hello already taken, or from a node that has left the view since
        }
        tellViewListeners();
        notifyAll(); // connect() waiting for the first handshakes
        return true;
    }

    /**
     * {@code erlang:disconnect_node/1}: takes the connection to node {@code name} down on both sides, with the usual
     * signals ({@code noconnection}, {@code NodeDown}). The other node is told first, on the same ordered channel as
     * every earlier frame, and then lost here; it stays a member of the view, not connected, until either side
     * {@link #reconnect}s. Unlike Erlang, a later message to it does not connect again by itself: it is dropped, as to
     * a node that is down.
     *
     * @return false if no node of that name is connected
     */
    public boolean disconnect(String name) {
        synchronized (this) {
            Member m = upNamed(name);
            if (m == null || closed) {
                return false;
            }
            transmit(m, frame(w -> w.op(Op.DISCONNECT), null));
            lost(m);
            disconnected.add(m.address());
            tellViewListeners();
            return true;
        }
    }

    /** The other side of {@link #disconnect}: node {@code from} has taken the connection down. */
    synchronized void disconnected(Address from) {
        Member m = byAddress.get(from);
        if (m != null && !closed) {
            lost(m);
            disconnected.add(from);
            tellViewListeners();
        }
    }

    /**
     * {@code net_kernel:connect_node/1}: connects again to a node of the view this node is disconnected from, by the
     * handshake of a join; waits until it is up, within the failure-detection timeout.
     *
     * @return true if it is up (or was), false if no member of the view has that name or it did not answer in time
     */
    public boolean reconnect(String name) {
        long deadline = System.nanoTime() + Math.max(1_000, config.failureTimeout().toMillis()) * 1_000_000;
        synchronized (this) {
            if (upNamed(name) != null) {
                return true;
            }
            Address a = null;
            for (Address d : disconnected) {
                RemoteNode k = knownIncarnation(d);
                if (k != null && k.name().equals(name)) {
                    a = d;
                }
            }
            if (a == null || closed) {
                return false;
            }
            disconnected.remove(a);
            pending.add(a);
            sendHello(a, false);
            try {
                while (upNamed(name) == null && !closed) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        if (pending.remove(a)) {
                            disconnected.add(a); // as it was: a later reconnect may try again
                        }
                        return false;
                    }
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return upNamed(name) != null;
        }
    }

    private void sendHello(Address to, boolean answer) {
        long v = viewId;
        byte[] f = frame(w -> {
            w.op(Op.HELLO);
            w.serial(v);
            w.out().writeBoolean(answer);
            w.string(self.name());
        }, null);
        try {
            channel.send(new BytesMessage(to, f).setFlag(Message.Flag.NO_FC)); // never waits for credits under the lock
        } catch (Exception e) {
            LOG.debug("hello to {} not sent: {}", to, e.toString()); // it is gone: the next view says so
        }
    }

    /**
     * A partition one side saw and the other did not (the heal came before this node's detector fired) would leave
     * links that one side removed and the other kept. As Erlang, where a connection torn down on one side is down on
     * both, a member that comes back from a subgroup without this node (it had lost this node) is lost here too,
     * before it joins again: both sides see {@code noconnection}, and no link survives the partition.
     */
    private void lostByTheOtherSide(MergeView merge) {
        for (View sub : merge.getSubgroups()) {
            if (sub.containsMember(channel.getAddress())) {
                continue;
            }
            for (Address a : sub.getMembers()) {
                Member m = byAddress.get(a);
                if (m != null) {
                    lost(m);
                }
            }
        }
    }

    /** A member the view brought in; {@code older}: listed before this node, so there before it. */
    private void joined(Address a, boolean older) {
        if (!(a instanceof UUID)) {
            LOG.warn("member {} is not a Loom OTP node; ignored", a);
            return;
        }
        pending.add(a);
        if (holding && older) {
            held.add(a);
        } else {
            sendHello(a, false);
        }
    }

    /** The member at {@code a}, which has just said hello as node {@code name}; its creation is the address's. */
    private Member member(Address a, String name) {
        long creation = ((UUID) a).getMostSignificantBits();
        return new Member(incarnations.computeIfAbsent(creation, c -> new RemoteNode(name, c, local, out)), a,
                traffic.counts(name), COMBINE ? laneTo(a) : null);
    }

    /** The node last known in the incarnation whose address is {@code a} (null if none has been up here). */
    private RemoteNode knownIncarnation(Address a) {
        return a instanceof UUID u ? incarnations.get(u.getMostSignificantBits()) : null;
    }

    /**
     * Takes a member as up. An older incarnation of its node still up here (a node killed and restarted before the
     * failure detector saw it go) is lost first, as Erlang takes the old connection down before the new one is up:
     * {@code NodeDown} then {@code NodeUp}, and the old pids answer {@code noproc}.
     */
    private void up(Member m) {
        for (Member old : List.copyOf(up.values())) {
            if (old.node().name().equals(m.node().name()) && old.node().creation() != m.node().creation()) {
                lost(old);
                superseded.add(old.address());
            }
        }
        // an older incarnation still in the view, not up: superseded if this node knew it (its name is in its hello)
        pending.removeIf(old -> {
            RemoteNode k = knownIncarnation(old);
            return k != null && k.name().equals(m.node().name()) && k.creation() != m.node().creation()
                    && superseded.add(old);
        });
        up.put(m.node().creation(), m);
        byAddress.put(m.address(), m);
        LOG.info("node {} up (seen from {})", m.node().name(), self.name());
        watchers.tell(m.node().name(), true);
    }

    private void lost(Member m) {
        up.remove(m.node().creation(), m);
        byAddress.remove(m.address(), m);
        lanes.remove(m.address()); // frames still queued are written to a node that is gone, and lost with it
        out.nodeLost(m.node());
        local.nodeDown(m.node());
        sys.nodeLost(m.node());
        spawns.nodeLost(m.node());
        LOG.info("node {} down (seen from {})", m.node().name(), self.name());
        watchers.tell(m.node().name(), false);
    }
}
