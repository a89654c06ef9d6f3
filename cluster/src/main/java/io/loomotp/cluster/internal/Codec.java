package io.loomotp.cluster.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import io.loomotp.cluster.ClassNotAllowedException;
import io.loomotp.cluster.ClusterException;
import io.loomotp.cluster.MessageTooLargeException;
import io.loomotp.cluster.RemoteCrashException;
import io.loomotp.runtime.ExitReason;
import io.loomotp.runtime.MonitorRef;
import io.loomotp.runtime.RegisteredName;
import io.loomotp.runtime.remote.RefWire;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.ReplyTo;
import io.loomotp.runtime.remote.LocalEnd;
import io.loomotp.runtime.remote.RemotePid;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Kryo, set up for the wire: the allow-list resolver, pids written as (node name, creation, serial), exit reasons
 * that can always be written (a crash as its exception's class and message, a custom reason whose term may not cross
 * as its text), and a pool of instances, since a Kryo is not thread-safe. See docs/adr/0010-cluster-serializer.md.
 *
 * <p>Frames are written whole into one buffer bounded by the configured limit, so that a message too large fails its
 * sender with {@link MessageTooLargeException} before anything is sent.
 */
final class Codec {
    /** What a pooled {@code Input} points at between frames, so that the pool keeps no frame alive. */
    private static final byte[] NOTHING = new byte[0];

    /** How a pid is read back: (node name, creation, serial) to a local or remote pid. */
    interface PidDecoder {
        Pid decode(String node, long creation, long serial);

        /**
         * The pid of a node incarnation this node already knows, without its name; null if it does not know it (then
         * {@link #decode} is called with the name).
         */
        default Pid decodeKnown(long creation, long serial) {
            return null;
        }

        /** A pid of this node was written: it may come back after its process died, and must read as itself. */
        default void wroteLocal(Pid pid) {}

        /**
         * A pending caller of this node about to be written: where and under which id it is exported ({@link
         * Callers}). By default none is: it is refused as a class off the allow-list.
         */
        default Exported export(ReplyTo<Object> caller) {
            throw new ClassNotAllowedException(caller.getClass().getName(), false);
        }

        /** A pending caller read back: exported by node {@code owner} (this one or another) as {@code id}. */
        default ReplyTo<?> caller(String owner, long creation, long id, Pid caller) {
            throw new ClassNotAllowedException(RemoteCaller.class.getName(), true);
        }
    }

    /** Where a pending caller crossed from: its node, that node's creation, and its id there. */
    record Exported(String node, long creation, long id) {}

    private final AllowList allow;
    private final int maxBytes;
    /**
     * What a frame is written or read with, reused: a Kryo (not thread-safe), its output buffer, and an input. An
     * {@code Input} reads an ASCII string through a char buffer of its own, 32 chars at first and grown on the slow
     * path; a fresh one per frame took that path for every class name longer than that (most payloads' names), a
     * fifth of a connection reader's samples in a flood of casts (ADR 0010's amendment).
     */
    private final FreeSlots<Tools> tools;
    private final PidSerializer pidSerializer;
    private final CallerSerializer callerSerializer;

    /** One frame's tools, taken from and given back to {@link #tools} together. */
    private record Tools(Kryo kryo, Output out, Input in) {}

    Codec(AllowList allow, int maxBytes, PidDecoder pids) {
        this.allow = allow;
        this.pidSerializer = new PidSerializer(pids);
        this.callerSerializer = new CallerSerializer(pids, pidSerializer);
        this.maxBytes = maxBytes;
        this.tools = new FreeSlots<>(32, () -> new Tools(newKryo(), new Output(1024, maxBytes), new Input()));
    }

