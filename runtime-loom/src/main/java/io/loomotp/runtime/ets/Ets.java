package io.loomotp.runtime.ets;

import io.loomotp.runtime.Node;
import io.loomotp.runtime.internal.NodeRuntime;
import io.loomotp.runtime.internal.ProcessImpl;
import io.loomotp.runtime.internal.Starts;
import java.util.List;
import java.util.Objects;

/**
 * Erlang's {@code ets} module: tables that a process owns and that every process of its node can read without a
 * message.
 *
 * <pre>{@code
 * Table<String, Pid> msisdn2pid = Ets.newTable(TableOptions.set().named("msisdn2pid").publicAccess());
 * msisdn2pid.insert("07123", Process.self());
 * Pid pid = Ets.<String, Pid>whereis("msisdn2pid").get("07123");
 * }</pre>
 *
 * <p>As in ETS: the process that makes a table owns it; a {@link Access#PROTECTED protected} table (the default) is
 * written by its owner only, a {@link Access#PRIVATE private} one also read by it only; when the owner dies the table
 * is deleted, unless it has an heir that is alive, which then owns it and gets an {@link EtsTransfer}; an owner may
 * {@link Table#giveAway give it away}. A refused operation throws {@link EtsException} (ETS's {@code badarg}).
 * Tables are the node's, not the cluster's: a table is never sent to another node.
 *
 * <p>Not ETS: keys and values are Java objects compared with {@code equals} (an ordered set with {@code compareTo} or
 * the options' comparator), not Erlang terms, so there are no match specifications: {@link Table#select} takes a
 * predicate. Values are stored as given, not copied: store immutable values (records), or a reader sees a writer's
 * later changes.
 */
public final class Ets {
    private Ets() {}

    /** Makes a table owned by the calling process: {@code ets:new/2}. */
    public static <K, V> Table<K, V> newTable(TableOptions options) {
        Objects.requireNonNull(options, "options");
        ProcessImpl self = ProcessImpl.currentOrThrow("Ets.newTable (a table is owned by the process that makes it)");
        return tables(self.node()).create(options, self);
    }

    /**
     * The table named {@code name} on the calling process's node, or null if none is: {@code ets:whereis/1}. The
     * type parameters are the caller's word, as a name in ETS carries no types.
     */
    public static <K, V> Table<K, V> whereis(String name) {
        ProcessImpl self = ProcessImpl.current();
        if (self == null) {
            throw new IllegalStateException("Ets.whereis(name) looks on the calling process's node; from thread "
                    + Thread.currentThread() + ", which is no process, name the node: Ets.whereis(node, name)");
        }
        return whereis(self.node(), name);
    }

    /** The table named {@code name} on {@code node}, or null; usable from any thread. */
    public static <K, V> Table<K, V> whereis(Node node, String name) {
        return whereis(Starts.runtime(node), name);
    }

    /** The tables of {@code node} that are not deleted: {@code ets:all/0}. */
    public static List<Table<?, ?>> all(Node node) {
        return tables(Starts.runtime(node)).all();
    }

    @SuppressWarnings("unchecked")
    private static <K, V> Table<K, V> whereis(NodeRuntime node, String name) {
        return (Table<K, V>) tables(node).named(Objects.requireNonNull(name, "name"));
    }

    static NodeTables tables(NodeRuntime node) {
        return node.extension(NodeTables.class, () -> new NodeTables(node));
    }
}
