package io.loomotp.cluster.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import io.loomotp.cluster.ClassNotAllowedException;
import java.util.Arrays;

/**
 * Kryo's class resolver with the allow-list in front: a class not on it is refused before it is written, and, on the
 * reading side, by its name before it is loaded. Registered classes (the built-in ids of {@link Codec}) are on it by
 * construction. One per Kryo instance, as Kryo requires, so nothing here is shared between threads.
 *
 * <p>It writes and reads class names exactly as Kryo's {@link DefaultClassResolver} does (a name the first time a
 * frame holds its class, then the name's number in that frame), but faster, for a frame's cost is mostly its class
 * names (ADR 0010's second amendment):
 *
 * <ul>
 *   <li>the classes named in the frame being written or read are a short array, emptied by {@link #reset()} by
 *       setting its count to zero, where Kryo's hash maps were filled with nulls at every frame;
 *   <li>a class's name is encoded once, and its bytes copied into each frame;
 *   <li>a name read is found among the names this resolver has read before by its bytes in the frame (first among
 *       the last four, then in a table by a hash of its bytes), without making a string; only a name never seen is
 *       decoded, checked against the allow-list, and loaded.
 * </ul>
 */
final class AllowListResolver extends DefaultClassResolver {
    /**
     * A class's name as Kryo's resolver encodes it ({@code writeAscii} if it is ASCII, else {@code writeString}): the
     * same bytes whatever frame holds it.
     */
    private static final ClassValue<byte[]> ENCODED = new ClassValue<>() {
        @Override
        protected byte[] computeValue(Class<?> type) {
            String name = type.getName();
            Output out = new Output(64, -1);
            if (name.chars().allMatch(c -> c < 128)) {
                out.writeAscii(name);
            } else {
                out.writeString(name);
            }
            return out.toBytes();
        }
    };

    private final AllowList allow;

    /** The classes named so far in the frame being written, in order: a name's number is its index. */
    private Class<?>[] written = new Class<?>[4];

    private int writtenCount;

    /** The classes named so far in the frame being read, in order. */
    private Class<?>[] read = new Class<?>[4];

    private int readCount;

    /**
     * The names read last, most recent first, tried before {@link #knownNames}: a frame mostly names the classes the
     * frames before it named. Kryo's string encodings end themselves, so bytes in the frame equal to a whole encoded
     * name are that name, whatever follows them.
     */
    private final byte[][] recentNames = new byte[4][];

    private final Class<?>[] recentTypes = new Class<?>[4];

    /** Names read before, by their encoded bytes: an open-addressed table, at most half full. */
    private byte[][] knownNames = new byte[16][];

    private Class<?>[] knownTypes = new Class<?>[16];

    private int known;

