package io.loomotp.runtime.ets;

import io.loomotp.runtime.Pid;
import io.loomotp.runtime.internal.ProcessImpl;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiPredicate;

/**
 * A table owned by a process: an ETS table ({@link Ets} says how it lives and dies). Every operation is atomic on
 * its key, as ETS's are on one object; a traversal ({@link #toList}, {@link #select}, {@link #foldl}, and
 * {@link #first} and {@link #next} on an ordered set) sees each key once but not one moment of the whole table, as
 * {@code ets:tab2list/1} and {@code ets:select/2} on a table that others write. {@link #next} on a set or a bag
 * scans for its key, and may miss keys when others insert during the walk (as ETS's without
 * {@code safe_fixtable}): walk those with {@link #foldl} or {@link #select}.
 *
 * <p>In a set or ordered set a key has one value; in a bag a value is kept once under its key; in a duplicate bag as
 * often as it was inserted. Null keys and values are refused.
 *
 * <p>Why one unit of about 680 lines: it is {@code ets}'s one module of table operations, each a few lines over the
 * one map, with the access and ordering checks they all share at the end. What could move out first, if it grows: the
 * traversals ({@code select}, {@code fold}, {@code first}/{@code next}) into a class of their own over the map.
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class Table<K, V> {
    private final NodeTables home;
    private final TableType type;
    private final Access access;
    /** Changed only by {@link #rename}, under the node's tables' lock. */
    private volatile String name;
    /** K to V for a set and an ordered set; K to an immutable {@code List<V>} for the bags. */
    private final ConcurrentMap<Object, Object> map;
    private volatile ProcessImpl owner;
    private volatile Pid heir;
    private volatile Object heirData;
    private volatile boolean deleted;

    Table(NodeTables home, TableOptions options, ProcessImpl owner) {
        this.home = home;
        this.type = options.type();
        this.access = options.access();
        this.name = options.name();
        this.owner = owner;
        this.heir = options.heir();
        this.heirData = options.heirData();
        if (type == TableType.ORDERED_SET) {
            Comparator<Object> order = options.comparator();
            map = order == null ? new ConcurrentSkipListMap<>() : new ConcurrentSkipListMap<>(order);
        } else {
            map = new ConcurrentHashMap<>();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the table is

    /** Its name, or null if it has none. */
    public String name() {
        return name;
    }

    public TableType type() {
        return type;
    }

    public Access access() {
        return access;
    }

    /** Its owner now. */
    public Pid owner() {
        return owner;
    }

    /** False once deleted (by {@link #delete()} or its owner's death): {@code ets:info/1} answering undefined. */
    public boolean exists() {
        return !deleted;
    }

    /** {@code ets:info/1}. */
    public TableInfo info() {
        checkAlive(); // as ets:info/1, which any process may ask of any table, a private one too
        return new TableInfo(name, type, access, owner, heir, size());
    }

    /** How many objects it holds: {@code ets:info(T, size)}; every value of a bag counts. */
    public int size() {
        checkAlive(); // as ets:info(T, size)
        if (!isBag()) {
            return map.size();
        }
        int n = 0;
        for (Object values : map.values()) {
            n += ((List<?>) values).size();
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writes

    /** {@code ets:insert/2}: in a set, replaces the key's value; in a bag, adds the value. */
    public void insert(K key, V value) {
        checkWrite("insert");
        nonNull(key, "key");
        nonNull(value, "value");
        switch (type) {
            case SET, ORDERED_SET -> ordered(key, () -> map.put(checkedKey(key), value));
            case BAG -> map.merge(key, List.of(value), (old, add) -> ((List<?>) old).contains(value) ? old
                    : append(old, value));
            case DUPLICATE_BAG -> map.merge(key, List.of(value), (old, add) -> append(old, value));
        }
    }

    /** {@code ets:insert_new/2}: inserts only if the key is not there; true if it inserted. */
    public boolean insertNew(K key, V value) {
        checkWrite("insertNew");
        nonNull(key, "key");
        nonNull(value, "value");
        return ordered(key, () -> map.putIfAbsent(checkedKey(key), isBag() ? List.of(value) : value)) == null;
    }

    /** {@code ets:delete/2}: removes the key and every value under it. */
    public void delete(K key) {
        checkWrite("delete");
        nonNull(key, "key");
        try {
            map.remove(key);
        } catch (ClassCastException notComparable) {
            // an ordered set cannot hold a key it cannot compare with its own: nothing to delete
        }
    }

    /** {@code ets:delete_object/2}: removes that value under the key (each copy of it, in a duplicate bag). */
    public void deleteObject(K key, V value) {
        checkWrite("deleteObject");
        nonNull(key, "key");
        nonNull(value, "value");
        if (!isBag()) {
            try {
                map.remove(key, value);
            } catch (ClassCastException notComparable) {
                // not in an ordered set that cannot compare it with its keys
            }
            return;
        }
        removeFromBag(key, value, true);
    }

    /** Removes {@code value} under {@code key} in a bag, every copy or one; true if one went. */
    private boolean removeFromBag(Object key, Object value, boolean everyCopy) {
        boolean[] removed = {false};
        map.computeIfPresent(key, (k, old) -> {
            List<Object> kept = new ArrayList<>((List<?>) old);
            removed[0] = everyCopy ? kept.removeIf(value::equals) : kept.remove(value);
            return kept.isEmpty() ? null : List.copyOf(kept);
        });
        return removed[0];
    }

    /**
     * {@code ets:take/2}: removes the key and returns what was under it, in one step (no other process sees the key
     * between the read and the removal); empty if it was not there.
     */
    @SuppressWarnings("unchecked")
    public List<V> take(K key) {
        checkWrite("take");
        nonNull(key, "key");
        Object v;
        try {
            v = map.remove(key);
        } catch (ClassCastException notComparable) {
            return List.of(); // not in an ordered set that cannot compare it with its keys
        }
        if (v == null) {
            return List.of();
        }
        return isBag() ? (List<V>) v : List.of((V) v);
    }

    /**
     * {@code ets:update_element/3}'s use with a record for the value: replaces the key's value with what
     * {@code change} makes of it, atomically (a concurrent write to the key waits, none is lost); false, with nothing
     * changed, if the key is not there. {@code change} must not touch the table, and must have no side effects: on an
     * {@code ORDERED_SET} whose key other processes update at the same moment it may run more than once (the skip
     * list retries; the value is still changed once per call).
     *
     * @throws EtsException on a bag (as {@code ets:update_element/3}), or if {@code change} returns null
     */
    @SuppressWarnings("unchecked")
    public boolean update(K key, java.util.function.UnaryOperator<V> change) {
        checkWrite("update");
        nonNull(key, "key");
        Objects.requireNonNull(change, "change");
        if (isBag()) {
            throw new EtsException("update works on a SET or ORDERED_SET table, not on " + describe() + ", a " + type
                    + ": deleteObject the old value and insert the new one");
        }
        boolean[] found = {false};
        boolean[] inChange = {false};
        try {
            map.computeIfPresent(key, (k, old) -> {
                found[0] = true;
                inChange[0] = true;
                V updated = change.apply((V) old);
                inChange[0] = false;
                if (updated == null) {
                    throw new EtsException("update(" + key + ") in " + describe() + ": the change returned null, which"
                            + " a table cannot hold; use take(key) or delete(key) to remove it");
                }
                return updated;
            });
        } catch (ClassCastException e) {
            if (inChange[0]) {
                throw e; // the change's own mistake, not a key the ordered set cannot compare
            }
            return false; // not in an ordered set that cannot compare it with its keys
        }
        return found[0];
    }

    /** {@code ets:delete_all_objects/1}. */
    public void deleteAllObjects() {
        checkWrite("deleteAllObjects");
        map.clear();
    }

    /**
     * {@code ets:update_counter/3}: adds {@code increment} to the key's value, a number, atomically, and returns the
     * new value (stored as a {@code Long}).
     *
     * @throws EtsException if the key is not there, its value is not a number, or the table is a bag
     */
    public long updateCounter(K key, long increment) {
        return counter(key, increment, null);
    }

    /** {@code ets:update_counter/4}: as {@link #updateCounter(Object, long)}, starting from {@code initial} if absent. */
    public long updateCounter(K key, long increment, long initial) {
        return counter(key, increment, initial);
    }

    private long counter(K key, long increment, Long initial) {
        checkWrite("updateCounter");
        nonNull(key, "key");
        if (isBag()) {
            throw new EtsException("updateCounter works on a SET or ORDERED_SET table, not on " + describe()
                    + ", a " + type);
        }
        Object updated = ordered(key, () -> map.compute(checkedKey(key), (k, old) -> {
            if (old == null) {
                if (initial == null) {
                    throw new EtsException("no counter under key " + key + " in " + describe()
                            + ": insert it first, or pass an initial value");
                }
                try {
                    return Math.addExact(initial, increment);
                } catch (ArithmeticException overflow) {
                    throw new EtsException("updateCounter(" + key + ", " + increment + ", " + initial + ") in "
                            + describe() + " overflows a Long");
                }
            }
            try {
                if (old instanceof Integer i) { // an Integer counter stays one: a Table<K, Integer> reads it back
                    return Math.toIntExact(Math.addExact((long) i, increment));
                }
                if (old instanceof Long || old instanceof Short || old instanceof Byte) {
                    return Math.addExact(((Number) old).longValue(), increment);
                }
            } catch (ArithmeticException overflow) {
                throw new EtsException("updateCounter(" + key + ", " + increment + ") in " + describe()
                        + " overflows the counter's " + old.getClass().getSimpleName() + " (" + old + ")");
            }
            throw new EtsException("the value under key " + key + " in " + describe() + " is not a counter (an "
                    + "Integer or a Long): " + old.getClass().getName() + " " + old);
        }));
        return ((Number) updated).longValue();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reads

    /** {@code ets:lookup/2}: the key's values; empty if it is not there, at most one in a set. */
    @SuppressWarnings("unchecked")
    public List<V> lookup(K key) {
        checkRead();
        Object v = find(nonNull(key, "key"));
        if (v == null) {
            return List.of();
        }
        return isBag() ? (List<V>) v : List.of((V) v);
    }

    /**
     * The key's value in a set or an ordered set, or null: {@code ets:lookup_element/3}'s common use.
     *
     * @throws EtsException on a bag, whose keys have many values: use {@link #lookup}
     */
    @SuppressWarnings("unchecked")
    public V get(K key) {
        checkRead();
        if (isBag()) {
            throw new EtsException(describe() + " is a " + type + ", whose keys have many values: use lookup(key)");
        }
        return (V) find(nonNull(key, "key"));
    }

    /** {@code ets:member/2}. */
    public boolean member(K key) {
        checkRead();
        return find(nonNull(key, "key")) != null;
    }

    /** {@code ets:tab2list/1}: every object, as key and value (a bag's key once per value). */
    public List<Map.Entry<K, V>> toList() {
        return select((k, v) -> true);
    }

    /** {@code ets:select/2} with a predicate for the match specification: the objects it accepts. */
    public List<Map.Entry<K, V>> select(BiPredicate<? super K, ? super V> accept) {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        visit(accept, out);
        return out;
    }

    /** {@code ets:select_count/2}: how many objects the predicate accepts. */
    public int selectCount(BiPredicate<? super K, ? super V> accept) {
        return visit(accept, null);
    }

    /** Tests every object (a bag's key once per value); adds those accepted to {@code out} if given; counts them. */
    @SuppressWarnings("unchecked")
    private int visit(BiPredicate<? super K, ? super V> accept, List<Map.Entry<K, V>> out) {
        checkRead();
        Objects.requireNonNull(accept, "accept");
        int n = 0;
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            K k = (K) e.getKey();
            for (Object v : isBag() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                if (accept.test(k, (V) v)) {
                    n++;
                    if (out != null) {
                        out.add(Map.entry(k, (V) v));
                    }
                }
            }
        }
        return n;
    }

    /** The step of a fold: what the accumulator becomes after one object. */
    @FunctionalInterface
    public interface Fold<K, V, A> {
        A apply(K key, V value, A accumulator);
    }

    /**
     * {@code ets:foldl/3}: folds every object (a bag's key once per value) into {@code initial}; in key order for an
     * ordered set, in the table's own order otherwise. Like {@link #select}, it sees each key that stays in the table
     * once, not one moment of the whole table; the step may read the table, and write it if it may.
     */
    public <A> A foldl(A initial, Fold<? super K, ? super V, A> step) {
        return fold(initial, step, false);
    }

    /** {@code ets:foldr/3}: as {@link #foldl}, from the last key of an ordered set to its first. */
    public <A> A foldr(A initial, Fold<? super K, ? super V, A> step) {
        return fold(initial, step, true);
    }

    @SuppressWarnings("unchecked")
    private <A> A fold(A initial, Fold<? super K, ? super V, A> step, boolean fromLast) {
        checkRead();
        Objects.requireNonNull(step, "step");
        Map<Object, Object> objects = fromLast && map instanceof ConcurrentSkipListMap<Object, Object> sorted
                ? sorted.descendingMap() : map;
        A acc = initial;
        for (Map.Entry<Object, Object> e : objects.entrySet()) {
            for (Object v : isBag() ? (List<?>) e.getValue() : List.of(e.getValue())) {
                acc = step.apply((K) e.getKey(), (V) v, acc);
            }
        }
        return acc;
    }

    /** {@code ets:select_delete/2}: deletes the objects the predicate accepts; returns how many. */
    @SuppressWarnings("unchecked")
    public int selectDelete(BiPredicate<? super K, ? super V> accept) {
        checkWrite("selectDelete");
        Objects.requireNonNull(accept, "accept");
        int deleted = 0;
        for (Map.Entry<K, V> e : select(accept)) {
            if (isBag() ? removeFromBag(e.getKey(), e.getValue(), false) : map.remove(e.getKey(), e.getValue())) {
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * {@code ets:first/1}: the first key, or null for an empty table ({@code '$end_of_table'}); in key order for an
     * ordered set, in no given order otherwise.
     */
    @SuppressWarnings("unchecked")
    public K first() {
        checkRead();
        if (map instanceof ConcurrentSkipListMap<Object, Object> sorted) {
            return sorted.isEmpty() ? null : (K) firstKey(sorted);
        }
        Iterator<Object> keys = map.keySet().iterator();
        return keys.hasNext() ? (K) keys.next() : null;
    }

    /** {@code ets:last/1}: the last key of an ordered set (for the others, as {@link #first}), or null. */
    @SuppressWarnings("unchecked")
    public K last() {
        checkRead();
        if (map instanceof ConcurrentSkipListMap<Object, Object> sorted) {
            Map.Entry<Object, Object> e = sorted.lastEntry();
            return e == null ? null : (K) e.getKey();
        }
        return first();
    }

    /**
     * {@code ets:next/2}: the key after {@code key}, or null after the last. In an ordered set {@code key} need not be
     * there; in the others it must (as in ETS), and the order is the table's own while nobody writes.
     *
     * @throws EtsException if {@code key} is not in a table that is not an ordered set
     */
    @SuppressWarnings("unchecked")
    public K next(K key) {
        checkRead();
        nonNull(key, "key");
        if (map instanceof ConcurrentSkipListMap<Object, Object> sorted) {
            return (K) ordered(key, () -> sorted.higherKey(checkedKey(key)));
        }
        Iterator<Object> keys = map.keySet().iterator();
        while (keys.hasNext()) {
            if (keys.next().equals(key)) {
                return keys.hasNext() ? (K) keys.next() : null;
            }
        }
        throw new EtsException("next(" + key + "): the key is not in " + describe()
                + " (a traversal of a " + type + " needs the key it is at)");
    }

    /** {@code ets:prev/2}: the key before {@code key} in an ordered set, or null; for the others, as {@link #next}. */
    @SuppressWarnings("unchecked")
    public K prev(K key) {
        checkRead();
        nonNull(key, "key");
        if (map instanceof ConcurrentSkipListMap<Object, Object> sorted) {
            return (K) ordered(key, () -> sorted.lowerKey(checkedKey(key)));
        }
        return next(key);
    }

    /**
     * The key's value (a bag's list), or null: a key that an ordered set cannot compare with its own keys is not in
     * it, as {@code ets:lookup/2} answers {@code []} for a key of another type (Erlang orders every term).
     */
    private Object find(Object key) {
        try {
            return map.get(key);
        } catch (ClassCastException notComparable) {
            return null;
        }
    }

    private static Object firstKey(ConcurrentSkipListMap<Object, Object> sorted) {
        Map.Entry<Object, Object> e = sorted.firstEntry();
        return e == null ? null : e.getKey();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Owners

    /**
     * {@code ets:give_away/3}: makes {@code to} the owner, which gets an {@link EtsTransfer} with {@code giftData}.
     * Only the owner may; {@code to} must be another live process of this node.
     */
    public void giveAway(Pid to, Object giftData) {
        ProcessImpl self = checkOwner("giveAway");
        ProcessImpl target = localLive(to, "giveAway");
        if (target == self) {
            throw new EtsException("giveAway: " + to + " owns " + describe() + " already");
        }
        home.transfer(this, self, target);
        home.node().send(target, new EtsTransfer(this, self, giftData));
    }

    /** {@code ets:setopts(T, {heir, Pid, Data})}: only the owner may. */
    public void setHeir(Pid newHeir, Object data) {
        checkOwner("setHeir");
        heirData = data;
        heir = Objects.requireNonNull(newHeir, "heir");
    }

    /** {@code ets:setopts(T, {heir, none})}. */
    public void clearHeir() {
        checkOwner("clearHeir");
        heir = null;
        heirData = null;
    }

    /**
     * {@code ets:rename/2}: the table's name becomes {@code newName}; {@link Ets#whereis} no longer finds it by the
     * old one. Whoever may write it may rename it (its owner, or anyone if it is public), as in ETS.
     *
     * @throws EtsException if another table of the node has that name (ETS's {@code badarg}), or if this table has no
     *     name (ETS would let an unnamed table be renamed to no effect: make it with {@link TableOptions#named})
     */
    public void rename(String newName) {
        Objects.requireNonNull(newName, "newName");
        checkWrite("rename");
        if (name == null) {
            throw new EtsException("rename: " + describe() + " has no name, so no name of it could change (ETS "
                    + "renames an unnamed table to no effect); make it with TableOptions.named(name)");
        }
        home.rename(this, newName);
    }

    /** {@code ets:delete/1}: deletes the table; its name is free again. The owner may, and anyone if it is public. */
    public void delete() {
        checkWrite("delete");
        home.delete(this);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For NodeTables

    ProcessImpl ownerProcess() {
        return owner;
    }

    void setOwner(ProcessImpl p) {
        owner = p;
    }

    void setName(String newName) {
        name = newName;
    }

    Object heirData() {
        return heirData;
    }

    /** The heir if it is a live process of this node other than the dying owner, else null. */
    ProcessImpl liveHeir(ProcessImpl dying) {
        Pid h = heir;
        if (!(h instanceof ProcessImpl p) || p == dying || p.exitReason() != null
                || p.node() != dying.node()) {
            return null;
        }
        return p;
    }

    /** True if this call deleted it. */
    boolean markDeleted() {
        if (deleted) {
            return false;
        }
        deleted = true;
        map.clear();
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Checks

    private boolean isBag() {
        return type == TableType.BAG || type == TableType.DUPLICATE_BAG;
    }

    /** Refuses, before any write, a key an ordered set can never order: one that is not {@code Comparable}. */
    private Object checkedKey(Object key) {
        if (map instanceof ConcurrentSkipListMap<Object, Object> sorted && sorted.comparator() == null
                && !(key instanceof Comparable<?>)) {
            throw new EtsException("an ORDERED_SET orders its keys: " + key.getClass().getName()
                    + " is not Comparable; give TableOptions.orderedBy(comparator) or use a SET");
        }
        return key;
    }

    /**
     * Runs a write on the map: an ordered set's own comparison of a key it cannot order with its keys (an
     * {@code Integer} among {@code Long}s) becomes an {@link EtsException}; no second comparison is made for it.
     */
    private <R> R ordered(Object key, java.util.function.Supplier<R> write) {
        try {
            return write.get();
        } catch (ClassCastException e) {
            throw new EtsException("the keys of an ORDERED_SET must be Comparable with each other: key " + key + " ("
                    + key.getClass().getSimpleName() + ") cannot be ordered with the keys of " + describe() + " ("
                    + e.getMessage() + "); use one key type (an Integer 1 and a Long 1 are two types), or "
                    + "TableOptions.orderedSet().orderedBy(comparator)");
        }
    }

    private void checkAlive() {
        if (deleted) {
            throw new EtsException(describe() + " was deleted (its owner died, or it was deleted)");
        }
    }

    private void checkRead() {
        checkAlive();
        if (access == Access.PRIVATE && ProcessImpl.current() != owner) {
            throw new EtsException(describe() + " is PRIVATE: only its owner " + owner + " reads it");
        }
    }

    private void checkWrite(String op) {
        checkAlive();
        if (access != Access.PUBLIC && ProcessImpl.current() != owner) {
            throw new EtsException(op + ": " + describe() + " is " + access + ": only its owner " + owner
                    + " writes it (make it with TableOptions.publicAccess() for every process to write)");
        }
    }

    private ProcessImpl checkOwner(String op) {
        checkAlive();
        ProcessImpl self = ProcessImpl.current();
        if (self != owner) {
            throw new EtsException(op + ": only the owner " + owner + " of " + describe() + " may, not "
                    + (self == null ? "thread " + Thread.currentThread() : self));
        }
        return self;
    }

    private ProcessImpl localLive(Pid to, String op) {
        if (!(to instanceof ProcessImpl p) || p.node() != owner.node()) {
            throw new EtsException(op + ": " + to + " is not a process of this table's node");
        }
        if (p.exitReason() != null) {
            throw new EtsException(op + ": " + to + " is not alive");
        }
        return p;
    }

    private static List<Object> append(Object old, Object value) {
        List<?> l = (List<?>) old;
        Object[] a = l.toArray(new Object[l.size() + 1]);
        a[l.size()] = value;
        return List.of(a);
    }

    /** Null refused, naming the table: a table holds no null, as ETS has none. */
    private <T> T nonNull(T x, String what) {
        if (x == null) {
            throw new NullPointerException(what + " must not be null: " + describe() + " holds no null keys or values "
                    + "(ETS has no null; use Optional or a value of your own for 'none')");
        }
        return x;
    }

    private String describe() {
        return name != null ? "table \"" + name + "\"" : "table " + Integer.toHexString(System.identityHashCode(this));
    }

    @Override
    public String toString() {
        return "Table[" + (name != null ? name : Integer.toHexString(System.identityHashCode(this))) + ", " + type
                + ", " + access + ", owner " + owner + (deleted ? ", deleted" : "") + "]";
    }
}
