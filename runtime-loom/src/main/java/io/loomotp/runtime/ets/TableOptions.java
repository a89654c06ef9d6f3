package io.loomotp.runtime.ets;

import io.loomotp.runtime.Pid;
import java.util.Comparator;
import java.util.Objects;

/**
 * How {@link Ets#newTable} makes a table: ETS's options of {@code ets:new/2}. {@code TableOptions.set()} (or
 * {@code orderedSet()}, {@code bag()}, {@code duplicateBag()}), then {@code .named("name")}, {@code .publicAccess()}
 * or {@code .privateAccess()} ({@code protected} by default), {@code .withHeir(pid, data)}.
 *
 * @param type how keys are kept
 * @param access who reads and writes
 * @param name the node-wide name ({@code named_table}), or null
 * @param heir the process that takes the table when its owner dies, or null (the table is deleted then)
 * @param heirData what the heir's {@link EtsTransfer} carries
 * @param comparator the key order of an {@link TableType#ORDERED_SET}, or null for the keys' natural order
 */
public record TableOptions(TableType type, Access access, String name, Pid heir, Object heirData,
        Comparator<Object> comparator) {
    public TableOptions {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("a table's name must not be blank");
        }
        if (comparator != null && type != TableType.ORDERED_SET) {
            throw new IllegalArgumentException("only an ORDERED_SET has a key order, not a " + type
                    + ": TableOptions.orderedSet().orderedBy(comparator)");
        }
    }

    /** A protected, unnamed {@code set}: ETS's defaults. */
    public static TableOptions set() {
        return new TableOptions(TableType.SET, Access.PROTECTED, null, null, null, null);
    }

    public static TableOptions orderedSet() {
        return set().withType(TableType.ORDERED_SET);
    }

    public static TableOptions bag() {
        return set().withType(TableType.BAG);
    }

    public static TableOptions duplicateBag() {
        return set().withType(TableType.DUPLICATE_BAG);
    }

    public TableOptions withType(TableType t) {
        return new TableOptions(t, access, name, heir, heirData, t == TableType.ORDERED_SET ? comparator : null);
    }

    /** ETS's {@code named_table}: found by {@link Ets#whereis} on the node; the name is the node's until deleted. */
    public TableOptions named(String tableName) {
        return new TableOptions(type, access, Objects.requireNonNull(tableName, "name"), heir, heirData, comparator);
    }

    public TableOptions withAccess(Access a) {
        return new TableOptions(type, a, name, heir, heirData, comparator);
    }

    public TableOptions publicAccess() {
        return withAccess(Access.PUBLIC);
    }

    public TableOptions privateAccess() {
        return withAccess(Access.PRIVATE);
    }

    /** ETS's {@code {heir, Pid, HeirData}}. */
    public TableOptions withHeir(Pid heirPid, Object data) {
        return new TableOptions(type, access, name, Objects.requireNonNull(heirPid, "heir"), data, comparator);
    }

    /**
     * The key order of an {@link TableType#ORDERED_SET}: {@code TableOptions.orderedSet().orderedBy(cmp)}.
     *
     * @throws IllegalArgumentException on another type, which has no key order
     */
    @SuppressWarnings("unchecked")
    public TableOptions orderedBy(Comparator<?> order) {
        return new TableOptions(type, access, name, heir, heirData,
                (Comparator<Object>) Objects.requireNonNull(order, "order"));
    }
}
