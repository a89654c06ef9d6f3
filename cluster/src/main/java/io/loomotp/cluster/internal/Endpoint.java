package io.loomotp.cluster.internal;

import io.loomotp.cluster.ClusterConfig;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.NodeDownReason;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
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
 * <p>Membership ({@link Membership}) decides which members of the view are up: the handshake, the name check,
 * superseded incarnations, disconnect and reconnect, and the order of a node's loss; it owns the lock they change
 * under, and changes the routes here through {@link #takeUp} and {@link #lose}. The routes ({@code up},
 * {@code byAddress}, the lanes) are read without a lock on the message path.
 *
 * <p>What else lives apart: the outbound operations and the calls in flight in {@link Outbound} (which keeps the
 * "recorded, then checked against the up set again" side of the loss protocol), frame decoding in {@link Inbound},
 * slow deliveries and hellos that wait for their view in {@link Backlog}, the per-node traffic counts in
 * {@link Traffic}, the batching of outbound frames in {@link Lane}, the node monitors in {@link NodeWatchers}, remote
 * spawns in {@link RemoteSpawn}, the sys protocol in {@link RemoteSys} and the pending callers that cross nodes in
 * {@link Callers}.
 *
 * <p>Why one unit (about 740 lines; stop 46 added the one line a node that joins alone writes): what stays here is
 * the channel, the routes (the up set, members by address, the
 * lanes), pids and incarnations, and the receive path. The receive path and every outbound frame read the routes
 * without a lock, on each frame; the routes change only through {@link #takeUp} and {@link #lose}, under the
 * membership's lock. Split further, the one lock-free structure the message path reads would be reached through
 * another object on every frame, and the order in which a loss clears the routes, the lanes and the calls in flight
 * would cross files.
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
    /** The runtime's outbound operations, and the calls in flight. */
    final Outbound out = new Outbound(this);
    private final NodeWatchers watchers;
    /** Which members are up, and when: views, hellos, the name check, disconnect and reconnect; owns the lock. */
    private final Membership membership;
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
        this.membership = new Membership(this, config);
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
            membership.startConnecting();
            channel.connect(config.clusterName());
            membership.holdHellos(Math.min(Membership.HOLD_MILLIS, config.failureTimeout().toMillis()));
            membership.awaitHandshakes(Math.max(2_000, config.failureTimeout().toMillis()));
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
        if (membership.finishConnecting()) {
            close();
            throw new ClusterException("node " + config.nodeName() + " cannot join cluster " + config.clusterName()
                    + ": a live node of that name is a member already; give each node of a cluster a name of its own");
        }
        tellIfAlone();
        long every = Math.max(250, config.failureTimeout().toMillis() / 2);
        askAgain = channel.getProtocolStack().getTransport().getTimer().scheduleWithFixedDelay(
                membership::askPendingAgain, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Says, in one line, that this node joined as the only member although its initial members name others: the first
     * node of a cluster does (the others join it as they start), and so does a node whose list was mistyped, which
     * would otherwise stay a cluster of one without a word. Its own address in the list does not count.
     */
    private void tellIfAlone() {
        org.jgroups.View view = channel.getView();
        if (view == null || view.size() > 1) {
            return;
        }
        List<String> others = new ArrayList<>();
        for (String member : config.initialMembers()) {
            if (!isThisNode(member)) {
                others.add(member);
            }
        }
        if (!others.isEmpty()) {
            LOG.info("node {} is the only member of cluster {}: none of its other initial members {} answered (they "
                    + "join it when they start; if one should be up, check its address and port)", config.nodeName(),
                    config.clusterName(), others);
        }
    }

    /** {@code member} is a {@code host:port} that {@link ClusterConfig#withInitialMembers} checked. */
    private boolean isThisNode(String member) {
        int colon = member.lastIndexOf(':');
        String host = member.substring(0, colon).strip();
        if (!member.substring(colon + 1).strip().equals(Integer.toString(config.bindPort()))) {
            return false;
        }
        try {
            java.net.InetAddress a = java.net.InetAddress.getByName(host);
            return a.isLoopbackAddress() || a.isAnyLocalAddress()
                    || java.net.NetworkInterface.getByInetAddress(a) != null;
        } catch (java.io.IOException e) {
            return false; // an address that does not resolve is not this node's
        }
    }

    /** {@link Membership#askPendingAgain} on JGroups' timer, from the join on; cancelled by {@link #close}. */
    private volatile java.util.concurrent.Future<?> askAgain;

    /**
     * Leaves the cluster: every node it saw is lost to this one, with the usual signals.
     *
     * <p>The channel is closed without the membership's lock: a coordinator's leave waits until JGroups' view handler
     * has installed the views in progress, and installing one calls {@link #viewAccepted}, which takes the
     * membership's lock. Held here, it deadlocked a close that met a join or a leave of another member (seen in
     * EncryptionTest).
     */
    public void close() {
        java.util.concurrent.Future<?> f = askAgain;
        if (f != null) {
            f.cancel(false);
        }
        channel.close();
        membership.close();
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
    public void onView(Consumer<Map<String, Long>> listener) {
        membership.onView(listener);
    }

    /** The nodes up, this one included, by name with their creation: what view listeners are given. */
    Map<String, Long> membership() {
        Map<String, Long> m = new TreeMap<>();
        m.put(self.name(), self.creation());
        for (Member x : up.values()) {
            m.put(x.node().name(), x.node().creation());
        }
        return Collections.unmodifiableMap(m);
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

    /** Forgets the lane to a node that has left the view while disconnected. */
    void dropLane(Address to) {
        lanes.remove(to);
    }

    /**
     * A membership frame (a hello, a {@code DISCONNECT}), sent under the membership's lock: behind every frame already
     * queued to that node when it has a lane, else at once; never waiting for flow-control credits, which the receive
     * thread brings and which it may be waiting for this lock to hand on.
     */
    void sendInOrder(Address to, byte[] frame) {
        Member m = byAddress.get(to);
        Lane lane = m != null ? m.lane() : lanes.get(to);
        if (lane != null) {
            lane.send(frame, false); // queued for a writer thread: this thread neither writes nor waits
        } else {
            write(to, frame, true);
        }
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

    /**
     * {@code monitor_node(Node, true)}: one NodeDown when it is lost; at once if it is not up now. Subscriptions are
     * taken under the membership's lock, under which the up set changes and the watchers are told: a subscription is
     * wholly before or after a node's up or down, as net_kernel's are (a subscriber that already sees a node up in
     * {@link #nodes} never gets that node's {@code NodeUp} late).
     */
    public void monitorNode(String nodeName, Pid subscriber) {
        synchronized (membership) {
            watchers.monitorNode(nodeName, subscriber);
        }
    }

    /** {@code monitor_node(Node, false)}: removes one such monitor. */
    public void demonitorNode(String nodeName, Pid subscriber) {
        watchers.demonitorNode(nodeName, subscriber);
    }

    /**
     * {@code net_kernel:monitor_nodes(true | false, Options)}: NodeUp and NodeDown (NodeDownInfo with
     * {@code reasons}) for every node, until turned off.
     */
    public void monitorNodes(Pid subscriber, boolean on, boolean reasons) {
        synchronized (membership) { // see monitorNode
            watchers.monitorNodes(subscriber, on, reasons);
        }
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
    public void viewAccepted(View view) {
        membership.viewAccepted(view);
    }

    /** A node's hello, in the order of its frames: see {@link Membership#hello}. */
    boolean hello(Address from, long helloView, byte kind, String name, boolean mayWait) {
        return membership.hello(from, helloView, kind, name, mayWait);
    }

    /** {@code erlang:disconnect_node/1}: see {@link Membership#disconnect}. */
    public boolean disconnect(String name) {
        return membership.disconnect(name);
    }

    /** The other side of {@link #disconnect}: node {@code from} has taken the connection down. */
    void disconnected(Address from) {
        membership.disconnected(from);
    }

    /** {@code net_kernel:connect_node/1}: see {@link Membership#reconnect}. */
    public boolean reconnect(String name) {
        return membership.reconnect(name);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Routes, as the membership changes them (under its lock)

    /** The members up now, copied. */
    List<Member> membersUp() {
        return List.copyOf(byAddress.values());
    }

    /** The member up at {@code a}, or null. */
    Member memberAt(Address a) {
        return byAddress.get(a);
    }

    /**
     * Incarnation {@code creation} of node {@code name}, known here or made now (never up here, its pids answer
     * {@code noconnection}): for a process object of another node of this JVM handed over directly (RemoteCall).
     */
    RemoteNode incarnation(String name, long creation) {
        return incarnations.computeIfAbsent(creation, c -> new RemoteNode(name, c, local, out));
    }

    /** The member at {@code a}, which has just said hello as node {@code name}; its creation is the address's. */
    Member member(Address a, String name) {
        long creation = ((UUID) a).getMostSignificantBits();
        return new Member(incarnations.computeIfAbsent(creation, c -> new RemoteNode(name, c, local, out)), a,
                traffic.counts(name), COMBINE ? laneTo(a) : null);
    }

    /** The node last known in the incarnation whose address is {@code a} (null if none has been up here). */
    RemoteNode knownIncarnation(Address a) {
        return a instanceof UUID u ? incarnations.get(u.getMostSignificantBits()) : null;
    }

    /** Routes to a member the membership has taken up, and tells the node monitors. */
    void takeUp(Member m) {
        takeUp(m, null);
    }

    /**
     * As {@link #takeUp(Member)}, running {@code beforeNodeUp} once the member is routed to (its frames are taken from
     * then on) and before the node monitors and this node's services hear of it: a reconnect's answer to a hello goes
     * there, so that it is queued before anything those services send on NodeUp, and what the other side sends as soon
     * as it has the answer is not dropped here as from a node not up yet.
     */
    void takeUp(Member m, Runnable beforeNodeUp) {
        up.put(m.node().creation(), m);
        byAddress.put(m.address(), m);
        if (beforeNodeUp != null) {
            beforeNodeUp.run();
        }
        LOG.info("node {} up (seen from {})", m.node().name(), self.name());
        watchers.tell(m.node().name(), null);
    }

    /**
     * A member lost: out of the up set first, then the calls in flight to it failed, the runtime told (links get
     * {@code noconnection}, monitors {@code Down}), and the node monitors.
     */
    void lose(Member m, NodeDownReason why) {
        lose(m, false, why);
    }

    /**
     * @param stillMember true for a disconnect, where the node stays in the view: its lane is kept, so that what is
     *     sent to it next (a reconnect's hello) follows what was queued before (the {@code DISCONNECT})
     * @param why what the subscribers with {@code nodedown_reason} are told
     */
    void lose(Member m, boolean stillMember, NodeDownReason why) {
        up.remove(m.node().creation(), m);
        byAddress.remove(m.address(), m);
        if (!stillMember) {
            lanes.remove(m.address()); // frames still queued are written to a node that is gone, and lost with it
        }
        out.nodeLost(m.node());
        local.nodeDown(m.node());
        sys.nodeLost(m.node());
        spawns.nodeLost(m.node());
        LOG.info("node {} down (seen from {})", m.node().name(), self.name());
        watchers.tell(m.node().name(), why);
    }
}
