package io.loomotp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.loomotp.runtime.ets.Access;
import io.loomotp.runtime.ets.EtsException;
import io.loomotp.runtime.ets.EtsTransfer;
import io.loomotp.runtime.ets.Ets;
import io.loomotp.runtime.ets.Table;
import io.loomotp.runtime.ets.TableOptions;
import io.loomotp.runtime.ets.TableType;
import io.loomotp.runtime.testing.NodeExtension;
import io.loomotp.runtime.testing.Probe;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** ETS's semantics, from {@code ets_SUITE}'s shapes and the book's shell session and HLR (chapter 2). */
@ExtendWith(NodeExtension.class)
class EtsTest {

    /** The book's shell session: a named set, replace on insert, first/next, a match. */
    @Test
    void aNamedSet_asTheBooksShellSession(Node node) {
        Probe owner = Probe.spawn(node);
        Table<String, String> tab = owner.exec(() -> {
            Table<String, String> t = Ets.newTable(TableOptions.set().named("tab"));
            t.insert("haskell", "lazy");
            assertThat(t.lookup("haskell")).containsExactly("lazy");
            t.insert("haskell", "ghci");
            assertThat(t.lookup("haskell")).containsExactly("ghci");
            assertThat(t.lookup("racket")).isEmpty();
            t.insert("racket", "strict");
            t.insert("ocaml", "strict");
            return t;
        });
        assertThat(Ets.<String, String>whereis(node, "tab")).isSameAs(tab);
        assertThat(tab.size()).isEqualTo(3);
        List<String> keys = new java.util.ArrayList<>();
        for (String k = tab.first(); k != null; k = tab.next(k)) {
            keys.add(k);
        }
        assertThat(keys).containsExactlyInAnyOrder("haskell", "racket", "ocaml");
        assertThat(tab.select((k, v) -> v.equals("strict"))).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("racket", "ocaml");
        assertThatThrownBy(() -> tab.next("erlang")).isInstanceOf(EtsException.class)
                .hasMessageContaining("not in table \"tab\"");
    }