    /** The classes registered with fixed ids, the same on every node: they cost one byte or two on the wire. */
    static List<Class<?>> runtimeClasses() {
        try {
            return List.of(RemotePid.class, Class.forName("io.loomotp.runtime.internal.ProcessImpl"),
                    Class.forName("io.loomotp.runtime.internal.CallEnvelope"), RemoteCaller.class);
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Kryo newKryo() {
        Kryo k = new Kryo(new AllowListResolver(allow), null);
        k.setRegistrationRequired(false);
        k.setReferences(false);
        k.setAutoReset(false); // write and read reset once a frame, in their finally blocks, not after each object
        ImmutableCollectionsSerializers.addDefaultSerializers(k);
        k.addDefaultSerializer(Pid.class, pidSerializer);
        k.addDefaultSerializer(ExitReason.Crash.class, new CrashSerializer());
        k.addDefaultSerializer(ExitReason.Custom.class, new CustomSerializer());
        k.addDefaultSerializer(MonitorRef.class, new RefSerializer());
        SysTypes.register(k);
        k.addDefaultSerializer(Record.class, RecordHandleSerializer.FACTORY); // before Kryo's own, for every record
        for (ExitReason constant : List.of(ExitReason.NORMAL, ExitReason.KILL, ExitReason.KILLED, ExitReason.NOPROC,
                ExitReason.NOCONNECTION)) {
            k.addDefaultSerializer(constant.getClass(), new ConstantSerializer(constant));
        }
        int id = 100;
        for (Class<?> c : runtimeClasses()) {
            k.register(c, ReplyTo.class.isAssignableFrom(c) ? callerSerializer : pidSerializer, id++);
        }
        return k;
    }

    /**
     * Writes a frame.
     *
     * @throws ClassNotAllowedException if it holds a class not on the allow-list
     * @throws MessageTooLargeException if it is larger than the limit
     * @throws ClusterException if Kryo cannot write it
     */
    byte[] write(Consumer<Writer> body, Object payload) {
        Tools t = tools.obtain();
        Kryo k = t.kryo();
        Output out = t.out();
        try {
            out.reset();
            body.accept(new Writer(k, out, pidSerializer));
            return out.toBytes();
        } catch (ClusterException e) {
            throw e;
        } catch (KryoException e) {
            Throwable c = e;
            while (c != null) {
                if (c instanceof ClusterException ce) {
                    throw ce;
                }
                c = c.getCause();
            }
            String name = payload == null ? "?" : payload.getClass().getName();
            if (e.getMessage() != null && e.getMessage().contains("Buffer overflow")) {
                throw new MessageTooLargeException(name, maxBytes);
            }
            throw new ClusterException("message of class " + name + " cannot be serialized: " + e.getMessage(), e);
        } finally {
            k.reset();
            tools.free(t);
        }
    }

    /** Reads a frame; Kryo errors come out as {@link ClusterException}, refusals as {@link ClassNotAllowedException}. */
    <T> T read(byte[] bytes, int offset, int length, Function<Reader, T> body) {
        Tools t = tools.obtain();
        Kryo k = t.kryo();
        Input in = t.in();
        in.setBuffer(bytes, offset, length);
        try {
            return body.apply(new Reader(k, in, pidSerializer));
        } finally {
            in.setBuffer(NOTHING);
            k.reset();
            tools.free(t);
        }
    }

    /** One frame being written. */
    record Writer(Kryo kryo, Output out, Serializer<Pid> pids) {
        void op(byte op) {
            out.writeByte(op);
        }

        void serial(long s) {
            out.writeVarLong(s, true);
        }

        void pid(Pid p) {
            pids.write(kryo, out, p);
        }

        void object(Object o) {
            kryo.writeClassAndObject(out, o);
        }

        void string(String s) {
            out.writeString(s);
        }
    }

    /** One frame being read. */
    record Reader(Kryo kryo, Input in, Serializer<Pid> pids) {
        byte op() {
            return in.readByte();
        }

        long serial() {
            return in.readVarLong(true);
        }

        Pid pid() {
            return pids.read(kryo, in, Pid.class);
        }

        Object object() {
            try {
                return kryo.readClassAndObject(in);
            } catch (KryoException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof ClusterException ce) {
                        throw ce;
                    }
                }
                throw new ClusterException("cannot read message: " + e.getMessage(), e);
            }
        }

        String string() {
            return in.readString();
        }
    }

    /** Pids as (node name, creation, serial), whatever their class; read back through the local node's decoder. */
    private static final class PidSerializer extends Serializer<Pid> {
        private final PidDecoder decoder;

        PidSerializer(PidDecoder decoder) {
            this.decoder = decoder;
            setImmutable(true);
        }

        /**
         * The last node name written and its encoding: most pids written are of this node. Immutable, so a thread
         * that reads a stale one only encodes again.
         */
        private NameBytes lastName = new NameBytes("", new byte[0]);

        private record NameBytes(String name, byte[] bytes) {}

        @Override
        public void write(Kryo kryo, Output out, Pid pid) {
            String name;
            long creation;
            if (pid instanceof RemotePid r) {
                name = r.node().name();
                creation = r.node().creation();
            } else {
                LocalEnd end = LocalEnd.ofLocal(pid);
                name = end.name();
                creation = end.creation();
                decoder.wroteLocal(pid);
            }
            NameBytes last = lastName;
            if (last.name() != name) { // the same String object, or encode it again
                Output o = new Output(32, -1);
                o.writeString(name);
                last = new NameBytes(name, o.toBytes());
                lastName = last;
            }
            out.writeBytes(last.bytes());
            out.writeLong(creation);
            out.writeVarLong(pid.serial(), true);
        }

        /** The last node name read, as encoded: most pids read are of one node. Immutable, as {@link #lastName}. */
        private NameBytes lastRead = new NameBytes("", new byte[0]);

