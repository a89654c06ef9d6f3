package io.loomotp.cluster.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Records written and read exactly as Kryo's own {@code RecordSerializer} does (components in the order of their
 * names; a primitive by its type's serializer, a final type without its class, any other with it), through method
 * handles made once per record class instead of Kryo's reflection at every component of every message: a
 * {@code Method.invoke} per accessor, a boxed value per primitive written, two class-value lookups and a
 * {@code Constructor.newInstance} per record read were a tenth of a connection reader's samples in a flood of casts
 * (ADR 0010's third amendment). The bytes are Kryo's, so nodes on either side of the change still understand each other.
 *
 * <p>A record whose accessors or constructor cannot be reached (a package its module does not open) keeps Kryo's own
 * serializer, which fails on it as it did.
 */
final class RecordHandleSerializer<T> extends Serializer<T> {
    /** What a component is, for the switches below: a primitive type, or a reference with or without its class. */
    private static final int BOOLEAN = 0, BYTE = 1, CHAR = 2, SHORT = 3, INT = 4, LONG = 5, FLOAT = 6, DOUBLE = 7,
            FINAL = 8, ANY = 9;
    /** The primitive types, each at the index of its kind above. */
    private static final java.util.List<Class<?>> PRIMITIVES = java.util.List.of(boolean.class, byte.class,
            char.class, short.class, int.class, long.class, float.class, double.class);

    /** The factory for Kryo's defaults: this serializer where it can be made, Kryo's own otherwise. */
    static final SerializerFactory<Serializer<?>> FACTORY = new SerializerFactory.BaseSerializerFactory<>() {
        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Serializer<?> newSerializer(Kryo kryo, Class type) {
            Plan plan = PLANS.get(type);
            return plan == null || !primitivesAsKryosOwn(kryo, plan)
                    ? new com.esotericsoftware.kryo.serializers.RecordSerializer<>(type)
                    : new RecordHandleSerializer<>(plan);
        }

        @Override
        @SuppressWarnings("rawtypes") // Kryo's signature
        public boolean isSupported(Class type) {
            return type.isRecord();
        }
    };

    /** One record class's components, made once and shared by every Kryo; null where handles cannot be made. */
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            try {
                return Plan.of(type);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
    };

    /**
     * A record class's components in Kryo's order (by name), each with its accessor as a handle typed for its kind,
     * where the read value goes in the canonical constructor's arguments, and that constructor taking an array.
     */
    private record Plan(Class<?> type, String[] names, Class<?>[] types, int[] kinds, int[] index,
            MethodHandle[] getters, MethodHandle constructor) {
        static Plan of(Class<?> type) throws ReflectiveOperationException {
            RecordComponent[] declared = type.getRecordComponents();
            Class<?>[] params = new Class<?>[declared.length];
            for (int i = 0; i < declared.length; i++) {
                params[i] = declared[i].getType();
            }
            Constructor<?> c = type.getDeclaredConstructor(params);
            c.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle constructor = lookup.unreflectConstructor(c)
                    .asType(MethodType.genericMethodType(declared.length))
                    .asSpreader(Object[].class, declared.length);
            Integer[] order = new Integer[declared.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparing(i -> declared[i].getName()));
            int n = declared.length;
            String[] names = new String[n];
            Class<?>[] types = new Class<?>[n];
            int[] kinds = new int[n];
            int[] index = new int[n];
            MethodHandle[] getters = new MethodHandle[n];
            for (int i = 0; i < n; i++) {
                RecordComponent rc = declared[order[i]];
                Method accessor = rc.getAccessor();
                accessor.setAccessible(true);
                Class<?> t = rc.getType();
                int kind = kindOf(t);
                names[i] = rc.getName();
                types[i] = t;
                kinds[i] = kind;
                index[i] = order[i];
                getters[i] = lookup.unreflect(accessor)
                        .asType(MethodType.methodType(kind >= FINAL ? Object.class : t, Object.class));
            }
            return new Plan(type, names, types, kinds, index, getters, constructor);
        }

        private static int kindOf(Class<?> t) {
            int primitive = PRIMITIVES.indexOf(t);
            if (primitive >= 0) {
                return primitive;
            }
            // Kryo's test (Kryo.isFinal) asked once rather than at every value
            Class<?> element = t;
            while (element.isArray()) {
                element = element.getComponentType();
            }
            return java.lang.reflect.Modifier.isFinal(element.getModifiers()) ? FINAL : ANY;
        }
    }

    private final Plan plan;

    private RecordHandleSerializer(Plan plan) {
        this.plan = plan;
        setImmutable(true);
    }

    /** Kryo's primitive serializers are what the switches below inline; a Kryo with others keeps its own records. */
    private static boolean primitivesAsKryosOwn(Kryo kryo, Plan plan) {
        for (Class<?> t : plan.types()) {
            if (t.isPrimitive() && kryo.getSerializer(t).getClass().getEnclosingClass() != DefaultSerializers.class) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void write(Kryo kryo, Output out, T object) {
        Plan p = plan;
        MethodHandle[] getters = p.getters();
        int[] kinds = p.kinds();
        for (int i = 0; i < kinds.length; i++) {
            MethodHandle g = getters[i];
            try {
                switch (kinds[i]) {
                    case BOOLEAN -> out.writeBoolean((boolean) g.invokeExact((Object) object));
                    case BYTE -> out.writeByte((byte) g.invokeExact((Object) object));
                    case CHAR -> out.writeChar((char) g.invokeExact((Object) object));
                    case SHORT -> out.writeShort((short) g.invokeExact((Object) object));
                    case INT -> out.writeInt((int) g.invokeExact((Object) object), false);
                    case LONG -> out.writeVarLong((long) g.invokeExact((Object) object), false);
                    case FLOAT -> out.writeFloat((float) g.invokeExact((Object) object));
                    case DOUBLE -> out.writeDouble((double) g.invokeExact((Object) object));
                    case FINAL -> kryo.writeObjectOrNull(out, (Object) g.invokeExact((Object) object), p.types()[i]);
                    default -> kryo.writeClassAndObject(out, (Object) g.invokeExact((Object) object));
                }
            } catch (KryoException e) {
                e.addTrace(p.names()[i] + " (" + p.types()[i].getName() + ")");
                throw e;
            } catch (Throwable t) {
                KryoException e = new KryoException(t);
                e.addTrace(p.names()[i] + " (" + p.types()[i].getName() + ")");
                throw e;
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read(Kryo kryo, Input in, Class<? extends T> type) {
        Plan p = plan;
        int[] kinds = p.kinds();
        int[] index = p.index();
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            try {
                values[index[i]] = switch (kinds[i]) {
                    case BOOLEAN -> in.readBoolean();
                    case BYTE -> in.readByte();
                    case CHAR -> in.readChar();
                    case SHORT -> in.readShort();
                    case INT -> in.readInt(false);
                    case LONG -> in.readVarLong(false);
                    case FLOAT -> in.readFloat();
                    case DOUBLE -> in.readDouble();
                    case FINAL -> kryo.readObjectOrNull(in, p.types()[i]);
                    default -> kryo.readClassAndObject(in);
                };
            } catch (KryoException e) {
                e.addTrace(p.names()[i] + " (" + p.types()[i].getName() + ")");
                throw e;
            } catch (RuntimeException e) {
                KryoException k = new KryoException(e);
                k.addTrace(p.names()[i] + " (" + p.types()[i].getName() + ")");
                throw k;
            }
        }
        try {
            return (T) p.constructor().invokeExact(values);
        } catch (Throwable t) {
            KryoException e = new KryoException(t);
            e.addTrace("Could not construct type (" + p.type().getName() + ")");
            throw e;
        }
    }
}