    AllowListResolver(AllowList allow) {
        this.allow = allow;
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public Registration writeClass(Output output, Class type) {
        if (type != null && getRegistration(type) == null && !allow.allows(type)) {
            throw new ClassNotAllowedException(type.getName(), false);
        }
        return super.writeClass(output, type);
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    protected void writeName(Output output, Class type, Registration registration) {
        output.writeVarInt(NAME + 2, true);
        for (int i = 0; i < writtenCount; i++) {
            if (written[i] == type) {
                output.writeVarInt(i, true);
                return;
            }
        }
        if (writtenCount == written.length) {
            written = Arrays.copyOf(written, writtenCount * 2);
        }
        written[writtenCount] = type;
        output.writeVarInt(writtenCount++, true);
        output.writeBytes(ENCODED.get(type));
    }

    @Override
    protected Registration readName(Input input) {
        int nameId = input.readVarInt(true);
        if (nameId < readCount) {
            return kryo.getRegistration(read[nameId]);
        }
        if (nameId != readCount) {
            throw new KryoException("class name number " + nameId + " before number " + readCount);
        }
        Class<?> type = knownAt(input);
        if (type == null) {
            int from = input.position();
            type = load(input.readString());
            remember(Arrays.copyOfRange(input.getBuffer(), from, input.position()), type);
        }
        if (readCount == read.length) {
            read = Arrays.copyOf(read, readCount * 2);
        }
        read[readCount++] = type;
        return kryo.getRegistration(type);
    }

    @Override
    protected Class<?> getTypeByName(String className) {
        if (!allow.allows(className)) {
            throw new ClassNotAllowedException(className, true);
        }
        return super.getTypeByName(className);
    }

    @Override
    public void reset() {
        // the arrays keep the classes of the last frame: they are held by the tables above anyway
        writtenCount = 0;
        readCount = 0;
        super.reset();
    }

    /** An allowed class by name, loaded as Kryo loads it: its class loader first, then Kryo's own. */
    private Class<?> load(String className) {
        if (className == null) {
            throw new KryoException("a class name that is null");
        }
        Class<?> cached = getTypeByName(className); // checks the allow-list
        if (cached != null) {
            return cached;
        }
        try {
            return Class.forName(className, false, kryo.getClassLoader());
        } catch (ClassNotFoundException e) {
            try {
                return Class.forName(className, false, Kryo.class.getClassLoader());
            } catch (ClassNotFoundException e2) {
                throw new KryoException("Unable to find class: " + className, e);
            }
        }
    }

    /**
     * The class whose encoded name starts at the input's position, if this resolver has read that name before; then
     * the input is moved past it. Else null, and the input is where it was.
     */
    private Class<?> knownAt(Input input) {
        byte[] buf = input.getBuffer();
        int from = input.position();
        int limit = input.limit();
        for (int r = 0; r < recentNames.length && recentNames[r] != null; r++) {
            byte[] k = recentNames[r];
            if (k.length <= limit - from && Arrays.equals(k, 0, k.length, buf, from, from + k.length)) {
                input.setPosition(from + k.length);
                return recentTypes[r];
            }
        }
        int end = encodedEnd(buf, from, limit);
        if (end < 0) {
            return null;
        }
        int h = hash(buf, from, end);
        int mask = knownNames.length - 1;
        for (int i = h & mask; knownNames[i] != null; i = (i + 1) & mask) {
            byte[] k = knownNames[i];
            if (k.length == end - from && Arrays.equals(k, 0, k.length, buf, from, end)) {
                input.setPosition(end);
                recent(k, knownTypes[i]);
                return knownTypes[i];
            }
        }
        return null;
    }

    /** Puts a name first among the recent ones. */
    private void recent(byte[] name, Class<?> type) {
        System.arraycopy(recentNames, 0, recentNames, 1, recentNames.length - 1);
        System.arraycopy(recentTypes, 0, recentTypes, 1, recentTypes.length - 1);
        recentNames[0] = name;
        recentTypes[0] = type;
    }

    private void remember(byte[] name, Class<?> type) {
        if (encodedEnd(name, 0, name.length) != name.length) {
            return; // a name with characters beyond ASCII: decoded every time
        }
        recent(name, type);
        if (2 * (known + 1) > knownNames.length) {
            byte[][] oldNames = knownNames;
            Class<?>[] oldTypes = knownTypes;
            knownNames = new byte[oldNames.length * 2][];
            knownTypes = new Class<?>[oldNames.length * 2];
            known = 0;
            for (int i = 0; i < oldNames.length; i++) {
                if (oldNames[i] != null) {
                    put(oldNames[i], oldTypes[i]);
                }
            }
        }
        put(name, type);
    }

    private void put(byte[] name, Class<?> type) {
        int mask = knownNames.length - 1;
        int i = hash(name, 0, name.length) & mask;
        while (knownNames[i] != null) {
            i = (i + 1) & mask;
        }
        knownNames[i] = name;
        knownTypes[i] = type;
        known++;
    }

    private static int hash(byte[] b, int from, int end) {
        int h = 1;
        for (int i = from; i < end; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    /**
     * Where a string that Kryo wrote at {@code from} ends, if all its characters are ASCII; else -1. Kryo writes an
     * ASCII class name, and any string of 2 to 32 ASCII characters, as its bytes with the last one's top bit set, and
     * any other string as a length (a variable-length int whose first byte has its top bit set and 6 bits of the
     * value) followed by its characters, one byte each when ASCII.
     */
    static int encodedEnd(byte[] buf, int from, int limit) {
        if (from >= limit) {
            return -1;
        }
        int b = buf[from];
        if ((b & 0x80) == 0) {
            for (int i = from; i < limit; i++) {
                if ((buf[i] & 0x80) != 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int at = from + 1;
        int length = b & 0x3F;
        if ((b & 0x40) != 0) {
            int shift = 6;
            do {
                if (at >= limit || shift > 27) {
                    return -1;
                }
                b = buf[at++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
        }
        int chars = length - 1; // 0 is null, 1 is the empty string
        if (chars < 1 || chars > limit - at) {
            return -1;
        }
        for (int i = at; i < at + chars; i++) {
            if (buf[i] < 0) {
                return -1;
            }
        }
        return at + chars;
    }
}