        @Override
        public Pid read(Kryo kryo, Input in, Class<? extends Pid> type) {
            // a known incarnation's pid needs no name: skip its bytes rather than make a string of them
            byte[] buf = in.getBuffer();
            int at = in.position();
            byte[] last = lastRead.bytes();
            int end;
            if (last.length > 0 && last.length <= in.limit() - at
                    && java.util.Arrays.equals(last, 0, last.length, buf, at, at + last.length)) {
                end = at + last.length; // an encoded string ends itself: these bytes are that whole name
            } else {
                end = AllowListResolver.encodedEnd(buf, at, in.limit());
                if (end >= 0) {
                    lastRead = new NameBytes(null, java.util.Arrays.copyOfRange(buf, at, end));
                }
            }
            if (end >= 0 && end <= in.limit() - Long.BYTES) {
                in.setPosition(end);
                long creation = in.readLong();
                Pid known = decoder.decodeKnown(creation, in.readVarLong(true));
                if (known != null) {
                    return known;
                }
                in.setPosition(at);
            }
            String node = in.readString();
            long creation = in.readLong();
            return decoder.decode(node, creation, in.readVarLong(true));
        }
    }

    /**
     * A pending caller ({@code ReplyTo}, {@code From}) as (its node's name, that node's creation, its id there, the
     * caller's pid): one of this node is exported first ({@link Callers}); one of another node crosses as it came.
     */
    private static final class CallerSerializer extends Serializer<ReplyTo<Object>> {
        private final PidDecoder decoder;
        private final PidSerializer pids;

        CallerSerializer(PidDecoder decoder, PidSerializer pids) {
            this.decoder = decoder;
            this.pids = pids;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, ReplyTo<Object> caller) {
            Exported e = caller instanceof RemoteCaller r ? new Exported(r.owner(), r.creation(), r.id())
                    : decoder.export(caller);
            out.writeString(e.node());
            out.writeLong(e.creation());
            out.writeVarLong(e.id(), true);
            pids.write(kryo, out, caller.pid());
        }

        @Override
        @SuppressWarnings("unchecked")
        public ReplyTo<Object> read(Kryo kryo, Input in, Class<? extends ReplyTo<Object>> type) {
            String owner = in.readString();
            long creation = in.readLong();
            long id = in.readVarLong(true);
            Pid caller = pids.read(kryo, in, Pid.class);
            return (ReplyTo<Object>) decoder.caller(owner, creation, id, caller);
        }
    }

    /** A reason without fields is read back as the runtime's own constant, so that it is the same object. */
    private static final class ConstantSerializer extends Serializer<ExitReason> {
        private final ExitReason constant;

        ConstantSerializer(ExitReason constant) {
            this.constant = constant;
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, ExitReason reason) {
            // nothing: the class says it all
        }

        @Override
        public ExitReason read(Kryo kryo, Input in, Class<? extends ExitReason> type) {
            return constant;
        }
    }

    /** A reference crosses as its JVM's origin, its number and its name, and is read back equal to itself. */
    private static final class RefSerializer extends Serializer<MonitorRef> {
        RefSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, MonitorRef ref) {
            out.writeLong(ref.origin());
            out.writeVarLong(ref.id(), true);
            RegisteredName name = ref.name();
            out.writeString(name == null ? null : name.name());
            out.writeString(name == null ? null : name.node());
        }

        @Override
        public MonitorRef read(Kryo kryo, Input in, Class<? extends MonitorRef> type) {
            long origin = in.readLong();
            long id = in.readVarLong(true);
            String name = in.readString();
            String node = in.readString();
            return RefWire.read(origin, id, name == null || node == null ? null : new RegisteredName(name, node));
        }
    }

    /** A crash crosses as its exception's class name and message: exceptions themselves never cross. */
    private static final class CrashSerializer extends Serializer<ExitReason.Crash> {
        @Override
        public void write(Kryo kryo, Output out, ExitReason.Crash crash) {
            Throwable t = crash.cause();
            out.writeString(t instanceof RemoteCrashException r ? r.className() : t.getClass().getName());
            out.writeString(t.getMessage());
        }

        @Override
        public ExitReason.Crash read(Kryo kryo, Input in, Class<? extends ExitReason.Crash> type) {
            return new ExitReason.Crash(new RemoteCrashException(in.readString(), in.readString()));
        }
    }

    /** A custom reason crosses with its term if the term may, else as the term's text, so an exit is never lost. */
    private final class CustomSerializer extends Serializer<ExitReason.Custom> {
        @Override
        public void write(Kryo kryo, Output out, ExitReason.Custom custom) {
            Object term = custom.term();
            kryo.writeClassAndObject(out, allow.allows(term.getClass()) ? term : String.valueOf(term));
        }

        @Override
        public ExitReason.Custom read(Kryo kryo, Input in, Class<? extends ExitReason.Custom> type) {
            return new ExitReason.Custom(kryo.readClassAndObject(in));
        }
    }
}