    @Test
    void insertNew_member_delete_deleteObject(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<Integer, String> t = Ets.newTable(TableOptions.set());
            assertThat(t.insertNew(1, "a")).isTrue();
            assertThat(t.insertNew(1, "b")).isFalse();
            assertThat(t.get(1)).isEqualTo("a");
            assertThat(t.member(1)).isTrue();
            t.deleteObject(1, "b");
            assertThat(t.member(1)).as("delete_object of another value keeps it").isTrue();
            t.deleteObject(1, "a");
            assertThat(t.member(1)).isFalse();
            t.insert(2, "x");
            t.delete(2);
            assertThat(t.get(2)).isNull();
            return null;
        });
    }

    @Test
    void bag_keepsAValueOnce_duplicateBagAsOftenAsInserted(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Integer> bag = Ets.newTable(TableOptions.bag());
            Table<String, Integer> dup = Ets.newTable(TableOptions.duplicateBag());
            for (Table<String, Integer> t : List.of(bag, dup)) {
                t.insert("k", 1);
                t.insert("k", 2);
                t.insert("k", 1);
            }
            assertThat(bag.lookup("k")).containsExactly(1, 2);
            assertThat(dup.lookup("k")).containsExactly(1, 2, 1);
            assertThat(dup.size()).isEqualTo(3);
            dup.deleteObject("k", 1);
            assertThat(dup.lookup("k")).containsExactly(2);
            dup.insert("k", 3);
            dup.insert("k", 3);
            dup.insert("j", 3);
            assertThat(dup.selectDelete((k, v) -> v == 3)).isEqualTo(3);
            assertThat(dup.toList()).containsExactly(Map.entry("k", 2));
            assertThat(bag.toList()).containsExactlyInAnyOrder(Map.entry("k", 1), Map.entry("k", 2));
            assertThatThrownBy(() -> bag.get("k")).isInstanceOf(EtsException.class).hasMessageContaining("lookup");
            assertThatThrownBy(() -> bag.updateCounter("k", 1)).isInstanceOf(EtsException.class);
            return null;
        });
    }

    @Test
    void orderedSet_walksInKeyOrder_andRefusesKeysItCannotOrder(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<Integer, String> t = Ets.newTable(TableOptions.orderedSet());
            for (int k : new int[] {5, 1, 3}) {
                t.insert(k, "v" + k);
            }
            assertThat(t.first()).isEqualTo(1);
            assertThat(t.next(1)).isEqualTo(3);
            assertThat(t.next(2)).as("an ordered set's next needs no present key").isEqualTo(3);
            assertThat(t.next(5)).isNull();
            assertThat(t.last()).isEqualTo(5);
            assertThat(t.prev(5)).isEqualTo(3);
            assertThat(t.toList()).extracting(Map.Entry::getKey).containsExactly(1, 3, 5);
            Table<Object, String> mixed = Ets.newTable(TableOptions.orderedSet());
            mixed.insert(1, "one");
            assertThatThrownBy(() -> mixed.insert("two", "two")).isInstanceOf(EtsException.class)
                    .hasMessageContaining("cannot be ordered");
            assertThatThrownBy(() -> mixed.insert(new Object(), "x")).isInstanceOf(EtsException.class)
                    .hasMessageContaining("not Comparable");
            Table<String, Integer> byLength = Ets.newTable(
                    TableOptions.orderedSet().orderedBy(Comparator.comparingInt(String::length)));
            byLength.insert("ccc", 3);
            byLength.insert("a", 1);
            assertThat(byLength.first()).isEqualTo("a");
            return null;
        });
    }

    /** The book's counters event handler: {@code ets:update_counter/3}, inserting 1 when it fails. */
    @Test
    void updateCounter_withAndWithoutAnInitialValue(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Long> t = Ets.newTable(TableOptions.set());
            assertThatThrownBy(() -> t.updateCounter("calls", 1)).isInstanceOf(EtsException.class)
                    .hasMessageContaining("no counter under key calls");
            assertThat(t.updateCounter("calls", 1, 0)).isEqualTo(1);
            assertThat(t.updateCounter("calls", 5)).isEqualTo(6);
            assertThat(t.get("calls")).isEqualTo(6L);
            Table<String, Object> notCounters = Ets.newTable(TableOptions.set());
            notCounters.insert("x", "text");
            assertThatThrownBy(() -> notCounters.updateCounter("x", 1)).isInstanceOf(EtsException.class)
                    .hasMessageContaining("not a counter");
            return null;
        });
    }

    @Test
    void access_protectedIsReadByAll_writtenByTheOwner_privateIsTheOwnersAlone(Node node) {
        Probe owner = Probe.spawn(node);
        Probe other = Probe.spawn(node);
        Table<String, Integer> prot = owner.exec(() -> {
            Table<String, Integer> t = Ets.newTable(TableOptions.set());
            t.insert("a", 1);
            return t;
        });
        Table<String, Integer> priv = owner.exec(() -> Ets.newTable(TableOptions.set().privateAccess()));
        Table<String, Integer> pub = owner.exec(() -> Ets.newTable(TableOptions.set().publicAccess()));
        assertThat(prot.access()).isEqualTo(Access.PROTECTED);
        assertThat(other.exec(() -> prot.get("a"))).isEqualTo(1);
        assertThatThrownBy(() -> other.exec(() -> {
            prot.insert("b", 2);
            return null;
        })).hasMessageContaining("is PROTECTED: only its owner");
        assertThat(prot.member("b")).isFalse();
        assertThatThrownBy(() -> other.exec(() -> priv.get("a"))).hasMessageContaining("is PRIVATE");
        assertThatThrownBy(() -> priv.lookup("a")).as("from a plain thread too").isInstanceOf(EtsException.class);
        other.exec(() -> {
            pub.insert("c", 3);
            return null;
        });
        assertThat(pub.get("c")).isEqualTo(3);
    }

    @Test
    void theOwnersDeath_deletesTheTable_andFreesItsName(Node node) {
        Probe owner = Probe.spawn(node);
        Table<String, Integer> t = owner.exec(() -> Ets.newTable(TableOptions.set().named("gone").publicAccess()));
        t.insert("a", 1);
        node.exit(owner.pid(), ExitReason.KILL);
        assertThat(t.exists()).isFalse();
        assertThatThrownBy(() -> t.get("a")).isInstanceOf(EtsException.class).hasMessageContaining("was deleted");
        assertThat(Ets.<String, Integer>whereis(node, "gone")).isNull();
        assertThat(Ets.all(node)).doesNotContain(t);
        Probe second = Probe.spawn(node);
        assertThat(second.exec(() -> Ets.newTable(TableOptions.set().named("gone")))).isNotNull();
    }

    /** A supervisor restarting a table's owner: the new owner makes the named table again, once it has the Down. */
    @Test
    void aMonitorOfTheOwner_seesItsTablesGone_whenItsDownArrives(Node node) {
        Probe watcher = Probe.spawn(node);
        Probe owner = Probe.spawn(node);
        owner.exec(() -> Ets.newTable(TableOptions.set().named("restarted")));
        MonitorRef ref = watcher.exec(() -> Process.monitor(owner.pid()));
        Pid ownerPid = owner.pid();
        node.spawn(() -> Process.exit(ownerPid, ExitReason.custom("crash")));
        assertThat(watcher.next(Down.class).ref()).isEqualTo(ref);
        assertThat(watcher.exec(() -> Ets.newTable(TableOptions.set().named("restarted"))).owner())
                .isEqualTo(watcher.pid());
    }

    @Test
    void anHeir_inheritsTheTable_whenTheOwnerDies(Node node) {
        Probe heir = Probe.spawn(node);
        Probe owner = Probe.spawn(node);
        Table<String, Integer> t = owner.exec(() -> {
            Table<String, Integer> made = Ets.newTable(TableOptions.set().withHeir(heir.pid(), "inherited"));
            made.insert("a", 1);
            return made;
        });
        node.exit(owner.pid(), ExitReason.KILL);
        EtsTransfer transfer = heir.next(EtsTransfer.class);
        assertThat(transfer).isEqualTo(new EtsTransfer(t, owner.pid(), "inherited"));
        assertThat(t.owner()).isEqualTo(heir.pid());
        heir.exec(() -> {
            t.insert("b", 2);
            return null;
        });
        assertThat(t.toList()).containsExactlyInAnyOrder(Map.entry("a", 1), Map.entry("b", 2));
        node.exit(heir.pid(), ExitReason.KILL);
        assertThat(t.exists()).as("no heir of its own: deleted with its second owner").isFalse();
    }

    @Test
    void anHeirThatIsDead_doesNotSaveTheTable(Node node) {
        Probe heir = Probe.spawn(node);
        Probe owner = Probe.spawn(node);
        Table<String, Integer> t = owner.exec(() -> Ets.newTable(TableOptions.set().withHeir(heir.pid(), null)));
        node.exit(heir.pid(), ExitReason.KILL);
        node.exit(owner.pid(), ExitReason.KILL);
        assertThat(t.exists()).isFalse();
    }

    @Test
    void giveAway_onlyByTheOwner_toALiveProcess(Node node) {
        Probe owner = Probe.spawn(node);
        Probe taker = Probe.spawn(node);
        Table<String, Integer> t = owner.exec(() -> Ets.newTable(TableOptions.set()));
        assertThatThrownBy(() -> taker.exec(() -> {
            t.giveAway(taker.pid(), "mine");
            return null;
        })).hasMessageContaining("only the owner");
        owner.exec(() -> {
            assertThatThrownBy(() -> t.giveAway(owner.pid(), null)).hasMessageContaining("already");
            t.giveAway(taker.pid(), "gift");
            return null;
        });
        assertThat(taker.next(EtsTransfer.class)).isEqualTo(new EtsTransfer(t, owner.pid(), "gift"));
        assertThatThrownBy(() -> owner.exec(() -> {
            t.insert("x", 1);
            return null;
        })).as("the old owner no longer writes").hasMessageContaining("PROTECTED");
        node.exit(owner.pid(), ExitReason.KILL);
        assertThat(t.exists()).as("the old owner's death is not the table's").isTrue();
        node.exit(taker.pid(), ExitReason.KILL);
        assertThat(t.exists()).isFalse();
    }

    @Test
    void misuses_giveClearErrors(Node node) {
        assertThatThrownBy(() -> Ets.newTable(TableOptions.set())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("owned by the process that makes it");
        Probe owner = Probe.spawn(node);
        owner.exec(() -> Ets.newTable(TableOptions.set().named("once")));
        assertThatThrownBy(() -> owner.exec(() -> Ets.newTable(TableOptions.set().named("once"))))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> TableOptions.set().orderedBy(Comparator.naturalOrder()).withType(TableType.BAG)
                .named(" ")).isInstanceOf(IllegalArgumentException.class);
        Table<String, Integer> t = owner.exec(() -> Ets.newTable(TableOptions.set()));
        owner.exec(() -> {
            t.delete();
            return null;
        });
        assertThatThrownBy(() -> t.size()).hasMessageContaining("was deleted");
        assertThatThrownBy(() -> owner.exec(() -> {
            t.insert(null, 1);
            return null;
        })).hasMessageContaining("deleted");
    }

    /** Counters do not wrap (Erlang's integers are bignums): an overflow is refused; an Integer counter stays one. */
    @Test
    void updateCounter_refusesOverflow_andKeepsAnIntegersType(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Long> longs = Ets.newTable(TableOptions.set());
            longs.insert("x", Long.MAX_VALUE);
            assertThatThrownBy(() -> longs.updateCounter("x", 1)).isInstanceOf(EtsException.class)
                    .hasMessageContaining("overflows");
            assertThat(longs.get("x")).isEqualTo(Long.MAX_VALUE);
            Table<String, Integer> ints = Ets.newTable(TableOptions.set());
            ints.insert("c", 0);
            assertThat(ints.updateCounter("c", 5)).isEqualTo(5);
            int read = ints.get("c"); // an Integer, not a Long
            assertThat(read).isEqualTo(5);
            ints.insert("max", Integer.MAX_VALUE);
            assertThatThrownBy(() -> ints.updateCounter("max", 1)).hasMessageContaining("overflows the counter's "
                    + "Integer");
            return null;
        });
    }

    /** Erlang orders every term: a key of another type is absent from an ordered set, not a ClassCastException. */
    @Test
    void orderedSet_readsAKeyOfAnotherType_asAbsent(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<Object, String> t = Ets.newTable(TableOptions.orderedSet());
            t.insert(1, "one");
            assertThat(t.lookup("x")).isEmpty();
            assertThat(t.get("x")).isNull();
            assertThat(t.member("x")).isFalse();
            t.delete("x");
            t.deleteObject("x", "one");
            assertThat(t.toList()).containsExactly(Map.entry(1, "one"));
            assertThatThrownBy(() -> t.insert(1L, "long one")).isInstanceOf(EtsException.class)
                    .hasMessageContaining("an Integer 1 and a Long 1 are two types");
            assertThatThrownBy(() -> TableOptions.set().orderedBy(Comparator.naturalOrder()))
                    .hasMessageContaining("TableOptions.orderedSet().orderedBy(comparator)");
            return null;
        });
    }

    /** ets:info answers any process, of a private table too; its contents stay the owner's. */
    @Test
    void info_ofAPrivateTable_answersAnyone(Node node) {
        Probe owner = Probe.spawn(node);
        Table<String, Integer> priv = owner.exec(() -> {
            Table<String, Integer> t = Ets.newTable(TableOptions.set().privateAccess().named("secret"));
            t.insert("a", 1);
            return t;
        });
        assertThat(priv.info().size()).isEqualTo(1);
        assertThat(priv.info().owner()).isEqualTo(owner.pid());
        assertThatThrownBy(() -> priv.get("a")).hasMessageContaining("is PRIVATE");
        assertThatThrownBy(() -> Ets.whereis("secret")).hasMessageContaining("Ets.whereis(node, name)");
    }

    @Test
    void take_removesAndReturns_inOneStep(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Integer> set = Ets.newTable(TableOptions.set());
            set.insert("a", 1);
            assertThat(set.take("a")).containsExactly(1);
            assertThat(set.member("a")).isFalse();
            assertThat(set.take("a")).as("ets:take of a missing key: []").isEmpty();
            Table<String, Integer> bag = Ets.newTable(TableOptions.duplicateBag());
            bag.insert("k", 1);
            bag.insert("k", 1);
            bag.insert("k", 2);
            assertThat(bag.take("k")).containsExactly(1, 1, 2);
            assertThat(bag.size()).isZero();
            Table<Integer, String> ordered = Ets.newTable(TableOptions.orderedSet());
            ordered.insert(1, "one");
            assertThat(ordered.take(2)).isEmpty();
            return null;
        });
        // protected: another process may not take
        Table<String, Integer> t = owner.exec(() -> {
            Table<String, Integer> p = Ets.newTable(TableOptions.set());
            p.insert("x", 1);
            return p;
        });
        Probe other = Probe.spawn(node);
        assertThatThrownBy(() -> other.exec(() -> t.take("x"))).isInstanceOf(EtsException.class)
                .hasMessageContaining("take: ").hasMessageContaining("PROTECTED");
        assertThat(t.get("x")).isEqualTo(1);
    }

    /** A record as the value, updated in place as {@code ets:update_element/3} updates a tuple's fields. */
    record Subscriber(String msisdn, int calls) {}

    @Test
    void update_replacesAValueAtomically_andSaysWhenTheKeyIsMissing(Node node) throws Exception {
        Probe owner = Probe.spawn(node);
        Table<String, Subscriber> t = owner.exec(() -> {
            Table<String, Subscriber> p = Ets.newTable(TableOptions.set().publicAccess());
            p.insert("alice", new Subscriber("0701", 0));
            assertThat(p.update("alice", s -> new Subscriber(s.msisdn(), s.calls() + 1))).isTrue();
            assertThat(p.update("bob", s -> s)).as("no such key: false, as ets:update_element").isFalse();
            assertThat(p.member("bob")).isFalse();
            return p;
        });
        assertThat(t.get("alice")).isEqualTo(new Subscriber("0701", 1));
        // many processes each add one: none is lost
        int writers = 20;
        int each = 100;
        List<Probe> probes = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            probes.add(Probe.spawn(node));
        }
        List<java.util.concurrent.Future<Object>> done = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Probe p : probes) {
                done.add(pool.submit(() -> p.exec(() -> {
                    for (int n = 0; n < each; n++) {
                        t.update("alice", s -> new Subscriber(s.msisdn(), s.calls() + 1));
                    }
                    return null;
                })));
            }
            for (var f : done) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(t.get("alice").calls()).isEqualTo(1 + writers * each);
        Probe other = Probe.spawn(node);
        assertThatThrownBy(() -> other.exec(() -> t.update("alice", s -> null)))
                .isInstanceOf(EtsException.class).hasMessageContaining("the change returned null");
        assertThat(t.get("alice").calls()).as("a refused change leaves the value").isEqualTo(1 + writers * each);
        Table<String, Integer> bag = owner.exec(() -> Ets.newTable(TableOptions.bag()));
        assertThatThrownBy(() -> owner.exec(() -> bag.update("k", v -> v))).isInstanceOf(EtsException.class)
                .hasMessageContaining("update works on a SET or ORDERED_SET");
    }

    @Test
    void selectCount_countsWhatSelectWouldReturn(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Integer> bag = Ets.newTable(TableOptions.duplicateBag());
            bag.insert("a", 1);
            bag.insert("a", 1);
            bag.insert("b", 2);
            bag.insert("c", 3);
            assertThat(bag.selectCount((k, v) -> v < 3)).isEqualTo(3).isEqualTo(bag.select((k, v) -> v < 3).size());
            assertThat(bag.selectCount((k, v) -> false)).isZero();
            return null;
        });
    }

    /** ets:foldl/3 and foldr/3: in key order (and reversed) for an ordered set; a bag's key once per value. */
    @Test
    void foldlAndFoldr_visitEveryObject_inKeyOrderForAnOrderedSet(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<Integer, String> ordered = Ets.newTable(TableOptions.orderedSet());
            for (int k : new int[] {3, 1, 2}) {
                ordered.insert(k, "v" + k);
            }
            assertThat(ordered.foldl("", (k, v, acc) -> acc + k)).isEqualTo("123");
            assertThat(ordered.foldr("", (k, v, acc) -> acc + k)).isEqualTo("321");
            assertThat(ordered.foldl(0, (k, v, acc) -> acc + k)).isEqualTo(6);
            Table<String, Integer> bag = Ets.newTable(TableOptions.duplicateBag());
            bag.insert("a", 1);
            bag.insert("a", 1);
            bag.insert("b", 5);
            assertThat(bag.foldl(0, (k, v, acc) -> acc + v)).isEqualTo(7);
            assertThat(bag.foldr(0, (k, v, acc) -> acc + 1)).isEqualTo(3);
            return null;
        });
    }

    /** ets:rename/2: the new name finds it, the old one does not; a name in use and a reader are refused. */
    @Test
    void rename_movesTheName_andRefusesATakenOneAndAReader(Node node) {
        Probe owner = Probe.spawn(node);
        Table<String, Integer> t = owner.exec(() -> {
            Table<String, Integer> a = Ets.newTable(TableOptions.set().named("before"));
            Ets.newTable(TableOptions.set().named("taken"));
            a.insert("k", 1);
            a.rename("after");
            assertThatThrownBy(() -> a.rename("taken")).isInstanceOf(EtsException.class)
                    .hasMessageContaining("a table named \"taken\" already exists");
            Table<String, Integer> unnamed = Ets.newTable(TableOptions.set());
            assertThatThrownBy(() -> unnamed.rename("x")).isInstanceOf(EtsException.class)
                    .hasMessageContaining("has no name");
            return a;
        });
        assertThat(Ets.<String, Integer>whereis(node, "before")).isNull();
        assertThat(Ets.<String, Integer>whereis(node, "after")).isSameAs(t);
        assertThat(t.name()).isEqualTo("after");
        assertThat(t.get("k")).isEqualTo(1);
        assertThatThrownBy(() -> t.rename("other")).isInstanceOf(EtsException.class)
                .hasMessageContaining("is PROTECTED");
        owner.exec(() -> {
            t.delete();
            return null;
        });
        assertThat(Ets.<String, Integer>whereis(node, "after")).isNull();
    }

    /** The change's own ClassCastException reaches the caller (it was taken for an absent key: a new user's finding). */
    @Test
    void update_aChangeThatThrowsClassCast_isNotTakenForAnAbsentKey(Node node) {
        Probe owner = Probe.spawn(node);
        owner.exec(() -> {
            Table<String, Object> t = Ets.newTable(TableOptions.set());
            t.insert("1", "not a number");
            assertThatThrownBy(() -> t.update("1", v -> (Integer) v + 1)).isInstanceOf(ClassCastException.class);
            assertThat(t.get("1")).isEqualTo("not a number");
            Table<Object, Integer> ordered = Ets.newTable(TableOptions.orderedSet());
            ordered.insert(1, 1);
            assertThat(ordered.update(1L, v -> v)).isFalse(); // a Long among Integers: not there
            assertThatThrownBy(() -> t.insert(null, "x")).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("key must not be null").hasMessageContaining("holds no null");
            return null;
        });
    }
}
