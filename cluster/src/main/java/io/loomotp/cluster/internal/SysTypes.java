package io.loomotp.cluster.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.loomotp.ChildType;
import io.loomotp.Strategy;
import io.loomotp.runtime.Pid;
import io.loomotp.runtime.statem.MachineState;
import io.loomotp.runtime.supervisor.ChildInfo;
import io.loomotp.runtime.supervisor.SupervisorFlags;
import io.loomotp.runtime.supervisor.SupervisorState;
import io.loomotp.runtime.sys.StateSnapshot;
import io.loomotp.runtime.sys.Statistics;
import io.loomotp.runtime.sys.SysEvent;
import io.loomotp.runtime.sys.SysStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the sys protocol as they cross the wire: which runtime classes may (on every node's allow-list: a
 * server's, a state machine's and a supervisor's state, status, statistics and logged events), and
 * how the two whose fields hold the runtime's unmodifiable views are written ({@link StateSnapshot},
 * {@link SysStatus}): as plain lists and maps, made unmodifiable again when read. The values inside a state still
 * cross only if they are allowed, so a state holding a class the asker's node refuses fails that {@code getState}
 * with the class's name, as any reply would.
 */
final class SysTypes {
    private SysTypes() {}

    /** The runtime's sys answers: always allowed. */
    static List<Class<?>> classes() {
        List<Class<?>> l = new ArrayList<>(List.of(StateSnapshot.class, SysStatus.class, Statistics.class,
                MachineState.class, SysEvent.Kind.class, SupervisorState.class, SupervisorFlags.class,
                ChildInfo.class, ChildInfo.Status.class, Strategy.class, ChildType.class));
        for (Class<?> e : SysEvent.class.getPermittedSubclasses()) {
            l.add(e);
        }
        return l;
    }

    static void register(Kryo k) {
        k.addDefaultSerializer(StateSnapshot.class, new SnapshotSerializer());
        k.addDefaultSerializer(SysStatus.class, new StatusSerializer());
    }

    /** A collection or map copied into a plain one that may cross; anything else as it is. */
    private static Object plain(Object v) {
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v instanceof Map<?, ?> m) {
            return new LinkedHashMap<>(m);
        }
        return v;
    }

    private static final class SnapshotSerializer extends Serializer<StateSnapshot> {
        SnapshotSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, StateSnapshot s) {
            out.writeString(s.type());
            out.writeVarInt(s.fields().size(), true);
            for (Map.Entry<String, Object> f : s.fields().entrySet()) {
                out.writeString(f.getKey());
                kryo.writeClassAndObject(out, plain(f.getValue()));
            }
        }

        @Override
        public StateSnapshot read(Kryo kryo, Input in, Class<? extends StateSnapshot> type) {
            String name = in.readString();
            int n = in.readVarInt(true);
            String[] names = new String[n];
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                names[i] = in.readString();
                values[i] = kryo.readClassAndObject(in);
            }
            return StateSnapshot.of(name, names, values);
        }
    }

    private static final class StatusSerializer extends Serializer<SysStatus> {
        StatusSerializer() {
            setImmutable(true);
        }

        @Override
        public void write(Kryo kryo, Output out, SysStatus s) {
            kryo.writeClassAndObject(out, s.pid());
            out.writeString(s.name());
            out.writeString(s.behaviour());
            out.writeString(s.module());
            out.writeString(s.status());
            kryo.writeClassAndObject(out, s.parent());
            kryo.writeClassAndObject(out, plain(s.debug()));
            out.writeString(s.state());
            kryo.writeClassAndObject(out, plain(s.extra() == null ? Map.of() : s.extra()));
        }

        @Override
        @SuppressWarnings("unchecked")
        public SysStatus read(Kryo kryo, Input in, Class<? extends SysStatus> type) {
            Pid pid = (Pid) kryo.readClassAndObject(in);
            String name = in.readString();
            String behaviour = in.readString();
            String module = in.readString();
            String status = in.readString();
            Pid parent = (Pid) kryo.readClassAndObject(in);
            List<String> debug = List.copyOf((List<String>) kryo.readClassAndObject(in));
            String state = in.readString();
            Map<String, String> extra = java.util.Collections.unmodifiableMap(
                    (Map<String, String>) kryo.readClassAndObject(in));
            return new SysStatus(pid, name, behaviour, module, status, parent, debug, state, extra);
        }
    }
}
